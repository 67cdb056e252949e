"""Connections.csv in every shape LinkedIn and spreadsheets write it → prospects' rows."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from app.importers.connections import clean_name, parse_connections
from app.importers.csvfile import parse_date
from app.importers.errors import ImportFileError
from tests.fixtures.linkedin.synthetic_exports import HEADERS, shape, with_rows

VARIANTS = {
    "2018-11_complete/Connections.csv.header": "02 Nov 2018",
    "2022-09_complete/Connections.csv.header": "12 Sep 2022",
    "2023-07_basic_original_zip/Connections.csv.header": "11 Jul 2023",
    "2024-03_complete/Connections.csv.header": "24 Mar 2024",
    "2024-12_complete/Connections.csv.header": "23 Dec 2024",
    "user_resaved_variants/Sajiah_mylinkedindata__Connections.csv.header": "9-Sep-22",
    "user_resaved_variants/PhilCPH_Python_Network_Visualization_LinkedIn__Connections.csv.header": (
        "16.09.2021"
    ),
    "user_resaved_variants/ericmpastore_linkedin_connections__Connections.csv.header": "5-Jan-26",
    "user_resaved_variants/importJL_LinkedIn-Connections__Connections.csv.header": "23-Nov-21",
}


def header(path: str) -> bytes:
    return (HEADERS / path).read_bytes()


def row(connected: str, **fields: str) -> dict[str, str]:
    values = {
        "First Name": "Jean",
        "Last Name": "Dupont, CPA, MBA",
        "URL": "https://www.linkedin.com/in/jean-dupont-%C3%A9",
        "Email Address": "jean@example.org",
        "Company": 'Soupe &amp; Cie, "la" coop',
        "Position": "Directeur, finances",
        "Connected On": connected,
        "Connected on": connected,
    }
    return {**values, **fields}


@pytest.mark.parametrize("path", VARIANTS)
def test_every_known_variant_reads_its_rows(path):
    data = header(path)
    connected = VARIANTS[path]
    columns = [c.strip() for c in shape(data)[3]]
    ending = shape(data)[2]
    blank = ending.encode()
    rows = [row(connected), row(connected, **{"First Name": "Marie 🌟", "Last Name": "Gagnon"})]
    body = with_rows(data, rows[:1]) + blank + _rows_like(data, rows[1:])
    result = parse_connections(body, name="Connections.csv")
    header_lines = data.count(b"\n")
    has_identity = {"First Name", "URL", "Email Address"} & set(columns)
    if not has_identity:  # importJL deleted the name columns: nothing names anyone
        assert result.records == []
        assert [line for line, _ in result.skipped] == [header_lines + 1, header_lines + 3]
        return
    first, second = result.records
    assert (first.line, second.line) == (header_lines + 1, header_lines + 3)
    assert (first.first_name, first.last_name) == ("Jean", "Dupont")
    assert (second.first_name, second.last_name) == ("Marie", "Gagnon")
    assert first.company == 'Soupe & Cie, "la" coop'
    assert first.position == "Directeur, finances"
    assert first.connected_on == parse_date(connected) is not None
    assert first.email == ("jean@example.org" if "Email Address" in columns else "")
    assert first.profile_url == (
        "https://www.linkedin.com/in/jean-dupont-é" if "URL" in columns else ""
    )
    assert result.skipped == []


def _rows_like(header_bytes: bytes, rows: list[dict[str, str]]) -> bytes:
    """Rows only, written in the shape of ``header_bytes``."""
    return with_rows(header_bytes, rows)[len(header_bytes) :]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02 Jan 2024", date(2024, 1, 2)),
        ("9-Sep-22", date(2022, 9, 9)),
        ("23-Nov-21", date(2021, 11, 23)),
        ("5-Jan-26", date(2026, 1, 5)),
        ("16.09.2021", date(2021, 9, 16)),
        ("2021-09-16", date(2021, 9, 16)),
        ("9/16/2021", date(2021, 9, 16)),
        ("16/09/2021", date(2021, 9, 16)),
        ("31.02.2021", None),
        ("soon", None),
    ],
)
def test_connection_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Dupont, CPA, MBA", "Dupont"),
        ("Dupont CPA", "Dupont"),
        ("Tremblay Ph.D.", "Tremblay"),
        ("Marie 🌟", "Marie"),
        ("🌟 Marie-Ève 👩🏽‍💻", "Marie-Ève"),
        ("Lee (she/her)", "Lee"),
        ("O'Neil | Fundraising", "O'Neil"),
        ("Ma", "Ma"),
        ("Yo-Yo Ma", "Yo-Yo Ma"),
        ("张伟", "张伟"),
        ("", ""),
    ],
)
def test_names_lose_credentials_pronouns_and_emoji(raw, clean):
    assert clean_name(raw) == clean


def test_rows_without_anyone_named_are_skipped_with_line_and_reason():
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b",,,,Acme,Boss,02 Jan 2024\n"
        b"\n"
        b",,,,,,\n"
        b",,https://www.linkedin.com/in/x,,Acme,,\n"
        b",,,not-an-email,Acme,,\n"
        b"\xf0\x9f\x8c\x9f,,,,,,\n"
    )
    result = parse_connections(data, name="Connections.csv")
    assert [r.profile_url for r in result.records] == ["https://www.linkedin.com/in/x"]
    assert [line for line, _ in result.skipped] == [2, 6, 7]
    assert all("No name" in str(reason) for _, reason in result.skipped)


def test_only_url_company_and_position_left_still_imports():
    data = b"URL,Company,Position\r\nhttps://ca.linkedin.com/in/Ana-T/,Acme,Chef\r\n"
    [record] = parse_connections(data, name="c.csv").records
    assert (record.profile_url, record.company, record.first_name) == (
        "https://www.linkedin.com/in/ana-t",
        "Acme",
        "",
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-8-sig"])
def test_encodings_are_detected(encoding):
    text = "First Name\tLast Name\tCompany\r\nRené\tCôté\tCaisse\r\n"
    if encoding == "cp1252":
        text = text.replace("\t", ";")
    [record] = parse_connections(text.encode(encoding), name="c.csv").records
    assert (record.first_name, record.last_name, record.company) == ("René", "Côté", "Caisse")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"Company Name,Title,Description,Location,Started On,Finished On\nA,B,,,,\n", 1),
        (b"\n\nhello world\nthis is not a csv\n", 3),
        (b'Notes:\n"Some text"\n\nName,Weight\nX,1\n', 1),
        (b"", 1),
    ],
)
def test_a_file_that_is_not_connections_is_refused_with_file_and_line(data, line):
    with pytest.raises(ImportFileError) as caught:
        parse_connections(data, name="upload/Connections.csv")
    assert (caught.value.file, caught.value.line) == ("upload/Connections.csv", line)
    assert "First Name" in str(caught.value.message)


def test_thirty_thousand_rows_parse_well_under_a_second():
    head = header("2024-12_complete/Connections.csv.header")
    lines = [
        f"Prénom{i},Nom{i} CPA,https://www.linkedin.com/in/p%C3%A9{i},,Org {i % 500},"
        f"Poste {i % 90},{(i % 28) + 1:02d} Jan 2024"
        for i in range(30_000)
    ]
    data = head + "\n".join(lines).encode()
    start = time.perf_counter()
    result = parse_connections(data, name="Connections.csv")
    elapsed = time.perf_counter() - start
    assert len(result.records) == 30_000
    assert result.records[-1].last_name == "Nom29999"
    assert elapsed < 1.0, f"{elapsed:.3f} s"


def test_the_header_fixtures_are_the_real_ones():
    variants = sorted(p.name for p in (HEADERS / "user_resaved_variants").iterdir())
    assert len(variants) == 4
    assert (HEADERS / "README.md").exists()
    assert (
        Path(HEADERS, "2018-11_complete", "Connections.csv.header")
        .read_bytes()
        .startswith(b"First Name,Last Name,Email Address")
    )
