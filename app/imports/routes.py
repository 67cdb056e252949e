"""Bulk import of candidate profiles: the upload page, its JavaScript endpoints, summaries.

Without JavaScript the form posts every file at once and the view runs the whole
batch. With JavaScript (``static/js/imports.js``) the page opens the batch, sends
the files one by one to show progress, then closes the batch. Both paths call
the same services and commit after each file, so a bad file never undoes another.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.candidates.links import candidate_url
from app.extensions import db
from app.imports.forms import BatchFileForm, BatchForm, FinishBatchForm, StartBatchForm
from app.models import ImportBatch, ImportKind, MemberRole, User
from app.services import imports
from app.tenancy import get_or_404, members_only, org_blueprint, scoped

bp = org_blueprint("imports", __name__)

RECRUITERS = (MemberRole.ADMIN, MemberRole.RECRUITER)
PER_PAGE = 25
MAX_NAME = 200

STATUS_LABELS = {
    "created": _l("created"),
    "updated": _l("updated"),
    "merged": _l("merged"),
    "skipped": _l("skipped"),
    "error": _l("error"),
}
STATUSES = imports.STATUSES


@bp.context_processor
def helpers() -> dict[str, object]:
    return {
        "status_labels": STATUS_LABELS,
        "candidate_url": candidate_url,
        "format_datetime": format_datetime,
    }


def upload_name(upload: FileStorage, default: str = "upload") -> str:
    """The file's own name, without any folder a browser may send along."""
    name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:MAX_NAME] or default


def counts(summary: list[dict[str, Any]]) -> dict[str, int]:
    """How many files of a batch ended in each status."""
    found = Counter(str(entry.get("status")) for entry in summary)
    return {status: found.get(status, 0) for status in STATUSES}


def outcome_json(outcome: imports.FileOutcome) -> dict[str, Any]:
    """One file's result as the page's script reads it (the CLI's keys, plus words to show)."""
    return {
        **outcome.as_json(),
        "label": str(STATUS_LABELS.get(outcome.status, outcome.status)),
        "candidate_url": candidate_url(outcome.candidate_id) if outcome.candidate_id else None,
    }


def _max_upload_bytes() -> int:
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or 0)


def _import_file(batch: ImportBatch, upload: FileStorage) -> list[imports.FileOutcome]:
    """Import one uploaded file and commit it: the next file starts from a clean state."""
    outcomes = imports.import_upload(batch, upload_name(upload), upload.read())
    db.session.commit()
    return outcomes


def _batch_or_404(batch_id: int) -> ImportBatch:
    batch = get_or_404(ImportBatch, batch_id)
    if batch.kind != ImportKind.PROFILES:
        abort(404)
    return batch


@bp.route("/imports")
@members_only(*RECRUITERS)
def index():
    """Past profile imports, newest first."""
    page = max(request.args.get("page", 1, type=int), 1)
    statement = scoped(ImportBatch).where(ImportBatch.kind == ImportKind.PROFILES)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)
    rows = db.session.execute(
        statement.add_columns(User.full_name)
        .outerjoin(User, User.id == ImportBatch.created_by_id)
        .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    batches = [(batch, by, counts(batch.summary or [])) for batch, by in rows]
    return render_template(
        "imports/index.html", org=g.org, batches=batches, page=page, pages=pages, total=total
    )


@bp.route("/imports/new", methods=["GET", "POST"])
@members_only(*RECRUITERS)
def new():
    """Upload several profile files; without JavaScript the whole batch runs here."""
    form = BatchForm()
    if form.validate_on_submit():
        batch = imports.start_batch(g.org, current_user, consented=form.is_consented)
        db.session.commit()
        for upload in form.files.data:
            _import_file(batch, upload)
        result = imports.finish_batch(batch)
        db.session.commit()
        flash(_finished_message(result), "success" if not result.errors else "info")
        return redirect(url_for("imports.summary", batch_id=batch.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "imports/new.html",
        org=g.org,
        form=form,
        max_mb=_max_upload_bytes() // (1024 * 1024),
        max_bytes=_max_upload_bytes(),
        js_messages=_js_messages(),
    ), status


def _js_messages() -> dict[str, str]:
    """The words the page's script shows, translated; it fills the %(...)s itself."""
    keep = {name: f"%({name})s" for name in ("name", "current", "total", "result", "mb")}
    return {
        "starting": _("Starting the import…"),
        "sending": _("Sending %(name)s (%(current)s of %(total)s)…", **keep),
        "fileDone": _("%(name)s: %(result)s", **keep),
        "tooLarge": _("%(name)s was not sent: it is larger than %(mb)s MB.", **keep),
        "notSent": _("%(name)s could not be sent. Check your connection and try again.", **keep),
        "finishing": _("Finishing…"),
        "failed": _("The import could not continue. Reload the page and try again."),
        "unsent": _("Some files were not sent; the others are imported."),
        "summary": _("See the summary"),
    }


def _finished_message(result: imports.BatchResult) -> str:
    return _(
        "Import finished: %(created)d created, %(updated)d updated, %(merged)d merged, "
        "%(skipped)d skipped, %(errors)d errors.",
        created=result.created,
        updated=result.updated,
        merged=result.merged,
        skipped=result.skipped,
        errors=result.errors,
    )


@bp.route("/imports", methods=["POST"])
@members_only(*RECRUITERS)
def start():
    """Open a batch for the page's script; it then sends the files one by one."""
    form = StartBatchForm()
    if not form.validate_on_submit():
        return jsonify(errors=_form_errors(form)), 400
    batch = imports.start_batch(g.org, current_user, consented=form.is_consented)
    db.session.commit()
    return jsonify(
        batch_id=batch.id,
        consented=batch.consented,
        files_url=url_for("imports.upload_file", batch_id=batch.id),
        finish_url=url_for("imports.finish", batch_id=batch.id),
        summary_url=url_for("imports.summary", batch_id=batch.id),
    ), 201


@bp.route("/imports/<int:batch_id>/files", methods=["POST"])
@members_only(*RECRUITERS)
def upload_file(batch_id: int):
    """Import one file into an open batch; answers with each profile's outcome.

    422 when nothing in the file could be imported, 409 once the batch is finished.
    """
    batch = _batch_or_404(batch_id)
    if batch.finished_at is not None:
        return jsonify(errors=[_("This import is finished: start a new one.")]), 409
    form = BatchFileForm()
    if not form.validate_on_submit():
        return jsonify(errors=_form_errors(form)), 400
    outcomes = _import_file(batch, form.file.data)
    files = [outcome_json(outcome) for outcome in outcomes]
    failed = bool(files) and all(f["status"] == "error" for f in files)
    return jsonify(files=files), 422 if failed else 200


@bp.route("/imports/<int:batch_id>/finish", methods=["POST"])
@members_only(*RECRUITERS)
def finish(batch_id: int):
    """Close a batch and answer with its totals and where its summary is."""
    batch = _batch_or_404(batch_id)
    form = FinishBatchForm()
    if not form.validate_on_submit():
        return jsonify(errors=_form_errors(form)), 400
    result = imports.finish_batch(batch)
    db.session.commit()
    return jsonify(
        **result.as_json(),
        message=_finished_message(result),
        summary_url=url_for("imports.summary", batch_id=batch.id),
    )


@bp.route("/imports/<int:batch_id>")
@members_only(*RECRUITERS)
def summary(batch_id: int):
    """One row per file of a batch: what happened to it and why."""
    batch = _batch_or_404(batch_id)
    creator = db.session.get(User, batch.created_by_id) if batch.created_by_id else None
    return render_template(
        "imports/summary.html",
        org=g.org,
        batch=batch,
        creator=creator,
        files=batch.summary or [],
        totals=counts(batch.summary or []),
    )


def _form_errors(form: Any) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]
