"""A profile goes out as JSON Resume and comes back without loss; bad JSON never crashes.

Extras come back grouped by kind, in :class:`ExtraKind`'s order (JSON Resume keeps
awards, projects… in sections of their own); everything else comes back equal.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import string
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from app.importers.errors import ImportFileError
from app.importers.jsonresume import (
    SCHEMA_URL,
    parse_json_resume,
    record_from_dict,
    to_json_resume,
)
from app.importers.jsonresume_schema import SCHEMA_PATH
from app.importers.records import (
    AvailabilityRecord,
    BoardServiceRecord,
    CertificationRecord,
    EducationRecord,
    ExtraRecord,
    LanguageRecord,
    PositionRecord,
    ProfileRecord,
    VolunteeringRecord,
)
from app.importers.vocab import LANGUAGE_NAMES
from app.models.candidates import ExtraKind, LanguageLevel, Source, WorkMode

OFFICIAL = Draft7Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
SAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures/jsonresume/sample.resume.json").read_text(
        encoding="utf-8"
    )
)
ROUND_TRIP = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def round_trip(record: ProfileRecord) -> ProfileRecord:
    document = to_json_resume(record)
    OFFICIAL.validate(document)
    data = json.dumps(document, ensure_ascii=False, indent=2).encode()
    return parse_json_resume(data, name="export.json")


def as_read_back(record: ProfileRecord) -> ProfileRecord:
    kinds = list(ExtraKind)
    extras = sorted(record.extras, key=lambda extra: kinds.index(extra.kind))
    return dataclasses.replace(record, source=Source.JSON_RESUME, extras=extras)


# --- strategies --------------------------------------------------------------------

# Stored text has no control characters and no surrounding spaces (the importer cleans
# both); anything else goes, accents, apostrophes and emoji included.
CHARACTERS = st.characters(exclude_categories=("Cc", "Cs"))


def text(size: int, *, required: bool = False) -> st.SearchStrategy[str]:
    words = st.text(CHARACTERS, max_size=size).map(str.strip)
    return words.filter(bool) if required else words


NAMES = st.sampled_from(
    [
        "Marie-Ève",
        "Jean-François",
        "D’Amours",
        "O'Brien",
        "de la Fontaine",
        "van Beethoven",
        "Le Blanc",
        "Nguyễn Thị",
        "Zoë",
        "",
    ]
)
DATES = st.none() | st.dates(date(1000, 1, 1), date(2999, 12, 31))
HANDLES = st.text(string.ascii_lowercase + string.digits + "-é", min_size=3, max_size=30)
LANGUAGES = st.sampled_from([*LANGUAGE_NAMES, "ja", "Wolof", "Langue des signes québécoise"])


@st.composite
def records(draw: st.DrawFn) -> ProfileRecord:
    return ProfileRecord(
        source=draw(st.sampled_from(Source)),
        first_name=draw(NAMES | text(120)),
        last_name=draw(NAMES | text(120)),
        email=draw(st.just("") | st.emails().filter(lambda e: len(e) <= 254)),
        phone=draw(text(50)),
        city=draw(st.sampled_from(["Montréal", "Trois-Rivières", ""]) | text(120)),
        region=draw(text(120)),
        country=draw(
            st.just("")
            | st.text(string.ascii_uppercase, min_size=2, max_size=2).filter(lambda c: c != "UK")
        ),
        headline=draw(text(300)),
        summary=draw(text(2000)),
        website=draw(text(500)),
        linkedin_url=draw(st.just("") | HANDLES.map("https://www.linkedin.com/in/{}".format)),
        positions=draw(st.lists(positions(), max_size=3)),
        educations=draw(st.lists(educations(), max_size=2)),
        skills=draw(st.lists(text(200, required=True), max_size=5, unique=True)),
        languages=draw(
            st.lists(
                st.builds(LanguageRecord, LANGUAGES, st.none() | st.sampled_from(LanguageLevel)),
                max_size=4,
                unique_by=lambda language: language.language,
            )
        ),
        volunteering=draw(st.lists(volunteering(), max_size=2)),
        causes=draw(st.lists(text(200, required=True), max_size=3, unique=True)),
        certifications=draw(st.lists(certifications(), max_size=2)),
        board_services=draw(st.lists(board_services(), max_size=2)),
        extras=draw(st.lists(extras(), max_size=6)),
        availability=draw(st.none() | availability()),
    )


def positions() -> st.SearchStrategy[PositionRecord]:
    return st.builds(
        PositionRecord,
        title=text(200, required=True),
        company=text(200),
        location=text(200),
        description=text(500),
        started_on=DATES,
        finished_on=DATES,
        is_current=st.booleans(),
    )


def educations() -> st.SearchStrategy[EducationRecord]:
    return st.builds(EducationRecord, text(200, required=True), text(200), text(200), DATES, DATES)


def volunteering() -> st.SearchStrategy[VolunteeringRecord]:
    return st.builds(
        VolunteeringRecord,
        text(200, required=True),
        text(200),
        text(200),
        text(500),
        DATES,
        DATES,
    )


def certifications() -> st.SearchStrategy[CertificationRecord]:
    return st.builds(
        CertificationRecord, text(200, required=True), text(200), text(500), DATES, DATES
    )


def board_services() -> st.SearchStrategy[BoardServiceRecord]:
    roles = st.sampled_from(["member", "chair", "vice_chair", "treasurer", "secretary"])
    return st.builds(
        BoardServiceRecord, text(200, required=True), roles | text(100), text(200), DATES, DATES
    )


def extras() -> st.SearchStrategy[ExtraRecord]:
    return st.builds(
        ExtraRecord,
        st.sampled_from(ExtraKind),
        text(300, required=True),
        text(300),
        text(500),
        text(500),
        DATES,
        DATES,
    )


def availability() -> st.SearchStrategy[AvailabilityRecord]:
    def subset(*values: str) -> st.SearchStrategy[list[str]]:
        return st.lists(st.sampled_from(values), unique=True)

    return st.builds(
        AvailabilityRecord,
        st.none() | st.integers(0, 168),
        subset("volunteer", "staff", "board"),
        subset("weekdays", "evenings", "weekends"),
        DATES,
        st.none() | st.sampled_from(WorkMode),
    )


# --- round trip --------------------------------------------------------------------

FULL = ProfileRecord(
    source=Source.FORM,
    first_name="Marie-Ève",
    last_name="D’Amours-Tremblay",
    email="marie-eve@example.org",
    phone="+1 514 555-0101",
    city="Montréal",
    region="Québec",
    country="CA",
    headline="Coordonnatrice des bénévoles",
    summary="J’aime « rallier » les gens.\nDeuxième ligne.",
    website="https://marie-eve.example.org",
    linkedin_url="https://www.linkedin.com/in/marie-ève-d-amours",
    positions=[
        PositionRecord(
            "Coordonnatrice",
            "Banque alimentaire",
            "Montréal",
            "",
            date(2021, 3, 1),
            is_current=True,
        ),
        PositionRecord(
            "Stagiaire", "Centraide", started_on=date(2019, 5, 15)
        ),  # ended, date unknown
        PositionRecord("Conseillère", "Ville", finished_on=date(2020, 6, 30), is_current=True),
    ],
    educations=[
        EducationRecord(
            "UQAM", "Baccalauréat", "Travail social", date(2015, 9, 1), date(2018, 5, 1)
        )
    ],
    skills=["comptabilité", "gestion de bénévoles", "Excel"],
    languages=[
        LanguageRecord("fr", LanguageLevel.NATIVE_OR_BILINGUAL),
        LanguageRecord("en", LanguageLevel.PROFESSIONAL_WORKING),
        LanguageRecord("Wolof"),
    ],
    volunteering=[
        VolunteeringRecord(
            "Moisson Montréal", "Trieuse", "sécurité alimentaire", "Tri des dons.", date(2020, 1, 1)
        )
    ],
    causes=["sécurité alimentaire", "santé mentale"],
    certifications=[
        CertificationRecord("RCR", "Croix-Rouge", "", date(2024, 2, 1), date(2026, 2, 1))
    ],
    board_services=[BoardServiceRecord("CPE Les Lucioles", "treasurer", "Audit", date(2022, 1, 1))],
    extras=[
        ExtraRecord(ExtraKind.MEMBERSHIP, "Ordre des CPA", "Membre"),
        ExtraRecord(
            ExtraKind.AWARD,
            "Bénévole de l’année",
            "Centraide",
            "",
            "https://a.example",
            date(2023, 4, 1),
            date(2023, 4, 2),
        ),
        ExtraRecord(ExtraKind.INTEREST, "Plein air", description="Kayak, randonnée, ski de fond"),
        ExtraRecord(ExtraKind.COURSE, "Gouvernance 101", "Collège des administrateurs"),
    ],
    availability=AvailabilityRecord(
        4, ["volunteer", "board"], ["evenings"], date(2026, 1, 1), WorkMode.ANY
    ),
)


def test_a_full_profile_comes_back_equal():
    assert round_trip(FULL) == as_read_back(FULL)


def test_an_empty_profile_comes_back_empty():
    empty = ProfileRecord(source=Source.FORM)
    assert to_json_resume(empty) == {"$schema": SCHEMA_URL, "meta": {"version": "v1.0.0"}}
    assert round_trip(empty) == ProfileRecord(source=Source.JSON_RESUME)


def test_the_export_speaks_json_resume_first():
    document = to_json_resume(FULL)
    assert document["$schema"] == SCHEMA_URL
    assert document["basics"]["name"] == "Marie-Ève D’Amours-Tremblay"
    assert document["basics"]["location"] == {
        "city": "Montréal",
        "region": "Québec",
        "countryCode": "CA",
    }
    assert document["basics"]["profiles"] == [
        {
            "network": "LinkedIn",
            "username": "marie-ève-d-amours",
            "url": "https://www.linkedin.com/in/marie-ève-d-amours",
        }
    ]
    assert document["work"][0] == {
        "name": "Banque alimentaire",
        "position": "Coordonnatrice",
        "location": "Montréal",
        "startDate": "2021-03",
    }
    assert document["work"][1]["current"] is False  # no end date, yet not current
    assert document["work"][2]["current"] is True
    assert document["languages"] == [
        {"language": "French", "fluency": "Native or bilingual"},
        {"language": "English", "fluency": "Professional working"},
        {"language": "Wolof"},
    ]
    assert document["skills"] == [
        {"name": "comptabilité"},
        {"name": "gestion de bénévoles"},
        {"name": "Excel"},
    ]
    assert document["interests"] == [
        {"name": "Plein air", "keywords": ["Kayak", "randonnée", "ski de fond"]}
    ]
    assert document["awards"][0]["date"] == "2023-04"
    assert document["awards"][0]["endDate"] == "2023-04-02"
    assert document["availability"] == {
        "hoursPerWeek": 4,
        "roleKinds": ["volunteer", "board"],
        "schedule": ["evenings"],
        "availableFrom": "2026-01",
        "workMode": "any",
    }
    assert document["boardService"] == [
        {
            "organization": "CPE Les Lucioles",
            "committee": "Audit",
            "startDate": "2022-01",
            "role": "treasurer",
        }
    ]


def test_an_empty_availability_is_not_the_same_as_none():
    record = ProfileRecord(source=Source.FORM, availability=AvailabilityRecord())
    assert to_json_resume(record)["availability"] == {}
    assert round_trip(record).availability == AvailabilityRecord()


@given(records())
@example(FULL)
@ROUND_TRIP
def test_any_profile_comes_back_equal(record):
    assert round_trip(record) == as_read_back(record)


# --- fuzzing -----------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = [
    *SAMPLE,
    "bio", "hobbies", "availability", "causes", "boardService", "courses", "memberships",
]  # fmt: skip


def paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        found += [p for key, item in value.items() for p in paths(item, (*path, key))]
    elif isinstance(value, list):
        found += [p for n, item in enumerate(value) for p in paths(item, (*path, n))]
    return found


SAMPLE_PATHS = paths(SAMPLE)[1:]


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    document = copy.deepcopy(document)
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


def either_record_or_refusal(data: bytes) -> None:
    try:
        record = parse_json_resume(data, name="fuzz.json")
    except ImportFileError as error:
        assert error.describe().startswith("fuzz.json")
    else:
        assert record.source is Source.JSON_RESUME


@given(st.binary(max_size=2000))
@FUZZ
def test_random_bytes_give_a_record_or_a_refusal(data):
    either_record_or_refusal(data)


@given(st.sampled_from(SAMPLE_PATHS), JSON_VALUES)
@FUZZ
def test_a_mutated_sample_gives_a_record_or_a_refusal(path, value):
    either_record_or_refusal(json.dumps(replaced(SAMPLE, path, value)).encode())


@given(st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=4))
@FUZZ
def test_random_sections_give_a_record_or_a_refusal(document):
    either_record_or_refusal(json.dumps(document).encode())
    with contextlib.suppress(ImportFileError):  # any other exception fails
        record_from_dict(document, name="fuzz.json")


@given(st.binary(min_size=1, max_size=50), st.integers(0, 4000))
@FUZZ
def test_bytes_spliced_into_the_sample_give_a_record_or_a_refusal(junk, at):
    data = json.dumps(SAMPLE).encode()
    either_record_or_refusal(data[:at] + junk + data[at:])
