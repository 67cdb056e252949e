"""Opening uploads safely: a LinkedIn export, a JSON Resume, or a bundle of them.

Nothing is ever extracted to disk. An archive's listing is checked first
(member count, declared total size, compression ratio, paths, encryption),
then only the members that matter are read, each with a bounded read in case
its declared size lies: the fifteen LinkedIn profile sections, ``*.json``
files and, one level deep, nested ``*.zip`` exports. Every other member
(``messages.csv``, ``Connections.csv``, ``README.txt``, ``__MACOSX/``…) is
never opened.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from flask_babel import lazy_gettext as _l

from app.importers.errors import ImportFileError
from app.importers.linkedin import section_name

MB = 1024 * 1024
_RATIO_FLOOR = MB  # below this a high ratio cannot hurt: compress 1 MB as well as you like
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Limits:
    """What an upload may hold; defaults fit a complete LinkedIn export with messages."""

    max_upload_bytes: int = 100 * MB
    max_members: int = 10_000
    max_total_bytes: int = 1024 * MB
    max_ratio: int = 200
    max_member_bytes: int = 64 * MB

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        """Limits from the ``IMPORT_*`` settings of :func:`app.config.load_config`."""
        default = cls()
        return cls(
            max_upload_bytes=_mb(config, "IMPORT_MAX_FILE_MB", default.max_upload_bytes),
            max_members=int(config.get("IMPORT_MAX_MEMBERS", default.max_members)),
            max_total_bytes=_mb(config, "IMPORT_MAX_UNCOMPRESSED_MB", default.max_total_bytes),
            max_ratio=int(config.get("IMPORT_MAX_RATIO", default.max_ratio)),
            max_member_bytes=_mb(config, "IMPORT_MAX_MEMBER_MB", default.max_member_bytes),
        )


def _mb(config: Mapping[str, Any], key: str, default: int) -> int:
    return int(config[key]) * MB if key in config else default


@dataclass(slots=True)
class SourceFile:
    """One profile found in an upload, not parsed yet.

    ``kind`` says which parser reads it: ``"linkedin"`` files carry
    ``sections`` (``{"Positions.csv": b"..."}``), ``"json_resume"`` files carry
    ``content``. ``name`` locates it for messages (``bundle.zip/alice.json``).
    """

    name: str
    kind: Literal["linkedin", "json_resume"]
    sections: dict[str, bytes] | None = None
    content: bytes | None = None


@dataclass(slots=True)
class _Budget:
    """Bytes actually read across one upload, nested archives included."""

    limit: int
    used: int = 0

    def take(self, size: int, name: str) -> None:
        self.used += size
        if self.used > self.limit:
            raise _too_big(name, "total", self.limit)


@dataclass(slots=True)
class _Container:
    """An archive or a folder: its member paths and a way to read one."""

    label: str
    paths: list[str]
    read: Callable[[str], bytes]
    depth: int


def read_upload(filename: str, data: bytes, limits: Limits = Limits()) -> list[SourceFile]:
    """The profiles in an uploaded file.

    Parameters
    ----------
    filename
        The name the user gave the file; it names the results and the errors.
    data
        The file's bytes: a ``.json`` JSON Resume, or a ``.zip`` that is a
        LinkedIn export (at its root or under one folder) or a bundle of JSON
        Resume files, LinkedIn export folders and nested LinkedIn ``.zip``.

    Returns
    -------
    list[SourceFile]
        One per profile: LinkedIn exports, then JSON Resume files, then what
        nested archives hold. A single export is named after the upload,
        bundle members as ``bundle.zip/alice.json`` or ``bundle.zip/bob.zip``.

    Raises
    ------
    ImportFileError
        Too large, empty, not a ZIP, a ZIP bomb, unsafe paths, encrypted or
        damaged members, archives nested more than one level, or nothing to
        import; the error names the file or the member.
    """
    if len(data) > limits.max_upload_bytes:
        raise _too_big(filename, "upload", limits.max_upload_bytes)
    budget = _Budget(limits.max_total_bytes)
    return _read_file(filename, data, limits, budget)


def read_path(path: Path, limits: Limits = Limits()) -> list[SourceFile]:
    """The profiles in a file or an unpacked folder on disk (``flask import-profiles``).

    A folder is read like an archive: a LinkedIn export (at its root or under
    one folder) or a bundle. Symbolic links inside it are not followed.

    Raises
    ------
    ImportFileError
        As :func:`read_upload`, and for a path that does not exist or cannot be read.
    """
    label = path.name or str(path)
    if not path.exists():
        raise ImportFileError(_l("The file or folder does not exist."), file=str(path))
    try:
        if path.is_dir():
            return _from_container(
                _folder(path, label, limits), limits, _Budget(limits.max_total_bytes)
            )
        data = read_disk_file(path, limits.max_upload_bytes)
    except OSError as exc:
        raise ImportFileError(_l("The file or folder cannot be read."), file=str(path)) from exc
    if len(data) > limits.max_upload_bytes:
        raise _too_big(label, "upload", limits.max_upload_bytes)
    return read_upload(label, data, limits)


def read_disk_file(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a file (the one place folders are read)."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def _read_file(name: str, data: bytes, limits: Limits, budget: _Budget) -> list[SourceFile]:
    lower = name.lower()
    if not data or (len(data) < 64 and not data.strip()):
        raise ImportFileError(_l("The file is empty."), file=name)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06") or lower.endswith(".zip"):
        return _from_container(_archive(name, data, limits, depth=0), limits, budget)
    if lower.endswith(".json") or data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return [SourceFile(name=name, kind="json_resume", content=data)]
    raise ImportFileError(
        _l("Upload a LinkedIn data export (.zip) or a JSON Resume file (.json)."), file=name
    )


def _archive(label: str, data: bytes, limits: Limits, depth: int) -> _Container:
    # Reading an untrusted ZIP fails in many library-specific ways (BadZipFile,
    # zlib.error, EOFError, NotImplementedError…): all mean "damaged".
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:
        raise ImportFileError(
            _l("This file is not a ZIP archive, or it is damaged."), file=label
        ) from exc
    if not infos:
        raise ImportFileError(_l("The archive is empty."), file=label)
    _check_listing(label, infos, limits)
    members = {_member_path(info.filename): info for info in infos if not info.is_dir()}

    def read(path: str) -> bytes:
        info = members[path]
        name = f"{label}/{path}"
        try:
            with archive.open(info) as handle:
                content = handle.read(limits.max_member_bytes + 1)
        except Exception as exc:
            raise ImportFileError(_l("This member of the archive is damaged."), file=name) from exc
        if len(content) > limits.max_member_bytes:
            raise _too_big(name, "member", limits.max_member_bytes)
        return content

    return _Container(label=label, paths=list(members), read=read, depth=depth)


def _member_path(name: str) -> str:
    return name.replace("\\", "/")


def _check_listing(label: str, infos: Iterable[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse the archive before reading anything if its listing looks dangerous."""
    infos = list(infos)
    if len(infos) > limits.max_members:
        raise ImportFileError(
            _l("The archive holds more than %(count)s files.", count=limits.max_members),
            file=label,
        )
    total = 0
    for info in infos:
        name = f"{label}/{info.filename}"
        _check_path(name, info.filename)
        if info.flag_bits & 0x1:
            raise ImportFileError(
                _l("This member is encrypted; download the export again, without a password."),
                file=name,
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _too_big(label, "total", limits.max_total_bytes)
        if info.file_size > max(_RATIO_FLOOR, info.compress_size * limits.max_ratio):
            raise ImportFileError(
                _l(
                    "This member is compressed more than %(ratio)s to 1: the archive looks "
                    "like a ZIP bomb.",
                    ratio=limits.max_ratio,
                ),
                file=name,
            )


def _check_path(name: str, member: str) -> None:
    path = _member_path(member)
    if path.startswith("/") or _DRIVE.match(path) or ".." in path.split("/") or "\x00" in path:
        raise ImportFileError(
            _l("Unsafe path in the archive (absolute, with a drive letter or with “..”)."),
            file=name,
        )


def _folder(root: Path, label: str, limits: Limits) -> _Container:
    paths: list[str] = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith((".", "__MACOSX")))
        for file_name in sorted(files):
            full = Path(directory, file_name)
            if full.is_symlink():
                continue
            paths.append(full.relative_to(root).as_posix())
            if len(paths) > limits.max_members:
                raise ImportFileError(
                    _l("The folder holds more than %(count)s files.", count=limits.max_members),
                    file=label,
                )

    def read(path: str) -> bytes:
        content = read_disk_file(root / path, limits.max_member_bytes)
        if len(content) > limits.max_member_bytes:
            raise _too_big(f"{label}/{path}", "member", limits.max_member_bytes)
        return content

    return _Container(label=label, paths=paths, read=read, depth=0)


def _from_container(container: _Container, limits: Limits, budget: _Budget) -> list[SourceFile]:
    exports, documents, archives = _classify(container.paths)
    if not (exports or documents or archives):
        raise ImportFileError(
            _l("No LinkedIn profile section and no JSON Resume file was found in it."),
            file=container.label,
        )
    if archives and container.depth > 0:
        raise ImportFileError(
            _l("Archives inside archives are accepted one level deep only."),
            file=f"{container.label}/{archives[0]}",
        )
    single = len(exports) == 1 and not documents and not archives
    results: list[SourceFile] = []
    for folder, members in exports.items():
        sections: dict[str, bytes] = {}
        for section, path in members.items():
            sections[section] = content = container.read(path)
            budget.take(len(content), f"{container.label}/{path}")
        name = container.label if single or not folder else f"{container.label}/{folder}"
        results.append(SourceFile(name=name, kind="linkedin", sections=sections))
    for path in documents:
        content = container.read(path)
        budget.take(len(content), f"{container.label}/{path}")
        results.append(
            SourceFile(name=f"{container.label}/{path}", kind="json_resume", content=content)
        )
    for path in archives:
        content = container.read(path)
        budget.take(len(content), f"{container.label}/{path}")
        results.extend(
            _from_container(
                _archive(f"{container.label}/{path}", content, limits, depth=1), limits, budget
            )
        )
    return results


def _classify(paths: Iterable[str]) -> tuple[dict[str, dict[str, str]], list[str], list[str]]:
    """Sort member paths into LinkedIn exports (by folder), JSON documents and nested ZIPs.

    Hidden files, ``__MACOSX/`` and anything else are left out, so never read.
    """
    exports: dict[str, dict[str, str]] = {}
    documents: list[str] = []
    archives: list[str] = []
    for path in paths:
        parts = PurePosixPath(path).parts
        if not parts or any(part.startswith((".", "__MACOSX")) for part in parts):
            continue
        base = parts[-1].lower()
        section = section_name(parts[-1])
        if section is not None:
            folder = "/".join(parts[:-1])
            exports.setdefault(folder, {}).setdefault(section, path)
        elif base.endswith(".json"):
            documents.append(path)
        elif base.endswith(".zip"):
            archives.append(path)
    return exports, documents, archives


def _too_big(name: str, what: str, limit: int | None = None) -> ImportFileError:
    size = (limit or 0) // MB
    messages = {
        "upload": _l("The file is larger than %(size)s MB.", size=size),
        "member": _l("This member of the archive is larger than %(size)s MB.", size=size),
        "total": _l(
            "The archive would unpack to more than %(size)s MB: it looks like a ZIP bomb.",
            size=size,
        ),
    }
    return ImportFileError(messages[what], file=name)
