"""LinkedIn exports of every year since 2018 → one profile record, and nothing private."""

from __future__ import annotations

import statistics
import time
from datetime import date

import pytest

from app.importers.archive import read_upload
from app.importers.csvfile import parse_date
from app.importers.errors import ImportFileError
from app.importers.linkedin import parse_linkedin, section_name
from app.importers.linkedin_fields import board_service, parse_geo, pick_websites
from app.models.candidates import ExtraKind, LanguageLevel, Source
from tests.fixtures.linkedin.synthetic_exports import (
    PRIVATE,
    SECRET,
    YEARS,
    export_files,
    header_files,
    with_rows,
    zip_bytes,
)


def parse(files: dict[str, bytes]):  # type: ignore[no-untyped-def]
    return parse_linkedin(files, name="export.zip")


def export_record(year: str):  # type: ignore[no-untyped-def]
    [source] = read_upload("export.zip", zip_bytes(export_files(year)))
    return parse_linkedin(source.sections or {}, name=source.name)


def sections_of(year: str) -> set[str]:
    names = {section_name(name) for name in header_files(year) if "/" not in name}
    return {name for name in names if name} | ({"Volunteering.csv"} if year != YEARS[0] else set())


@pytest.mark.parametrize("year", YEARS)
def test_every_year_gives_the_same_profile_from_its_own_headers(year):
    record = export_record(year)
    present = sections_of(year)
    assert record.source is Source.LINKEDIN
    assert (record.first_name, record.last_name) == ("Ana", "Tremblay-Côté")
    assert record.headline == "Coordonnatrice des bénévoles & événements"
    assert record.summary == 'J\'aime "rallier" les gens, vraiment.\nDeuxième ligne.'
    assert (record.city, record.region, record.country) == ("Montréal", "Quebec", "CA")
    assert record.website == "https://ana.example.org"
    assert record.email == "ana@example.org"
    assert record.phone == "+1 514 555 0101"
    current, past = record.positions
    assert (current.title, current.company) == (
        "Coordonnatrice des bénévoles",
        "Banque alimentaire du Plateau",
    )
    assert (current.started_on, current.finished_on, current.is_current) == (
        date(2021, 3, 1),
        None,
        True,
    )
    assert (past.started_on, past.finished_on, past.is_current) == (
        date(2017, 1, 1),
        date(2021, 1, 1),
        False,
    )
    [school] = record.educations
    assert (school.school, school.degree, school.started_on, school.finished_on) == (
        "Université de Montréal",
        "Baccalauréat en travail social",
        date(2012, 1, 1),
        date(2015, 1, 1),
    )
    assert record.skills == ["Gestion de bénévoles", "Excel"]
    expected_languages = [
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL),
        ("en", LanguageLevel.FULL_PROFESSIONAL),
        ("es", LanguageLevel.ELEMENTARY),
    ]
    assert [(lang.language, lang.level) for lang in record.languages] == (
        expected_languages if "Languages.csv" in present else []
    )
    assert bool(record.certifications) == ("Certifications.csv" in present)
    assert bool(record.volunteering) == ("Volunteering.csv" in present)
    assert bool(record.causes) == ("Causes You Care About.csv" in present)
    assert bool(record.board_services) == ("Organizations.csv" in present)
    kinds = {extra.kind for extra in record.extras}
    assert (ExtraKind.AWARD in kinds) == ("Honors.csv" in present)
    assert (ExtraKind.PROJECT in kinds) == ("Projects.csv" in present)
    assert (ExtraKind.COURSE in kinds) == ("Courses.csv" in present)
    assert (ExtraKind.MEMBERSHIP in kinds) == ("Organizations.csv" in present)


@pytest.mark.parametrize("year", YEARS)
def test_nothing_private_or_from_other_files_reaches_the_record(year):
    text = repr(export_record(year))
    assert SECRET not in text
    for private in PRIVATE:
        assert private not in text


def test_the_newest_export_fills_every_section():
    record = export_record(YEARS[-1])
    [cert] = record.certifications
    assert (cert.name, cert.authority, cert.url, cert.issued_on, cert.expires_on) == (
        "Secourisme en milieu de travail",
        "CNESST",
        "https://cert.example.org/123",
        date(2022, 6, 1),
        date(2025, 6, 1),
    )
    [volunteering] = record.volunteering
    assert (volunteering.organization_name, volunteering.role, volunteering.cause) == (
        "Moisson Montréal",
        "Trieuse",
        "Poverty Alleviation",
    )
    assert volunteering.started_on == date(2019, 6, 1)
    assert record.causes == ["Poverty Alleviation", "Education"]
    [board] = record.board_services
    assert (board.organization_name, board.role, board.started_on) == (
        "Banque alimentaire du Plateau",
        "treasurer",
        date(2020, 1, 1),
    )
    extras = {(e.kind, e.title, e.subtitle) for e in record.extras}
    assert extras == {
        (ExtraKind.MEMBERSHIP, "Ordre des travailleurs sociaux", "Membre"),
        (ExtraKind.AWARD, "Bénévole de l'année", ""),
        (ExtraKind.PROJECT, "Guide d'accueil", ""),
        (ExtraKind.COURSE, "Gouvernance des OBNL", "GOV-101"),
    }


def test_the_2018_honors_keep_their_issuer():
    record = export_record(YEARS[0])
    [award] = [e for e in record.extras if e.kind is ExtraKind.AWARD]
    assert (award.subtitle, award.started_on) == ("Ville de Montréal", date(2020, 4, 1))


def test_profile_summary_fills_in_only_when_profile_has_none():
    header = header_files("2024-12_complete")
    summary = with_rows(header["Profile Summary.csv"], [{"Profile Summary": "Plan B"}])
    with_summary = with_rows(header["Profile.csv"], [{"First Name": "Ana", "Summary": "Plan A"}])
    without = with_rows(header["Profile.csv"], [{"First Name": "Ana"}])
    assert parse({"Profile Summary.csv": summary, "Profile.csv": with_summary}).summary == "Plan A"
    assert parse({"Profile.csv": with_summary, "Profile Summary.csv": summary}).summary == "Plan A"
    assert parse({"Profile.csv": without, "Profile Summary.csv": summary}).summary == "Plan B"


def test_quotes_commas_entities_blank_rows_and_no_trailing_newline():
    data = (
        b"Company Name,Title,Description,Location,Started On,Finished On\r\n"
        b"\r\n"
        b'"Soupe &amp; Cie, Inc.","Chef ""cuisine""","Ligne 1\nLigne 2",,Jun 2019,\r\n'
        b",,,,,\r\n"
        b"Maison,Aide,,,2015,2016"
    )
    first, second = parse({"Positions.csv": data}).positions
    assert (first.company, first.title, first.description) == (
        "Soupe & Cie, Inc.",
        'Chef "cuisine"',
        "Ligne 1\nLigne 2",
    )
    assert first.is_current and first.started_on == date(2019, 6, 1)
    assert (second.company, second.finished_on) == ("Maison", date(2016, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 2019", date(2019, 3, 1)),
        ("2019", date(2019, 1, 1)),
        ("janv. 2019", date(2019, 1, 1)),
        ("févr. 2020", date(2020, 2, 1)),
        ("août 2018", date(2018, 8, 1)),
        ("déc. 2017", date(2017, 12, 1)),
        ("Septembre 2016", date(2016, 9, 1)),
        ("2019-06", date(2019, 6, 1)),
        ("2019-06-15", date(2019, 6, 15)),
        ("06/2019", date(2019, 6, 1)),
        ("Jan 1, 1990", date(1990, 1, 1)),
        ("", None),
        ("Present", None),
        ("Mar", None),
        ("0000", None),
        ("2019-13", None),
        ("99999999", None),
    ],
)
def test_month_dates_in_english_french_and_iso(text, expected):
    assert parse_date(text) == expected


def test_mixed_date_formats_in_one_file():
    data = (
        b"Title,Description,Url,Started On,Finished On\nA,,,2018,janv. 2019\nB,,,Feb 2020,2021-03\n"
    )
    projects = parse({"Projects.csv": data}).extras
    assert [(p.started_on, p.finished_on) for p in projects] == [
        (date(2018, 1, 1), date(2019, 1, 1)),
        (date(2020, 2, 1), date(2021, 3, 1)),
    ]


@pytest.mark.parametrize(
    ("geo", "expected"),
    [
        ("Montréal, Quebec, Canada", ("Montréal", "Quebec", "CA")),
        ("Québec, Québec, Canada", ("Québec", "Québec", "CA")),
        ("Quebec, Canada", ("", "Quebec", "CA")),
        ("Canada", ("", "", "CA")),
        ("Paris, Île-de-France, France", ("Paris", "Île-de-France", "FR")),
        ("Dakar, Sénégal", ("Dakar", "", "SN")),
        ("Boston, Massachusetts, United States", ("Boston", "Massachusetts", "US")),
        ("Sherbrooke, QC", ("Sherbrooke", "QC", "CA")),
        ("San Francisco, CA", ("San Francisco", "CA", "")),
        ("Greater Montreal Metropolitan Area", ("Montreal", "", "")),
        ("", ("", "", "")),
    ],
)
def test_geo_location_becomes_city_region_and_country_code(geo, expected):
    assert parse_geo(geo) == expected


def test_2018_country_column_gives_the_country_when_geo_does_not():
    assert parse_geo("Gatineau", "ca") == ("Gatineau", "", "CA")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("[PERSONAL:https://ana.dev]", ("https://ana.dev", "")),
        ("[COMPANY:https://acme.org,PERSONAL:https://ana.dev]", ("https://ana.dev", "")),
        ("[PERSONAL:https://x.com],[COMPANY:https://y.com]", ("https://x.com", "")),
        (
            "[OTHER:https://ca.linkedin.com/in/Ana-T/,BLOG:http://b.org]",
            ("http://b.org", "https://ca.linkedin.com/in/Ana-T/"),
        ),
        ("www.ana.dev", ("www.ana.dev", "")),
        ("", ("", "")),
    ],
)
def test_websites_cell(cell, expected):
    assert pick_websites(cell) == expected


def test_a_linkedin_url_among_websites_becomes_the_normalized_profile_url():
    data = b'First Name,Websites\nAna,"[OTHER:https://ca.linkedin.com/in/Ana-T%C3%A9/?trk=x]"\n'
    assert parse({"Profile.csv": data}).linkedin_url == "https://www.linkedin.com/in/ana-té"


@pytest.mark.parametrize(
    ("position", "role", "committee"),
    [
        ("Board Member", "member", ""),
        ("Member, Board of Directors", "member", ""),
        ("Chair of the Board", "chair", ""),
        ("Vice-Chair", "vice_chair", ""),
        ("Treasurer", "treasurer", ""),
        ("Secretary", "secretary", ""),
        ("Trustee", "member", ""),
        ("Finance Committee member", "member", "Finance Committee"),
        ("Member of the Audit and Finance Committee", "member", "Audit and Finance Committee"),
        ("Chair, Governance Committee", "chair", "Governance Committee"),
        ("Présidente du conseil d'administration", "chair", ""),
        ("Vice-président", "vice_chair", ""),
        ("Trésorière", "treasurer", ""),
        ("Secrétaire-trésorier", "treasurer", ""),
        ("Administratrice", "member", ""),
        ("Membre du CA", "member", ""),
        ("Membre du comité de vérification", "member", "comité de vérification"),
        ("Présidente du comité des ressources humaines", "chair", "comité des ressources humaines"),
    ],
)
def test_board_and_officer_positions_become_board_service(position, role, committee):
    service = board_service("Banque alimentaire", position)
    assert service is not None
    assert (service.organization_name, service.role, service.committee) == (
        "Banque alimentaire",
        role,
        committee,
    )


@pytest.mark.parametrize("position", ["Member", "Membre", "Volunteer", "Conseillère", ""])
def test_plain_memberships_stay_memberships(position):
    data = f"Name,Description,Position,Started On,Finished On\nOrdre X,,{position},2019,\n"
    record = parse({"Organizations.csv": data.encode()})
    assert record.board_services == []
    assert [(e.kind, e.title) for e in record.extras] == [(ExtraKind.MEMBERSHIP, "Ordre X")]


def test_the_primary_confirmed_email_wins():
    data = (
        b"Email Address,Confirmed,Primary,Updated On\n"
        b"first@example.org,Yes,No,\n"
        b"unconfirmed@example.org,No,Yes,\n"
        b"main@example.org,Yes,Yes,\n"
    )
    assert parse({"Email Addresses.csv": data}).email == "main@example.org"


def test_languages_keep_unknown_names_and_levels_without_failing():
    data = (
        b"Name,Proficiency\n"
        b"Fran\xc3\xa7ais,Native or bilingual proficiency\n"
        b"Klingon,Fluent\n"
        b"Wolof,\n"
    )
    languages = parse({"Languages.csv": data}).languages
    assert [(lang.language, lang.level) for lang in languages] == [
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL),
        ("Klingon", None),
        ("Wolof", None),
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        "\ufeffName,Proficiency\r\nFrançais,Elementary\r\n".encode(),
        "Name,Proficiency\nFrançais,Elementary\n".encode("cp1252"),
        "\ufeffName\tProficiency\r\nFrançais\tElementary\r\n".encode("utf-16-le"),
        "Name\tProficiency\r\nFrançais\tElementary\r\n".encode("utf-16-le"),
        "\ufeffName,Proficiency\nFrançais,Elementary\n".encode("utf-16-be"),
        "Name;Proficiency\r\nFrançais;Elementary\r\n".encode("cp1252"),
    ],
)
def test_encodings_and_delimiters_spreadsheets_write(encoded):
    [language] = parse({"Languages.csv": encoded}).languages
    assert (language.language, language.level) == ("fr", LanguageLevel.ELEMENTARY)


def test_a_one_column_section_in_utf16():
    encoded = "\ufeffName\r\nComptabilité\r\n".encode("utf-16-le")
    assert parse({"Skills.csv": encoded}).skills == ["Comptabilité"]


def test_a_section_with_a_foreign_header_is_refused_with_file_and_line():
    with pytest.raises(ImportFileError) as caught:
        parse({"Skills.csv": b"\n\nSkill Label,Weight\nPython,3\n"})
    assert (caught.value.file, caught.value.line) == ("export.zip/Skills.csv", 3)
    assert caught.value.describe().startswith("export.zip/Skills.csv, line 3: ")


def test_a_missing_key_column_is_named():
    with pytest.raises(ImportFileError, match="Email Address") as caught:
        parse({"Email Addresses.csv": b"Confirmed,Primary\nYes,Yes\n"})
    assert caught.value.line == 1


def test_a_damaged_utf16_section_is_refused():
    with pytest.raises(ImportFileError, match="encoding") as caught:
        parse({"Skills.csv": b"\xff\xfeN\x00a\x00\x00\xd8"})
    assert caught.value.file == "export.zip/Skills.csv"


def test_a_runaway_quote_is_refused_with_its_line():
    data = b'Name\nPython\n"' + b"x" * 200_000 + b"\n"
    with pytest.raises(ImportFileError, match="Malformed") as caught:
        parse({"Skills.csv": data})
    assert caught.value.line is not None and caught.value.line >= 3


def test_empty_sections_are_fine_and_no_section_at_all_is_not():
    assert parse({"Skills.csv": b"", "Positions.csv": b"Company Name,Title\n"}).positions == []
    with pytest.raises(ImportFileError, match="No LinkedIn profile section"):
        parse({"messages.csv": b"FROM,TO\n"})


@pytest.mark.parametrize(
    ("name", "section"),
    [
        ("Phone Numbers.csv", "PhoneNumbers.csv"),
        ("Causes_You_Care_About.csv", "Causes You Care About.csv"),
        ("profile.csv", "Profile.csv"),
        ("Whatsapp Phone Numbers.csv", None),
        ("Connections.csv", None),
        ("Endorsement_Received_Info.csv", None),
    ],
)
def test_section_names_across_years(name, section):
    assert section_name(name) == section


def test_parsing_a_typical_export_takes_a_few_milliseconds():
    [source] = read_upload("export.zip", zip_bytes(export_files(YEARS[-1])))
    sections = source.sections or {}
    parse_linkedin(sections, name="warm-up")
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        parse_linkedin(sections, name="export.zip")
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.01
