"""Opening uploads: exports, JSON Resumes and bundles in; bombs, traversal and junk refused."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from app.importers import archive
from app.importers.archive import Limits, read_path, read_upload
from app.importers.errors import ImportFileError
from app.importers.linkedin import PROFILE_SECTIONS, parse_linkedin
from tests.fixtures.linkedin.synthetic_exports import (
    SECRET,
    YEARS,
    export_files,
    write_folder,
    zip_bytes,
)

RESUME = b'{"basics": {"name": "Alice Martin"}}'


def small_export() -> dict[str, bytes]:
    return {
        "Profile.csv": b"First Name,Last Name,Headline\nBob,Roy,Tr\xc3\xa9sorier\n",
        "Skills.csv": b"Name\nComptabilit\xc3\xa9\n",
        "messages.csv": f"FROM,TO,CONTENT\nx,y,{SECRET}\n".encode(),
    }


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as out:
        for name, data in entries.items():
            out.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every archive member and disk file the importer opens, in order."""
    names: list[str] = []
    original_open = zipfile.ZipFile.open
    original_read = archive.read_disk_file

    def record_open(self, name, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if mode == "r":  # tests build archives too; only reads matter
            names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return original_open(self, name, mode, *args, **kwargs)

    def record_read(path: Path, limit: int) -> bytes:
        names.append(path.as_posix())
        return original_read(path, limit)

    monkeypatch.setattr(zipfile.ZipFile, "open", record_open)
    monkeypatch.setattr(archive, "read_disk_file", record_read)
    return names


def opened_base_names(names: list[str]) -> set[str]:
    return {name.rsplit("/", 1)[-1] for name in names}


ALLOWED = {*PROFILE_SECTIONS, "Phone Numbers.csv"}


@pytest.mark.parametrize("year", YEARS)
def test_an_export_zip_opens_only_its_profile_sections(year, opened):
    files = export_files(year)
    sources = read_upload("export.zip", zip_bytes(files))
    assert [(s.name, s.kind) for s in sources] == [("export.zip", "linkedin")]
    assert opened, "the sections were read"
    assert opened_base_names(opened) <= ALLOWED
    assert not any("messages" in n.lower() or "connections" in n.lower() for n in opened)
    record = parse_linkedin(sources[0].sections or {}, name=sources[0].name)
    assert SECRET not in repr(record)
    assert record.first_name == "Ana"


@pytest.mark.parametrize("year", YEARS)
def test_an_unpacked_export_folder_opens_only_its_profile_sections(year, tmp_path, opened):
    root = write_folder(tmp_path / "Complete_LinkedInDataExport", export_files(year))
    sources = read_path(root)
    assert [(s.name, s.kind) for s in sources] == [("Complete_LinkedInDataExport", "linkedin")]
    assert opened_base_names(opened) <= ALLOWED
    assert SECRET.encode() not in b"".join((sources[0].sections or {}).values())


def test_an_export_under_one_top_level_folder_is_one_profile():
    data = zip_bytes(export_files(YEARS[2]), prefix="Basic_LinkedInDataExport_07-11-2023/")
    [source] = read_upload("Basic_LinkedInDataExport_07-11-2023.zip", data)
    assert source.name == "Basic_LinkedInDataExport_07-11-2023.zip"
    assert "Positions.csv" in (source.sections or {})


def test_a_zip_file_on_disk_reads_like_an_upload(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes(small_export()))
    [source] = read_path(path)
    assert source.name == "export.zip"
    assert set(source.sections or {}) == {"Profile.csv", "Skills.csv"}


def test_a_json_upload_is_one_json_resume():
    assert read_upload("alice.json", RESUME)[0].content == RESUME
    assert read_upload("alice.json", RESUME)[0].kind == "json_resume"


def test_a_bundle_gives_one_source_per_profile_and_ignores_junk(opened):
    nested = zip_bytes(small_export())
    data = zip_of(
        {
            "alice.json": RESUME,
            "people/dora.json": RESUME,
            "bob.zip": nested,
            "carol/Profile.csv": b"First Name,Last Name\nCarol,Ng\n",
            "carol/messages.csv": SECRET.encode(),
            "README.txt": b"read me",
            ".DS_Store": b"\x00\x01",
            "__MACOSX/._alice.json": b"\x00\x05\x16\x07",
        }
    )
    sources = read_upload("bundle.zip", data)
    assert [(s.name, s.kind) for s in sources] == [
        ("bundle.zip/carol", "linkedin"),
        ("bundle.zip/alice.json", "json_resume"),
        ("bundle.zip/people/dora.json", "json_resume"),
        ("bundle.zip/bob.zip", "linkedin"),
    ]
    assert set(opened) == {
        "carol/Profile.csv",
        "alice.json",
        "people/dora.json",
        "bob.zip",
        "Profile.csv",
        "Skills.csv",
    }


def zip_with_sizes(name: str, data: bytes, *, declared: int) -> bytes:
    """A ZIP whose headers declare ``declared`` bytes for a member that holds more."""
    raw = bytearray(zip_of({name: data}))
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature)
        struct.pack_into("<I", raw, at + size_offset, declared)
    return bytes(raw)


def test_a_member_whose_declared_size_lies_is_refused():
    data = zip_with_sizes("alice.json", RESUME * 100, declared=10)
    with pytest.raises(ImportFileError) as caught:
        read_upload("bundle.zip", data)
    assert caught.value.file == "bundle.zip/alice.json"


def test_a_member_larger_than_the_limit_is_refused_even_when_small_on_paper():
    data = zip_of({"alice.json": b" " * 5000 + RESUME})
    with pytest.raises(ImportFileError, match="larger than"):
        read_upload("bundle.zip", data, Limits(max_member_bytes=1000))


def encrypted_zip() -> bytes:
    """A ZIP whose member is flagged as encrypted (zipfile cannot write one)."""
    raw = bytearray(zip_of({"alice.json": RESUME}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature) + flag_offset
        raw[at] |= 0x1
    return bytes(raw)


@pytest.mark.parametrize(
    ("filename", "data", "limits", "file", "words"),
    [
        ("export.zip", b"this is not a zip at all", Limits(), "export.zip", "not a ZIP"),
        ("export.zip", b"PK\x03\x04" + b"\x00" * 40, Limits(), "export.zip", "not a ZIP"),
        ("export.zip", zip_of({}), Limits(), "export.zip", "empty"),
        ("empty.json", b"", Limits(), "empty.json", "empty"),
        ("cv.pdf", b"%PDF-1.4", Limits(), "cv.pdf", ".json"),
        ("x.zip", zip_of({"../evil.json": RESUME}), Limits(), "x.zip/../evil.json", "Unsafe"),
        ("x.zip", zip_of({"a/../../e.json": RESUME}), Limits(), "x.zip/a/../../e.json", "Unsafe"),
        (
            "x.zip",
            zip_of({"/etc/passwd.json": RESUME}),
            Limits(),
            "x.zip//etc/passwd.json",
            "Unsafe",
        ),
        ("x.zip", zip_of({"C:/evil.json": RESUME}), Limits(), "x.zip/C:/evil.json", "Unsafe"),
        ("x.zip", zip_of({"..\\evil.json": RESUME}), Limits(), "x.zip/..\\evil.json", "Unsafe"),
        ("x.zip", zip_of({"README.txt": b"hi"}), Limits(), "x.zip", "No LinkedIn"),
        (
            "x.zip",
            zip_of({f"{i}.json": RESUME for i in range(6)}),
            Limits(max_members=5),
            "x.zip",
            "more than 5 files",
        ),
        (
            "x.zip",
            zip_of({"a.json": b"{}" * 600_000}),
            Limits(max_total_bytes=1024 * 1024),
            "x.zip",
            "ZIP bomb",
        ),
        (
            "bomb.zip",
            zip_of({"Positions.csv": b"\x00" * (4 * 1024 * 1024)}),
            Limits(),
            "bomb.zip/Positions.csv",
            "ZIP bomb",
        ),
        ("x.zip", encrypted_zip(), Limits(), "x.zip/alice.json", "encrypted"),
        (
            "big.zip",
            b"PK\x03\x04" + b"\x00" * 2000,
            Limits(max_upload_bytes=1000),
            "big.zip",
            "larger than",
        ),
        (
            "x.zip",
            zip_of({"a.zip": zip_of({"b.zip": zip_of({"c.json": RESUME})})}),
            Limits(),
            "x.zip/a.zip/b.zip",
            "one level deep",
        ),
        ("x.zip", zip_of({"a.zip": b"not a zip"}), Limits(), "x.zip/a.zip", "not a ZIP"),
    ],
)
def test_bad_uploads_are_refused_naming_the_file_or_member(filename, data, limits, file, words):
    with pytest.raises(ImportFileError) as caught:
        read_upload(filename, data, limits)
    assert caught.value.file == file
    assert words in str(caught.value.message)
    assert caught.value.describe().startswith(file)


def test_refusals_happen_before_any_member_is_read(opened):
    data = zip_of({"alice.json": RESUME, "../evil.json": RESUME})
    with pytest.raises(ImportFileError):
        read_upload("x.zip", data)
    assert opened == []


def test_limits_come_from_the_import_settings():
    limits = Limits.from_config(
        {
            "IMPORT_MAX_FILE_MB": 5,
            "IMPORT_MAX_MEMBERS": 7,
            "IMPORT_MAX_UNCOMPRESSED_MB": 9,
            "IMPORT_MAX_RATIO": 11,
            "IMPORT_MAX_MEMBER_MB": 3,
        }
    )
    assert limits == Limits(5 * 2**20, 7, 9 * 2**20, 11, 3 * 2**20)
    assert Limits.from_config({}) == Limits()


def test_the_app_config_feeds_the_limits(monkeypatch, tmp_path):
    from app.config import load_config

    monkeypatch.setenv("IMPORT_MAX_MEMBERS", "42")
    limits = Limits.from_config(load_config(str(tmp_path)))
    assert limits.max_members == 42
    assert limits.max_ratio == Limits().max_ratio


def test_a_missing_path_is_named(tmp_path):
    with pytest.raises(ImportFileError, match="does not exist") as caught:
        read_path(tmp_path / "nowhere.zip")
    assert caught.value.file.endswith("nowhere.zip")


def test_a_folder_bundle_of_json_resumes_and_exports(tmp_path):
    write_folder(
        tmp_path / "batch", {"alice.json": RESUME, "bob/Profile.csv": b"First Name\nBob\n"}
    )
    (tmp_path / "batch" / ".hidden").mkdir()
    (tmp_path / "batch" / ".hidden" / "x.json").write_bytes(RESUME)
    sources = read_path(tmp_path / "batch")
    assert [(s.name, s.kind) for s in sources] == [
        ("batch/bob", "linkedin"),
        ("batch/alice.json", "json_resume"),
    ]
