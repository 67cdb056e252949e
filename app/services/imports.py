"""Importing profile files: the one path for the upload pages and ``flask import-profiles``.

A recruiter's batch (:func:`start_batch`, :func:`import_upload` / :func:`import_path`,
:func:`finish_batch`) stores each profile in its own SAVEPOINT: a file that fails
leaves nothing behind and does not undo the files before it; the caller commits once
at the end. Each file ends as one :class:`FileOutcome`:

``created``  a new candidate;
``updated``  the candidate already held data from this source (a re-import);
``merged``   the candidate came from elsewhere (another file type, the form) and the
             file was combined with it;
``skipped``  the file changes nothing;
``error``    the file was refused, with why.

A candidate importing their own profile sees a preview first: :func:`stage_import`
keeps the parsed file as a :class:`~app.models.PendingImport` for a day, and
:func:`confirm_pending` applies it.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.importers import archive, jsonresume, linkedin
from app.importers.errors import ImportFileError
from app.importers.records import ProfileRecord
from app.models import (
    Candidate,
    ConsentPurpose,
    ImportBatch,
    ImportKind,
    Organization,
    PendingImport,
    Source,
    User,
)
from app.models.base import utcnow
from app.services import audit, matching
from app.services.errors import ServiceError
from app.services.profiles import (
    FieldChange,
    apply_record,
    create_candidate,
    find_existing,
    give_consent,
    has_source,
    preview_changes,
)

log = logging.getLogger(__name__)

Status = Literal["created", "updated", "merged", "skipped", "error"]
STATUSES: tuple[Status, ...] = ("created", "updated", "merged", "skipped", "error")
PENDING_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class FileOutcome:
    """What became of one profile file; ``reason`` says why a file was skipped."""

    path: str
    status: Status
    candidate_id: int | None = None
    error: str | None = None
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    files: list[FileOutcome] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    merged: int = 0
    skipped: int = 0
    errors: int = 0

    def as_json(self) -> dict[str, Any]:
        """The ``import-profiles --json`` document (DESIGN.md, "Command line")."""
        data = asdict(self)
        data["files"] = [outcome.as_json() for outcome in self.files]
        return data


def limits() -> archive.Limits:
    return archive.Limits.from_config(current_app.config)


# --- a recruiter's batch -------------------------------------------------------------------


def start_batch(org: Organization, actor: User | None, *, consented: bool) -> ImportBatch:
    """A new batch; ``consented`` records that every candidate in it agreed to be matched."""
    batch = ImportBatch(
        organization_id=org.id,
        created_by_id=actor.id if actor else None,
        kind=ImportKind.PROFILES,
        consented=consented,
        file_count=0,
        summary=[],
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def import_upload(batch: ImportBatch, filename: str, data: bytes) -> list[FileOutcome]:
    """Import every profile in an uploaded file (a JSON Resume, a LinkedIn ZIP, a bundle)."""
    try:
        sources = archive.read_upload(filename, data, limits())
    except ImportFileError as exc:
        return _note(batch, [_failed(filename, exc)])
    _begin_writing(batch)
    return _note(batch, [_import_source(batch, source) for source in sources])


def import_path(batch: ImportBatch, path: Path) -> list[FileOutcome]:
    """Import a file, an unpacked LinkedIn export, or a folder of such files on disk."""
    try:
        sources = archive.read_path(path, limits())
    except ImportFileError as exc:
        return _note(batch, [_failed(str(path), exc)])
    _begin_writing(batch)
    return _note(batch, [_import_source(batch, source) for source in sources])


def _begin_writing(batch: ImportBatch) -> None:
    """Open the database transaction with a write before any SAVEPOINT.

    pysqlite sends BEGIN only before a write: a SAVEPOINT sent first would itself be
    the transaction, and releasing it would commit behind the caller's back. A no-op
    UPDATE of the batch row makes the SAVEPOINTs nest inside the caller's transaction
    (PostgreSQL does not need it and does not mind).
    """
    db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch.id)
        .values(file_count=ImportBatch.file_count)
        .execution_options(synchronize_session=False)
    )


def finish_batch(batch: ImportBatch) -> BatchResult:
    """Close the batch; its counts and per-file outcomes."""
    batch.finished_at = utcnow()
    db.session.flush()
    return batch_result(batch)


def batch_result(batch: ImportBatch) -> BatchResult:
    """The outcomes recorded so far in ``batch``."""
    files = [FileOutcome(**entry) for entry in batch.summary or []]
    counts = {status: sum(1 for f in files if f.status == status) for status in STATUSES}
    return BatchResult(
        batch.id,
        files,
        created=counts["created"],
        updated=counts["updated"],
        merged=counts["merged"],
        skipped=counts["skipped"],
        errors=counts["error"],
    )


def _note(batch: ImportBatch, outcomes: list[FileOutcome]) -> list[FileOutcome]:
    batch.summary = [*(batch.summary or []), *(o.as_json() for o in outcomes)]
    batch.file_count = len(batch.summary)
    db.session.flush()
    return outcomes


def _failed(name: str, exc: ImportFileError | ServiceError) -> FileOutcome:
    if isinstance(exc, ImportFileError):
        return FileOutcome(name, "error", error=exc.located(name).describe())
    return FileOutcome(name, "error", error=f"{name}: {exc.message}")


def parse_source(source: archive.SourceFile) -> ProfileRecord:
    """The profile a found file holds; raises :class:`ImportFileError`."""
    if source.kind == "linkedin":
        return linkedin.parse_linkedin(source.sections or {}, name=source.name)
    return jsonresume.parse_json_resume(source.content or b"", name=source.name)


def _import_source(batch: ImportBatch, source: archive.SourceFile) -> FileOutcome:
    try:
        record = parse_source(source)
        with matching.savepoint():
            return _store(batch, source.name, record)
    except (ImportFileError, ServiceError) as exc:
        return _failed(source.name, exc)
    except SQLAlchemyError as exc:
        log.warning("profile %s not stored: %r", source.name, exc)
        problem = _("The profile could not be stored (%(problem)s).", problem=type(exc).__name__)
        return FileOutcome(source.name, "error", error=f"{source.name}: {problem}")


def _store(batch: ImportBatch, name: str, record: ProfileRecord) -> FileOutcome:
    org = db.session.get(Organization, batch.organization_id)
    assert org is not None
    candidate = find_existing(org, record)
    status: Status
    if candidate is None:
        if not (record.first_name or record.last_name):
            raise ImportFileError(_l("The profile gives no name."), file=name)
        candidate = create_candidate(org, record)
        status = "created"
    else:
        status = "updated" if has_source(candidate, record.source) else "merged"
        if not apply_record(candidate, record):
            status = "skipped"
    actor = db.session.get(User, batch.created_by_id) if batch.created_by_id else None
    if batch.consented:
        give_consent(candidate, ConsentPurpose.MATCHING, actor=actor)
    if status == "skipped":
        return FileOutcome(name, status, candidate.id, reason=_("Nothing in the file is new."))
    audit.record(
        "profile.imported" if status == "created" else "profile.updated",
        organization_id=org.id,
        actor_id=actor.id if actor else None,
        target_type="candidate",
        target_id=candidate.id,
        batch_id=batch.id,
        source=record.source.value,
        status=status,
    )
    return FileOutcome(name, status, candidate.id)


# --- a candidate's own import, with a preview ------------------------------------------------


def stage_import(
    org: Organization, actor: User, candidate: Candidate | None, filename: str, data: bytes
) -> PendingImport:
    """Parse one profile file and keep it until ``actor`` confirms the preview.

    ``candidate`` is the profile it will update (None: whoever the file names, or a new
    candidate). Raises :class:`ImportFileError` for a bad file or a bundle of several
    profiles. Stale pending imports of ``actor`` are removed on the way.
    """
    sources = archive.read_upload(filename, data, limits())
    if len(sources) != 1:
        raise ImportFileError(
            _l(
                "It holds %(count)d profiles; import one profile at a time "
                "(one LinkedIn export or one JSON Resume file).",
                count=len(sources),
            ),
            file=filename,
        )
    record = parse_source(sources[0])
    db.session.execute(
        delete(PendingImport).where(
            PendingImport.organization_id == org.id,
            PendingImport.created_by_id == actor.id,
            PendingImport.created_at < utcnow() - PENDING_LIFETIME,
        )
    )
    pending = PendingImport(
        organization_id=org.id,
        created_by_id=actor.id,
        candidate_id=candidate.id if candidate else None,
        filename=filename[:300],
        payload=jsonresume.to_json_resume(record),
        source=record.source.value,
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def pending_for(org: Organization, actor: User, pending_id: int) -> PendingImport | None:
    """``actor``'s pending import in ``org`` staged less than a day ago, else None."""
    return db.session.scalar(
        select(PendingImport).where(
            PendingImport.id == pending_id,
            PendingImport.organization_id == org.id,
            PendingImport.created_by_id == actor.id,
            PendingImport.created_at >= utcnow() - PENDING_LIFETIME,
        )
    )


def pending_record(pending: PendingImport) -> ProfileRecord:
    """The staged profile as a record, with the source of the file it came from."""
    record = jsonresume.record_from_dict(pending.payload, name=pending.filename)
    record.source = Source(pending.source)
    return record


def _pending_target(pending: PendingImport, record: ProfileRecord) -> Candidate | None:
    if pending.candidate_id is not None:
        return db.session.get(Candidate, pending.candidate_id)
    org = db.session.get(Organization, pending.organization_id)
    return find_existing(org, record) if org is not None else None


def preview_pending(pending: PendingImport) -> list[FieldChange]:
    """What confirming ``pending`` would change, field by field."""
    record = pending_record(pending)
    return preview_changes(_pending_target(pending, record), record)


def confirm_pending(pending: PendingImport, actor: User) -> Candidate:
    """Apply the staged profile, audit it (``profile.imported`` or ``profile.updated``)."""
    record = pending_record(pending)
    candidate = _pending_target(pending, record)
    org = db.session.get(Organization, pending.organization_id)
    assert org is not None
    if candidate is None:
        if not (record.first_name or record.last_name):
            raise ImportFileError(_l("The profile gives no name."), file=pending.filename)
        candidate, action = create_candidate(org, record), "profile.imported"
    else:
        action = "profile.updated" if has_source(candidate, record.source) else "profile.imported"
        apply_record(candidate, record)
    audit.record(
        action,
        organization_id=org.id,
        actor_id=actor.id,
        target_type="candidate",
        target_id=candidate.id,
        source=record.source.value,
    )
    db.session.delete(pending)
    db.session.flush()
    return candidate


def cancel_pending(pending: PendingImport) -> None:
    """Forget a staged import."""
    db.session.delete(pending)
    db.session.flush()
