"""JSON Resume in: decoding, pre-1.0 keys, Rallier's extensions, mapping, and refusals."""

from __future__ import annotations

import codecs
import json
from datetime import date
from typing import Any

import pytest
from flask_babel import force_locale
from flask_babel.speaklater import LazyString

from app.importers.errors import ImportFileError
from app.importers.jsonresume import (
    MAX_RESUME_BYTES,
    parse_json_resume,
    record_from_dict,
    split_name,
)
from app.importers.jsonresume_schema import ISO_DATE, SCHEMA_PATH
from app.importers.records import AvailabilityRecord, BoardServiceRecord, ExtraRecord
from app.models.candidates import ExtraKind, LanguageLevel, Source, WorkMode

MARIE = {"basics": {"name": "Marie-Ève D’Amours", "email": "marie@example.org"}}


def parse(document: Any, name: str = "cv.json"):  # type: ignore[no-untyped-def]
    return parse_json_resume(json.dumps(document, ensure_ascii=False).encode(), name=name)


def refusal(data: bytes | Any, name: str = "cv.json") -> ImportFileError:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(ImportFileError) as caught:
        parse_json_resume(raw, name=name)
    assert isinstance(caught.value.message, LazyString)  # translated when shown
    return caught.value


# --- bytes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_every_unicode_encoding_is_read(encoding):
    text = json.dumps(MARIE, ensure_ascii=False)
    record = parse_json_resume(text.encode(encoding), name="cv.json")
    assert (record.first_name, record.last_name) == ("Marie-Ève", "D’Amours")
    assert record.source is Source.JSON_RESUME


def test_a_utf16_file_with_its_bom_is_read():
    data = codecs.BOM_UTF16_LE + json.dumps(MARIE, ensure_ascii=False).encode("utf-16-le")
    assert parse_json_resume(data, name="cv.json").email == "marie@example.org"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "cv.json: The file is empty."),
        (b"\xef\xbb\xbf  \n", "cv.json: The file is empty."),
        (
            b'{\n"basics": {"name": "Caf\xe9"}}',
            "cv.json, line 2: The text encoding of this file could not be read",
        ),
        (b"\xff\xfe{\x00\x00\xd8", "cv.json: The text encoding of this file could not be read"),
        (
            b'{\n  "basics": {\n    "name": "A"\n    "email": "a@b.c"}}',
            "cv.json, line 4: This is not valid JSON at column 5 (Expecting ',' delimiter).",
        ),
        (b"[" * 100_000, "cv.json: The JSON is nested too deeply."),
        (b'{"x": ' + b"9" * 5000 + b"}", "cv.json: This is not valid JSON (Exceeds the limit"),
        (b"[]", "cv.json: The file must hold one JSON object, a résumé."),
        (b'"basics"', "cv.json: The file must hold one JSON object, a résumé."),
    ],
)
def test_bad_bytes_are_refused_saying_where(data, expected):
    assert refusal(data).describe().startswith(expected)


def test_a_file_over_two_megabytes_is_refused_before_reading():
    data = b"{" + b" " * MAX_RESUME_BYTES + b"}"
    assert refusal(data).describe() == "cv.json: The file is larger than 2 MB."
    assert parse_json_resume(data[: MAX_RESUME_BYTES - 10] + b"}", name="cv.json").email == ""


def test_record_from_dict_validates_like_a_file_and_leaves_its_input_alone():
    document = {"work": [{"company": "Hooli", "position": "Dev"}]}
    assert record_from_dict(document, name="x").positions[0].company == "Hooli"
    assert document == {"work": [{"company": "Hooli", "position": "Dev"}]}
    with pytest.raises(ImportFileError, match="one JSON object"):
        record_from_dict([document], name="x")  # type: ignore[arg-type]


# --- pre-1.0 keys ------------------------------------------------------------------

PRE_1_0 = {
    "bio": {
        "firstName": "Jean-François",
        "lastName": "de la Fontaine",
        "picture": "me.png",
        "website": "https://jf.example.org",
        "location": {"city": "Québec", "state": "QC", "countryCode": "CA"},
    },
    "work": [
        {"company": "Pied Piper", "position": "CEO", "website": "https://pp.example.com"},
        {"company": "Old name", "name": "New name", "position": "CTO"},
    ],
    "volunteer": [{"organization": "CoderDojo", "website": "https://cd.example.com"}],
    "education": [{"institution": "Université Laval", "gpa": "3.9"}],
    "awards": [{"title": "Prix", "awardDate": "2014-11"}],
    "publications": [{"name": "Article", "website": "https://pub.example.com"}],
    "languages": [{"name": "Français", "level": "Native speaker"}],
    "hobbies": [{"name": "Ferrets", "keywords": ["Unicorns"]}],
}


def test_pre_1_0_keys_are_read_as_their_current_names():
    record = parse(PRE_1_0)
    assert (record.first_name, record.last_name) == ("Jean-François", "de la Fontaine")
    assert (record.website, record.city, record.region) == (
        "https://jf.example.org",
        "Québec",
        "QC",
    )
    assert [(p.company, p.title) for p in record.positions] == [
        ("Pied Piper", "CEO"),
        ("New name", "CTO"),  # the current key wins over the old one
    ]
    assert record.volunteering[0].organization_name == "CoderDojo"
    assert record.educations[0].school == "Université Laval"
    assert [(lang.language, lang.level) for lang in record.languages] == [
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL)
    ]
    assert [(e.kind, e.title, e.started_on, e.url, e.description) for e in record.extras] == [
        (ExtraKind.AWARD, "Prix", date(2014, 11, 1), "", ""),
        (ExtraKind.PUBLICATION, "Article", None, "https://pub.example.com", ""),
        (ExtraKind.INTEREST, "Ferrets", None, "", "Unicorns"),
    ]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"work": [{"company": 7}]}, "cv.json, work[0].company: expected text."),
        ({"awards": [{}, {"awardDate": "11/2014"}]}, "awards[1].awardDate: expected a date"),
        ({"bio": []}, "cv.json, bio: expected an object."),
        ({"basics": {"website": None}}, "basics.website: expected text."),
        ({"languages": [{"level": 3}]}, "languages[0].level: expected text."),
    ],
)
def test_errors_name_old_keys_as_the_file_spells_them(document, expected):
    assert expected in refusal(document).describe()


# --- validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "path", "message"),
    [
        ({"work": [{}, {}, {"startDate": "2013-12-021"}]}, "work[2].startDate", "expected a date"),
        ({"work": [{"endDate": "2013-13"}]}, "work[0].endDate", "this date does not exist."),
        ({"certificates": [{"expiryDate": "2025-02-30"}]}, "certificates[0].expiryDate", "exist"),
        ({"availability": {"hoursPerWeek": "four"}}, "availability.hoursPerWeek", "a whole number"),
        ({"availability": {"hoursPerWeek": 4.5}}, "availability.hoursPerWeek", "a whole number"),
        ({"availability": {"hoursPerWeek": 200}}, "availability.hoursPerWeek", "at most 168"),
        (
            {"availability": {"roleKinds": ["donor"]}},
            "availability.roleKinds[0]",
            "volunteer, staff",
        ),
        (
            {"availability": {"schedule": ["evenings", "evenings"]}},
            "availability.schedule",
            "twice",
        ),
        ({"availability": {"workMode": "Remote"}}, "availability.workMode", "in_person, remote"),
        ({"availability": {"availableFrom": "soon"}}, "availability.availableFrom", "a date"),
        ({"availability": []}, "availability", "expected an object."),
        ({"causes": ["faim", 3]}, "causes[1]", "expected text."),
        (
            {"boardService": [{"organization": "CA", "endDate": "2020-00"}]},
            "boardService[0].endDate",
            "exist",
        ),
        ({"basics": {"givenName": ["Jean"]}}, "basics.givenName", "expected text."),
        ({"work": [{"current": "yes"}]}, "work[0].current", "true or false"),
        ({"volunteer": [{"cause": {}}]}, "volunteer[0].cause", "expected text."),
        ({"memberships": {"name": "x"}}, "memberships", "expected a list."),
        ({"interests": [{"url": 5}]}, "interests[0].url", "expected text."),
        ({"work": [{"position": "x" * 201}]}, "work[0].position", "at most 200 characters."),
        ({"basics": {"email": "a" * 255}}, "basics.email", "at most 254 characters."),
        ({"skills": [{"keywords": ["ok", "y" * 201]}]}, "skills[0].keywords[1]", "at most 200"),
        ({"basics": {"name": "Jean " + "x" * 121}}, "basics.name", "at most 120 characters."),
    ],
)
def test_invalid_values_are_refused_naming_the_path(document, path, message):
    error = refusal(document)
    assert error.path == path
    assert message in str(error.message)
    assert error.describe().startswith(f"cv.json, {path}: ")


def test_the_first_problem_in_path_order_is_reported():
    document = {"work": [{}, {}, {"endDate": 1}] + [{}] * 7 + [{"endDate": 2}], "basics": []}
    assert refusal(document).path == "basics"
    del document["basics"]
    assert refusal(document).path == "work[2].endDate"


def test_the_shipped_schema_and_the_date_pattern_agree():
    official = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert official["definitions"]["iso8601"]["pattern"] == ISO_DATE


def test_messages_are_shown_in_the_readers_language(app):
    moved = refusal({"basics": {"name": 5}})  # a message role files already had
    new = refusal({"work": [{"endDate": "2013-13"}]})
    with force_locale("fr"):
        assert moved.describe() == "cv.json, basics.name: on attend du texte."
        assert new.describe() == "cv.json, work[0].endDate: cette date n’existe pas."


# --- mapping -----------------------------------------------------------------------


def test_dates_give_the_first_day_when_partial_and_empty_dates_are_absent():
    record = parse(
        {
            "work": [
                {"position": "A", "startDate": "2013", "endDate": "2014-02"},
                {"position": "B", "startDate": "2014-02-15", "endDate": ""},
            ]
        }
    )
    first, second = record.positions
    assert (first.started_on, first.finished_on, first.is_current) == (
        date(2013, 1, 1),
        date(2014, 2, 1),
        False,
    )
    assert (second.started_on, second.finished_on, second.is_current) == (
        date(2014, 2, 15),
        None,
        True,
    )


def test_the_availability_extension_of_the_design_is_read():
    record = parse({"availability": {"hoursPerWeek": 4, "roleKinds": ["volunteer", "board"]}})
    assert record.availability == AvailabilityRecord(4, ["volunteer", "board"])
    full = parse(
        {
            "availability": {
                "hoursPerWeek": 6,
                "roleKinds": ["staff"],
                "schedule": ["evenings", "weekends"],
                "availableFrom": "2026-01",
                "workMode": "hybrid",
            }
        }
    )
    assert full.availability == AvailabilityRecord(
        6, ["staff"], ["evenings", "weekends"], date(2026, 1, 1), WorkMode.HYBRID
    )
    assert parse({}).availability is None


def test_skills_are_the_names_and_their_keywords_once_each():
    record = parse(
        {
            "skills": [
                {"name": "Web Development", "level": "Master", "keywords": ["HTML", " CSS "]},
                {"name": "Comptabilité", "keywords": ["HTML", "", "Excel"]},
                {"keywords": ["Gestion de bénévoles"]},
            ]
        }
    )
    assert record.skills == [
        "Web Development",
        "HTML",
        "CSS",
        "Comptabilité",
        "Excel",
        "Gestion de bénévoles",
    ]


@pytest.mark.parametrize(
    ("fluency", "level"),
    [
        ("Professional working proficiency", LanguageLevel.PROFESSIONAL_WORKING),
        ("Compétence professionnelle complète", LanguageLevel.FULL_PROFESSIONAL),
        ("Native speaker", LanguageLevel.NATIVE_OR_BILINGUAL),
        ("Langue maternelle", LanguageLevel.NATIVE_OR_BILINGUAL),
        ("Fluent", LanguageLevel.FULL_PROFESSIONAL),
        ("Conversational", LanguageLevel.LIMITED_WORKING),
        ("Débutant", LanguageLevel.ELEMENTARY),
        ("B2", None),
        ("", None),
    ],
)
def test_fluency_is_read_or_left_unknown(fluency, level):
    record = parse({"languages": [{"language": "Espagnol", "fluency": fluency}]})
    assert [(lang.language, lang.level) for lang in record.languages] == [("es", level)]


def test_languages_are_codes_when_known_and_listed_once():
    record = parse(
        {
            "languages": [
                {"language": "French", "fluency": "Native speaker"},
                {"language": "français", "fluency": "Beginner"},
                {"language": "Wolof"},
                {"fluency": "Fluent"},
            ]
        }
    )
    assert [(lang.language, lang.level) for lang in record.languages] == [
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL),
        ("Wolof", None),
    ]


@pytest.mark.parametrize(
    ("profiles", "expected"),
    [
        ([{"network": "LinkedIn", "url": "https://ca.linkedin.com/in/Jos%C3%A9-T/"}], "josé-t"),
        ([{"network": "linkedin", "username": "marie-eve"}], "marie-eve"),
        ([{"network": "Twitter", "url": "https://x.com/a"}, {"url": "linkedin.com/in/b"}], "b"),
        ([{"network": "LinkedIn", "url": "https://www.linkedin.com/company/x"}], None),
        ([{"network": "GitHub", "username": "octo"}], None),
    ],
)
def test_the_linkedin_profile_is_normalized_and_other_networks_are_ignored(profiles, expected):
    record = parse({"basics": {"profiles": profiles}})
    assert record.linkedin_url == (f"https://www.linkedin.com/in/{expected}" if expected else "")


@pytest.mark.parametrize(
    ("code", "expected"), [("ca", "CA"), ("Canada", "CA"), ("USA", "US"), ("Atlantis", "")]
)
def test_country_codes_and_names_become_iso_codes(code, expected):
    assert parse({"basics": {"location": {"countryCode": code}}}).country == expected


def test_highlights_join_the_description_and_items_without_a_name_are_skipped():
    record = parse(
        {
            "work": [
                {"name": "Hooli", "summary": "Dev.", "highlights": ["Won", " ", "Shipped"]},
                {"location": "Palo Alto", "summary": "nothing to name it"},
            ],
            "volunteer": [{"position": "Teacher", "highlights": ["Month's best"]}],
            "projects": [
                {"name": "Miss Direction", "roles": ["Team lead", "Designer"], "highlights": ["x"]},
                {"description": "no name"},
            ],
            "awards": [{"summary": "no title"}],
        }
    )
    assert [(p.company, p.title, p.description) for p in record.positions] == [
        ("Hooli", "", "Dev.\n- Won\n- Shipped")
    ]
    assert record.volunteering[0].description == "- Month's best"
    assert record.extras == [
        ExtraRecord(ExtraKind.PROJECT, "Miss Direction", "Team lead, Designer", "- x")
    ]


def test_education_courses_become_course_extras():
    record = parse({"education": [{"institution": "UQAM", "courses": ["SQL 101", " "]}]})
    assert record.extras == [ExtraRecord(ExtraKind.COURSE, "SQL 101", subtitle="UQAM")]


def test_board_service_and_causes_are_read():
    record = parse(
        {
            "causes": ["sécurité alimentaire", "sécurité alimentaire", " santé mentale "],
            "boardService": [
                {"organization": "Centraide", "role": "treasurer", "committee": "Audit"},
                {"organization": "CPE Les Lucioles", "startDate": "2019"},
                {"role": "chair"},
            ],
        }
    )
    assert record.causes == ["sécurité alimentaire", "santé mentale"]
    assert record.board_services == [
        BoardServiceRecord("Centraide", "treasurer", "Audit"),
        BoardServiceRecord("CPE Les Lucioles", started_on=date(2019, 1, 1)),
    ]


def test_references_and_the_photo_are_not_kept():
    record = parse(
        {
            "basics": {"name": "Ana Tremblay", "image": "https://img.example.com/ana.png"},
            "references": [{"name": "Erlich Bachman", "reference": "Ana is great."}],
        }
    )
    assert "Erlich" not in repr(record)
    assert "great" not in repr(record)
    assert "img.example.com" not in repr(record)


def test_control_characters_and_lone_surrogates_are_cleaned():
    data = b'{"basics": {"name": "Ana\\u0000 Tr\\u0007emblay", "label": "x\\ud800y"}}'
    record = parse_json_resume(data, name="cv.json")
    assert (record.first_name, record.last_name, record.headline) == ("Ana", "Tremblay", "x\ufffdy")


def test_explicit_name_parts_win_over_splitting():
    record = parse({"basics": {"name": "Jean de La Fontaine", "familyName": "La Fontaine"}})
    assert (record.first_name, record.last_name) == ("", "La Fontaine")


# --- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Richard Hendriks", "Richard", "Hendriks"),
        ("Madonna", "Madonna", ""),
        ("", "", ""),
        ("  Marie-Ève   Gagnon-Tremblay ", "Marie-Ève", "Gagnon-Tremblay"),
        ("Conan O'Brien", "Conan", "O'Brien"),
        ("Chantal D’Amours", "Chantal", "D’Amours"),
        ("Jean de La Fontaine", "Jean", "de La Fontaine"),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
        ("Jean-Claude Van Damme", "Jean-Claude", "Van Damme"),
        ("Pierre-Luc Le Blanc", "Pierre-Luc", "Le Blanc"),
        ("Valéry Giscard d'Estaing", "Valéry Giscard", "d'Estaing"),
        ("Mary Ann Smith", "Mary Ann", "Smith"),
        ("Anne Le", "Anne", "Le"),
        ("Van Morrison", "Van", "Morrison"),
        ("Dr. Lena Vasquez", "Lena", "Vasquez"),
        ("Mme Ginette Reno", "Ginette", "Reno"),
        ("Martin Luther King Jr.", "Martin Luther", "King Jr."),
        ("Tremblay, José", "José", "Tremblay"),
        ("Jane Doe, CPA", "Jane", "Doe"),
        ("Jane Doe, Ph.D.", "Jane", "Doe"),
        ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh", "Khai"),
    ],
)
def test_names_are_split_into_first_and_last(name, first, last):
    assert split_name(name) == (first, last)
