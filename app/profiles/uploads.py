"""Importing a profile from a file: upload, see what would change, confirm or cancel.

The candidate does it for themselves under ``/me/import``; an administrator or a
recruiter does it on a candidate's behalf under ``/candidates/<id>/import``. The
staged import (``/profile-imports/<id>``) belongs to whoever uploaded it and to that
one candidate.
"""

from __future__ import annotations

import os
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.forms import ConfirmForm
from app.extensions import db
from app.importers.errors import ImportFileError
from app.models import MemberRole, PendingImport
from app.profiles import bp
from app.profiles.access import EDITORS, Subject, me, on_behalf
from app.profiles.display import provenance
from app.profiles.forms import ProfileFileForm
from app.services import imports
from app.tenancy import members_only

MB = 1024 * 1024


@bp.route("/me/import", methods=["GET", "POST"])
@members_only(MemberRole.CANDIDATE)
def my_import():
    """The candidate uploads a LinkedIn export or a JSON Resume file of their own."""
    return _upload(me())


@bp.route("/candidates/<int:candidate_id>/import", methods=["GET", "POST"])
@members_only(*EDITORS)
def candidate_import(candidate_id: int):
    """A recruiter uploads a candidate's file on their behalf."""
    return _upload(on_behalf(candidate_id))


@bp.route("/profile-imports/<int:pending_id>")
@members_only()
def import_preview(pending_id: int):
    """What the uploaded file would change, field by field, before anything is stored."""
    subject, pending = _pending(pending_id)
    return render_template(
        "profiles/import_preview.html",
        subject=subject,
        candidate=subject.candidate,
        pending=pending,
        source=provenance(pending.source),
        changes=imports.preview_pending(pending),
        form=ConfirmForm(),
    )


@bp.route("/profile-imports/<int:pending_id>/confirm", methods=["POST"])
@members_only()
def import_confirm(pending_id: int):
    """Store what the preview showed."""
    subject, pending = _pending(pending_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    filename = pending.filename
    imports.confirm_pending(pending, current_user)
    db.session.commit()
    flash(_("The profile is updated from %(file)s.", file=filename), "success")
    return redirect(subject.profile_url)


@bp.route("/profile-imports/<int:pending_id>/cancel", methods=["POST"])
@members_only()
def import_cancel(pending_id: int):
    """Drop the uploaded file: nothing is stored."""
    subject, pending = _pending(pending_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    imports.cancel_pending(pending)
    db.session.commit()
    flash(_("The import is cancelled: nothing was changed."), "info")
    return redirect(subject.profile_url)


# --- the steps --------------------------------------------------------------------------


def _upload(subject: Subject) -> Any:
    form = ProfileFileForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = os.path.basename(upload.filename or "")[:120] or "profile"
        try:
            pending = imports.stage_import(
                g.org, current_user, subject.candidate, filename, upload.read()
            )
        except ImportFileError as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, describe(error)]
            return _upload_page(subject, form), 422
        db.session.commit()
        return redirect(url_for("profiles.import_preview", pending_id=pending.id))
    status = 400 if form.is_submitted() else 200
    return _upload_page(subject, form), status


def _upload_page(subject: Subject, form: ProfileFileForm) -> str:
    max_mb = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // MB
    return render_template(
        "profiles/import.html",
        subject=subject,
        candidate=subject.candidate,
        form=form,
        max_mb=max_mb,
    )


def _pending(pending_id: int) -> tuple[Subject, PendingImport]:
    """The reader's own staged import and whose profile it updates; 404 for anyone else's.

    A staged import belongs to its uploader and to one candidate: the candidate
    themselves, or a candidate an editor imported for.
    """
    pending = imports.pending_for(g.org, current_user, pending_id)
    if pending is None or pending.candidate_id is None:
        abort(404)
    if g.membership.role == MemberRole.CANDIDATE:
        subject = me()
        if subject.candidate.id != pending.candidate_id:
            abort(404)
        return subject, pending
    if g.membership.role not in EDITORS:
        abort(404)
    return on_behalf(pending.candidate_id), pending


def describe(error: ImportFileError) -> str:
    """The error in the reader's language: "export.zip, line 3: …" (``describe()`` is English)."""
    where = error.file or ""
    if error.line is not None:
        where = (
            _("%(file)s, line %(line)d", file=where, line=error.line)
            if where
            else _("line %(line)d", line=error.line)
        )
    if error.path:
        where = f"{where}, {error.path}" if where else error.path
    problem = str(error.message)
    return _("%(where)s: %(problem)s", where=where, problem=problem) if where else problem
