"""Random and mutated archives and CSVs: the parsers return records or ImportFileError.

Anything else (an IndexError, a zlib.error, a UnicodeDecodeError…) would be a
500 page for the person uploading, so it fails these properties.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.importers.archive import Limits, SourceFile, read_upload
from app.importers.connections import parse_connections
from app.importers.errors import ImportFileError
from app.importers.linkedin import PROFILE_SECTIONS, parse_linkedin
from app.importers.records import ConnectionsFile, ProfileRecord
from tests.fixtures.linkedin.synthetic_exports import HEADERS, export_files, zip_bytes

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LIMITS = Limits(max_member_bytes=256 * 1024, max_total_bytes=1024 * 1024)

SECTIONS = {
    name: data
    for name, data in export_files("2024-12_complete").items()
    if name in PROFILE_SECTIONS
}
EXPORT_ZIP = zip_bytes(SECTIONS)
STORED_ZIP = io.BytesIO()
with zipfile.ZipFile(STORED_ZIP, "w", zipfile.ZIP_STORED) as _archive:
    for _name, _data in SECTIONS.items():
        _archive.writestr(f"Export/{_name}", _data)
    _archive.writestr("alice.json", b'{"basics": {"name": "Alice"}}')
CONNECTIONS = (HEADERS / "2024-12_complete" / "Connections.csv.header").read_bytes() + (
    'Jean,"Dupont, CPA",https://www.linkedin.com/in/jean%C3%A9,,"Soupe &amp; Cie",Chef,'
    "02 Jan 2024\n\n,,,,,,\nMarie 🌟,Gagnon,,m@example.org,Acme,,9-Sep-22\n"
).encode()
INSERTS = [b'"', b"\x00", b",", b";", b"\t", b"\r\n", b"\n", b"\xff\xfe", b"\xc3", b"&amp;", b"PK"]


@st.composite
def mutations(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with a few byte flips, insertions (quotes, NULs, delimiters), cuts."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        operation = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if operation == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 32))]
        else:
            del data[at:]
    return bytes(data)


def parse_sources(sources: list[SourceFile]) -> None:
    for source in sources:
        assert source.kind in {"linkedin", "json_resume"}
        if source.kind == "linkedin":
            try:
                assert isinstance(
                    parse_linkedin(source.sections or {}, name=source.name), ProfileRecord
                )
            except ImportFileError as error:
                assert error.file.startswith(source.name)


def upload(name: str, data: bytes) -> None:
    try:
        sources = read_upload(name, data, LIMITS)
    except ImportFileError as error:
        assert error.file.startswith(name)
        assert error.describe()
        return
    parse_sources(sources)


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(["x.zip", "x.json", "x.csv", "x"]))
def test_random_bytes_as_an_upload(data, name):
    upload(name, data)


@FUZZ
@given(mutations(EXPORT_ZIP))
def test_mutated_export_zips(data):
    upload("export.zip", data)


@FUZZ
@given(mutations(STORED_ZIP.getvalue()))
def test_mutated_uncompressed_bundles(data):
    upload("bundle.zip", data)


@FUZZ
@given(
    st.sampled_from(sorted(SECTIONS)),
    st.one_of(
        st.binary(max_size=1024), st.sampled_from(list(SECTIONS.values())).flatmap(mutations)
    ),
)
def test_mutated_and_random_sections(section, data):
    try:
        assert isinstance(parse_linkedin({section: data}, name="export.zip"), ProfileRecord)
    except ImportFileError as error:
        assert error.file == f"export.zip/{section}"


@FUZZ
@given(st.one_of(st.binary(max_size=1024), mutations(CONNECTIONS), st.text().map(str.encode)))
def test_mutated_and_random_connections(data):
    try:
        result = parse_connections(data, name="Connections.csv")
    except ImportFileError as error:
        assert error.file == "Connections.csv"
        return
    assert isinstance(result, ConnectionsFile)
    for record in result.records:
        assert record.first_name or record.last_name or record.profile_url or record.email
