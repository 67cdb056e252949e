"""The JSON Resume schema's own fixtures, its sample and its examples, through the importer.

Each ``test/__test__/<section>.json`` maps case names to résumés; the official spec
tests validate each case as a whole document and expect ``…Invalid`` cases (and
``invalid`` in ``schema.json``) to fail. Here every valid case must import, and every
invalid one must be refused naming the path where it differs from its valid twin and
the type expected there. ``dates.json`` holds bare dates, tried as a start date.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.importers.errors import ImportFileError
from app.importers.jsonresume import parse_json_resume
from app.importers.jsonresume_schema import partial_date
from app.importers.records import ProfileRecord
from app.importers.schema_errors import json_path
from app.models.candidates import ExtraKind, LanguageLevel, Source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "jsonresume"
CASES_DIR = FIXTURES / "test" / "__test__"
DOCUMENTS = ["sample.resume.json", *sorted(p.name for p in (FIXTURES / "examples").glob("*.json"))]
EXPECTED_TYPES = {str: "text", list: "a list", dict: "an object"}


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def cases(valid: bool) -> list[Any]:
    found = []
    for path in sorted(CASES_DIR.glob("*.json")):
        if path.name == "dates.json":
            continue
        for case, document in load(path).items():
            if case.lower().endswith("invalid") != valid:
                found.append(pytest.param(path.name, case, document, id=f"{path.stem}.{case}"))
    return found


def twin(file: str, case: str) -> Any:
    """The valid case an invalid one was written against (``titleInvalid`` → ``titleValid``)."""
    name = case.removesuffix("Invalid") + "Valid" if case.endswith("Invalid") else "valid"
    return load(CASES_DIR / file)[name]


def first_difference(
    valid: Any, invalid: Any, path: tuple[Any, ...] = ()
) -> tuple[tuple[Any, ...], Any]:
    """Where two documents first differ in type, and the valid one's value there."""
    if type(valid) is not type(invalid):
        return path, valid
    keys = range(len(valid)) if isinstance(valid, list) else valid.keys()
    for key in keys:
        found = first_difference(valid[key], invalid[key], (*path, key))
        if found[0]:
            return found
    return (), None


def test_every_fixture_file_is_covered():
    names = {p.name for p in CASES_DIR.glob("*.json")}
    assert len(names) == 15
    assert len(cases(valid=True)) >= 100
    assert len(cases(valid=False)) >= 90


@pytest.mark.parametrize(("file", "case", "document"), cases(valid=True))
def test_every_valid_case_imports(file, case, document):
    record = parse_json_resume(json.dumps(document).encode(), name=f"{file}:{case}")
    assert record.source is Source.JSON_RESUME


@pytest.mark.parametrize(("file", "case", "document"), cases(valid=False))
def test_every_invalid_case_is_refused_naming_the_path_and_the_problem(file, case, document):
    path, expected = first_difference(twin(file, case), document)
    with pytest.raises(ImportFileError) as caught:
        parse_json_resume(json.dumps(document).encode(), name=file)
    message = f"expected {EXPECTED_TYPES[type(expected)]}."
    assert caught.value.path == json_path(path)
    assert caught.value.describe() == f"{file}, {json_path(path)}: {message}"


@pytest.mark.parametrize(("case", "value"), load(CASES_DIR / "dates.json").items())
def test_dates_fixtures(case, value):
    document = json.dumps({"work": [{"position": "Dev", "startDate": value}]}).encode()
    if case == "invalid":
        with pytest.raises(ImportFileError) as caught:
            parse_json_resume(document, name="dates.json")
        assert caught.value.describe() == (
            "dates.json, work[0].startDate: expected a date such as 2025-09 or 2025-09-15."
        )
    else:
        expected = {"yearMonthDay": date(2013, 12, 2), "yearMonth": date(2013, 12, 1)}
        started = parse_json_resume(document, name="dates.json").positions[0].started_on
        assert started == expected.get(case, date(2013, 1, 1))


# What a few valid cases become (the rest are checked on the full documents below).
MAPPED = [
    ("basics.json", "nameValid", lambda r: (r.first_name, r.last_name), ("Richard", "Hendriks")),
    ("basics.json", "labelValid", lambda r: r.headline, "Programmer"),
    ("basics.json", "urlValid", lambda r: r.website, "http://richardhendricks.example.com"),
    ("basics.json", "locationRegionValid", lambda r: r.region, "California"),
    ("basics.json", "imageValid", lambda r: r == ProfileRecord(Source.JSON_RESUME), True),
    (
        "work.json",
        "positionValid",
        lambda r: (r.positions[0].title, r.positions[0].is_current),
        ("CEO/President", True),
    ),
    ("work.json", "endDateValid2", lambda r: r.positions, []),  # nothing names the position
    ("education.json", "studyTypeValid", lambda r: r.educations[0].degree, "Bachelor"),
    (
        "education.json",
        "coursesItemValid",
        lambda r: [e.title for e in r.extras],
        ["DB1101 - Basic SQL"],
    ),
    ("skills.json", "keywordsItemValid", lambda r: r.skills, ["HTML"]),
    ("languages.json", "fluencyValid", lambda r: r.languages, []),  # a fluency without a language
    (
        "certificates.json",
        "nameValid",
        lambda r: r.certifications[0].name,
        "Software Development Technician Level 3",
    ),
    (
        "interests.json",
        "nameValid",
        lambda r: [(e.kind, e.title) for e in r.extras],
        [(ExtraKind.INTEREST, "Wildlife")],
    ),
    ("references.json", "referenceValid", lambda r: "recommend" in repr(r), False),
    ("schema.json", "valid", lambda r: r.first_name, ""),
]


@pytest.mark.parametrize(
    ("file", "case", "get", "expected"), MAPPED, ids=[f"{f}.{c}" for f, c, *_ in MAPPED]
)
def test_what_valid_cases_become(file, case, get, expected):
    record = parse_json_resume(json.dumps(load(CASES_DIR / file)[case]).encode(), name=file)
    assert get(record) == expected


# --- the sample and the examples -------------------------------------------------

# Fields the importer does not keep, on purpose (Rallier has no place for them, or they
# are other people's words); everything else a document holds must reach the record.
NOT_KEPT = {
    "$schema",
    "basics.name",  # split into first and last names (checked below)
    "basics.image",
    "basics.location.address",
    "basics.location.postalCode",
    "basics.profiles[].network",
    "basics.profiles[].username",
    "basics.profiles[].url",  # the LinkedIn one is kept, normalized (checked below)
    "work[].description",
    "work[].url",
    "volunteer[].url",
    "education[].url",
    "education[].score",
    "skills[].level",
    "languages[].language",  # kept as an ISO code (checked below)
    "languages[].fluency",  # kept as a level (checked below)
    "projects[].keywords[]",
    "projects[].type",
    "references[].name",
    "references[].reference",
    "meta.canonical",
    "meta.version",
    "meta.lastModified",
}


def leaves(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [
            leaf
            for key, item in value.items()
            for leaf in leaves(item, f"{path}.{key}".lstrip("."))
        ]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item, f"{path}[]")]
    return [(path, value)]


def record_values(record: Any) -> tuple[str, set[date]]:
    texts: list[str] = []
    dates: set[date] = set()

    def walk(value: Any) -> None:
        if isinstance(value, date):
            dates.add(value)
        elif isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))

    walk(record)
    return "\n".join(texts), dates


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_full_document_keeps_everything_but_what_is_documented_as_dropped(name):
    path = FIXTURES / name if name == "sample.resume.json" else FIXTURES / "examples" / name
    document = load(path)
    record = parse_json_resume(path.read_bytes(), name=name)
    text, dates = record_values(record)
    checked = 0
    for where, value in leaves(document):
        if where in NOT_KEPT or value == "":
            continue
        checked += 1
        if where.endswith(("Date", ".date")):
            assert partial_date(value) in dates, where
        else:
            assert value in text, where
    assert checked > 40
    for reference in document.get("references", []):
        assert reference["reference"] not in text
        assert reference["name"] not in text


def test_the_official_sample():
    record = parse_json_resume((FIXTURES / "sample.resume.json").read_bytes(), name="sample")
    assert (record.first_name, record.last_name, record.email) == (
        "Richard",
        "Hendriks",
        "richard.hendriks@mail.com",
    )
    assert (record.city, record.region, record.country) == ("San Francisco", "California", "US")
    assert record.linkedin_url == ""  # Twitter and SoundCloud only
    [position] = record.positions
    assert (position.title, position.company, position.location) == (
        "CEO/President",
        "Pied Piper",
        "Palo Alto, CA",
    )
    assert (position.started_on, position.finished_on, position.is_current) == (
        date(2013, 12, 1),
        date(2014, 12, 1),
        False,
    )
    assert position.description.endswith(
        "\n- Optimized an algorithm that holds the current world record for Weisman Scores"
    )
    assert record.skills[:4] == ["Web Development", "HTML", "CSS", "Javascript"]
    assert [(lang.language, lang.level) for lang in record.languages] == [
        ("en", LanguageLevel.NATIVE_OR_BILINGUAL)
    ]
    assert [(v.organization_name, v.role) for v in record.volunteering] == [
        ("CoderDojo", "Teacher")
    ]
    assert [(e.kind, e.title, e.subtitle, e.started_on) for e in record.extras] == [
        (ExtraKind.AWARD, "Digital Compression Pioneer Award", "Techcrunch", date(2014, 11, 1)),
        (ExtraKind.PROJECT, "Miss Direction", "Team lead, Designer — Smoogle", date(2016, 8, 24)),
        (ExtraKind.COURSE, "DB1101 - Basic SQL", "University of Oklahoma", None),
        (ExtraKind.COURSE, "CS2011 - Java Introduction", "University of Oklahoma", None),
        (ExtraKind.PUBLICATION, "Video compression for 3d media", "Hooli", date(2014, 10, 1)),
        (ExtraKind.INTEREST, "Wildlife", "", None),
    ]
    assert record.extras[-1].description == "Ferrets, Unicorns"


@pytest.mark.parametrize(
    ("name", "first", "last", "linkedin", "languages"),
    [
        (
            "new-grad.resume.json",
            "Maya",
            "Okonkwo",
            "maya-okonkwo",
            [("en", LanguageLevel.NATIVE_OR_BILINGUAL), ("Igbo", LanguageLevel.LIMITED_WORKING)],
        ),
        (
            "senior-engineer.resume.json",
            "Lena",  # "Dr. Lena Vasquez": the title is not a name
            "Vasquez",
            "lena-vasquez-eng",
            [
                ("en", LanguageLevel.NATIVE_OR_BILINGUAL),
                ("es", LanguageLevel.FULL_PROFESSIONAL),
                ("pt", LanguageLevel.PROFESSIONAL_WORKING),
            ],
        ),
        (
            "career-changer.resume.json",
            "Daniel",
            "Reyes",
            "danielreyesdata",
            [("en", LanguageLevel.NATIVE_OR_BILINGUAL), ("es", LanguageLevel.NATIVE_OR_BILINGUAL)],
        ),
    ],
)
def test_the_official_examples(name, first, last, linkedin, languages):
    record = parse_json_resume((FIXTURES / "examples" / name).read_bytes(), name=name)
    assert (record.first_name, record.last_name) == (first, last)
    assert record.linkedin_url == f"https://www.linkedin.com/in/{linkedin}"
    assert [(lang.language, lang.level) for lang in record.languages] == languages
    assert record.country == "US"


def test_the_examples_current_position_and_volunteering():
    senior = parse_json_resume(
        (FIXTURES / "examples" / "senior-engineer.resume.json").read_bytes(), name="s"
    )
    assert (senior.positions[0].company, senior.positions[0].is_current) == ("Confluent", True)
    assert all(not p.is_current for p in senior.positions[1:])
    changer = parse_json_resume(
        (FIXTURES / "examples" / "career-changer.resume.json").read_bytes(), name="c"
    )
    assert changer.positions[2].company == "Café Lumen"
    assert [v.organization_name for v in changer.volunteering] == [
        "Central Texas Food Bank",
        "Austin Free-Net",
    ]
    assert changer.certifications[0].authority == "Google / Coursera"
