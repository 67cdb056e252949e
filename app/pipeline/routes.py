"""The recruiting pipeline: stages, single and bulk moves, notes, ratings, history.

Who may do what: admins and recruiters change any application; board chairs see
every pipeline panel but change only those of board roles (they shortlist the
people who would close their board's gaps); candidates never see any of it (403).
Stage administration is for admins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import format_date, format_time, format_timedelta, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.widgets import HiddenInput

from app.extensions import db
from app.i18n import current_locale
from app.models import STAFF_ROLES, Application, Candidate, ConsentPurpose, Role
from app.navigation import safe_next
from app.pipeline.forms import NO_CHOICE, REASON_LABELS, BulkForm, choice_label, stage_choices
from app.pipeline.panel import PREFIXES, build_panel, can_change
from app.services import audit, pipeline
from app.services.errors import ServiceError
from app.tenancy import get_or_404, members_only, org_blueprint

bp = org_blueprint("pipeline", __name__)

CANDIDATE_URL = "/roles/<int:role_id>/candidates/<int:candidate_id>/pipeline"

#: What a panel form does once checked: (application, form) -> flash message.
Action = Callable[[Application, FlaskForm], str]


@bp.app_context_processor
def panel_helpers() -> dict[str, object]:
    # The panel is included by other blueprints' pages: what it needs is offered everywhere.
    return {
        "pipeline_panel": build_panel,
        "pipeline_when": _when,
        "pipeline_duration": _duration,
    }


def _when(moment: datetime) -> str:
    """A date and time to the minute, in the reader's language and time zone."""
    return f"{format_date(moment, 'medium')}, {format_time(moment, 'short')}"


def _duration(span: timedelta) -> str:
    return format_timedelta(span, granularity="minute", threshold=1)


@bp.route(CANDIDATE_URL)
@members_only(*STAFF_ROLES)
def show(role_id: int, candidate_id: int):
    """Where a candidate stands for a role: stage, history, notes, rating, and the actions."""
    role, candidate = _load(role_id, candidate_id)
    audit.record(
        "candidate.viewed",
        organization_id=g.org.id,
        actor_id=current_user.id,
        target_type="candidate",
        target_id=candidate.id,
        role_id=role.id,
    )
    db.session.commit()
    return _page(role, candidate)


@bp.route(CANDIDATE_URL + "/move", methods=["POST"])
@members_only(*STAFF_ROLES)
def move(role_id: int, candidate_id: int):
    """Move the candidate to another stage, with an optional note."""
    return _act(role_id, candidate_id, "move", _move)


@bp.route(CANDIDATE_URL + "/not-a-fit", methods=["POST"])
@members_only(*STAFF_ROLES)
def not_a_fit(role_id: int, candidate_id: int):
    """Rule the candidate out for the role, saying why."""
    return _act(role_id, candidate_id, "nafit", _not_a_fit)


@bp.route(CANDIDATE_URL + "/rating", methods=["POST"])
@members_only(*STAFF_ROLES)
def rate(role_id: int, candidate_id: int):
    """Rate the candidate for the role from 1 to 5."""
    return _act(role_id, candidate_id, "rate", _rate)


@bp.route(CANDIDATE_URL + "/notes", methods=["POST"])
@members_only(*STAFF_ROLES)
def add_note(role_id: int, candidate_id: int):
    """Add a note to the candidate's application (notes are kept as written)."""
    return _act(role_id, candidate_id, "note", _note)


@bp.route("/roles/<int:role_id>/applications/bulk", methods=["POST"])
@members_only(*STAFF_ROLES)
def bulk(role_id: int):
    """Shortlist, move or rule out the candidates ticked on the ranked list."""
    role = get_or_404(Role, role_id)
    if not can_change(role):
        abort(403)
    form = BulkForm()
    form.stage.choices = [NO_CHOICE, *stage_choices(pipeline.stages(g.org), current_locale())]
    back = safe_next(form.next.data) or url_for("roles.detail", role_id=role.id)
    if form.validate_on_submit():
        try:
            result = pipeline.bulk(
                role,
                form.candidate_ids.data,
                form.action.data,
                actor=current_user,
                stage=form.stage.data or None,
                reason=form.reason.data or None,
                detail=form.detail.data or "",
            )
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_bulk_summary(form, result), "info" if result.skipped else "success")
            return redirect(back)
    return render_template("pipeline/bulk.html", org=g.org, role=role, form=form, back=back), 400


# --- the panel's actions ----------------------------------------------------------------


def _act(role_id: int, candidate_id: int, prefix: str, action: Action):  # type: ignore[no-untyped-def]
    role, candidate = _load(role_id, candidate_id)
    if not can_change(role):
        abort(403)
    form = PREFIXES[prefix](prefix=prefix)
    if prefix == "move":
        form.stage.choices = stage_choices(pipeline.stages(g.org), current_locale())
    if not form.validate_on_submit():
        return _page(role, candidate, forms={prefix: form}), 400
    back = safe_next(form.next.data) or url_for(
        "roles.explanation", role_id=role.id, candidate_id=candidate.id
    )
    try:
        application = _application(role, candidate, getattr(form, "version", None))
        message = action(application, form)
    except pipeline.ChangedMeanwhile:
        db.session.rollback()
        return _page(role, candidate, forms={prefix: form}, conflict=True), 409
    except ServiceError as exc:
        db.session.rollback()
        _field_error(form, exc)
        return _page(role, candidate, forms={prefix: form}), 400
    db.session.commit()
    flash(message, "success")
    return redirect(back + "#pipeline")


def _application(role: Role, candidate: Candidate, version_field: Field | None) -> Application:
    """The application the form was about, created if the candidate is new to the role.

    A form rendered before the application existed says version 0; if it exists now,
    someone else acted meanwhile.
    """
    application = pipeline.application_for(role, candidate)
    if version_field is None:  # notes only add: no version to check
        return application or pipeline.ensure_application(role, candidate, actor=current_user)
    if application is None:
        if version_field.data != 0:
            raise pipeline.ChangedMeanwhile()
        application = pipeline.create_application(role, candidate, actor=current_user)
        version_field.data = application.version
    elif version_field.data == 0:
        raise pipeline.ChangedMeanwhile()
    return application


def _move(application: Application, form: FlaskForm) -> str:
    was_revealed = application.revealed_at is not None
    pipeline.move(
        application, form.stage.data, actor=current_user, expected_version=form.version.data
    )
    _note_if_any(application, form)
    label = choice_label(form.stage, application.stage)
    message = _("Moved to %(stage)s.", stage=label)
    if application.revealed_at is not None and not was_revealed:
        message += " " + _("Blind review has ended for this candidate: their identity is shown.")
    return message


def _not_a_fit(application: Application, form: FlaskForm) -> str:
    pipeline.move(
        application,
        pipeline.NOT_A_FIT,
        actor=current_user,
        expected_version=form.version.data,
        reason=form.reason.data,
        detail=form.detail.data or "",
    )
    _note_if_any(application, form)
    reason = REASON_LABELS.get(application.not_a_fit_reason, "")
    return _("Marked not a fit: %(reason)s.", reason=reason)


def _rate(application: Application, form: FlaskForm) -> str:
    pipeline.rate(
        application, form.rating.data, actor=current_user, expected_version=form.version.data
    )
    return _("Rating saved: %(num)d out of 5.", num=form.rating.data)


def _note(application: Application, form: FlaskForm) -> str:
    pipeline.add_note(application, form.body.data, actor=current_user)
    return _("Note added.")


def _note_if_any(application: Application, form: FlaskForm) -> None:
    if (form.note.data or "").strip():
        pipeline.add_note(application, form.note.data, actor=current_user)


# --- helpers ----------------------------------------------------------------------------


def _load(role_id: int, candidate_id: int) -> tuple[Role, Candidate]:
    """The role and candidate of this organization; 404 for a candidate never considered
    for the role who does not consent to matching (as on the ranking's pages)."""
    role = get_or_404(Role, role_id)
    candidate = get_or_404(Candidate, candidate_id)
    consents = candidate.active_consent(ConsentPurpose.MATCHING)
    if not consents and pipeline.application_for(role, candidate) is None:
        abort(404)
    return role, candidate


def _page(
    role: Role,
    candidate: Candidate,
    *,
    forms: dict[str, FlaskForm] | None = None,
    conflict: bool = False,
) -> str:
    submitted = next(iter((forms or {}).values()), None)
    next_url = safe_next(submitted.next.data) if submitted is not None else None
    panel = build_panel(role, candidate, forms=forms, conflict=conflict, next_url=next_url)
    back = next_url or url_for("roles.explanation", role_id=role.id, candidate_id=candidate.id)
    return render_template(
        "pipeline/show.html",
        org=g.org,
        role=role,
        candidate=candidate,
        pipeline_view=panel,
        back=back,
    )


def _field_error(form: FlaskForm, exc: ServiceError) -> None:
    target = getattr(form, exc.field, None) if exc.field else None
    if target is None:
        target = next(f for f in form if not isinstance(f.widget, HiddenInput))
    target.errors = [*target.errors, str(exc.message)]


def _bulk_summary(form: BulkForm, result: pipeline.BulkResult) -> str:
    n = result.done
    if form.action.data == "shortlist":
        done = ngettext("%(num)d candidate shortlisted", "%(num)d candidates shortlisted", n)
    elif form.action.data == "not_a_fit":
        done = ngettext(
            "%(num)d candidate marked not a fit", "%(num)d candidates marked not a fit", n
        )
    else:
        stage = choice_label(form.stage, form.stage.data)
        done = ngettext(
            "%(num)d candidate moved to %(stage)s",
            "%(num)d candidates moved to %(stage)s",
            n,
            stage=stage,
        )
    parts = [done] + [
        ngettext("%(num)d skipped: %(reason)s", "%(num)d skipped: %(reason)s", k, reason=reason)
        for reason, k in Counter(result.skipped).items()
    ]
    return ", ".join(parts) + "."


from app.pipeline import stage_admin  # noqa: E402, F401 - its routes join this blueprint
