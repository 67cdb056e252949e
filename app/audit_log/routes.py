"""The audit log, read by administrators."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request
from flask_babel import gettext as _

from app.audit_log.events import Filters, log_page, staff_members
from app.audit_log.forms import AuditFilterForm
from app.i18n import current_locale
from app.models import MemberRole
from app.tenancy import members_only, org_blueprint

bp = org_blueprint("audit_log", __name__)

FILTER_ARGS = ("actor", "candidate", "action", "date_from", "date_to")


def _filters(form: AuditFilterForm) -> Filters:
    """The filters the form understood; a value in error is left out (and shown as such)."""
    if request.args:
        form.validate()
    start, end = form.date_from, form.date_to
    if not (start.errors or end.errors) and start.data and end.data and end.data < start.data:
        end.errors = [_("The end date comes before the start date.")]

    def value(field: Any) -> Any:
        return None if field.errors or field.data in ("", None) else field.data

    actor = value(form.actor)
    return Filters(
        actor_id=int(actor) if actor else None,
        candidate_id=value(form.candidate),
        action=value(form.action),
        date_from=value(form.date_from),
        date_to=value(form.date_to),
    )


@bp.route("/audit")
@members_only(MemberRole.ADMIN)
def index():
    """Who did what, newest first, filtered by member, candidate, action and dates."""
    form = AuditFilterForm(formdata=request.args)
    form.set_choices(staff_members(g.org))
    filters = _filters(form)
    page = log_page(
        g.org, filters, page=request.args.get("page", 1, type=int), locale=current_locale()
    )
    kept = {name: request.args[name] for name in FILTER_ARGS if request.args.get(name)}
    ignored = any(getattr(form, name).errors for name in FILTER_ARGS)
    return render_template(
        "audit_log/index.html",
        org=g.org,
        form=form,
        log=page,
        kept=kept,
        ignored=ignored,
        filtered=any(v is not None for v in vars(filters).values()),
    )
