"""Writing roles: create, edit, duplicate, open, pause, close; per-role weights.

Admins and recruiters write every role; board chairs write board roles only.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.i18n import current_locale
from app.models import MemberRole, Role, RoleKind, RoleStatus
from app.navigation import safe_next
from app.profiles.fields import language_suggestions
from app.profiles.rows import MAX_ROWS
from app.role_editor.forms import (
    SECTION_BY_NAME,
    SECTIONS,
    RoleForm,
    StatusForm,
    WeightsForm,
)
from app.services import matching, role_editor
from app.services.errors import ServiceError
from app.tenancy import get_or_404, members_only, org_blueprint
from app.tuning.routes import COMPONENT_LABELS  # the tuning page names criteria the same way

bp = org_blueprint("role_editor", __name__)

WRITERS = (MemberRole.ADMIN, MemberRole.RECRUITER, MemberRole.BOARD_CHAIR)


def _status_done(status: RoleStatus, title: str) -> str:
    """What the status buttons say once done."""
    if status == RoleStatus.OPEN:
        return _("The role %(title)s is open.", title=title)
    if status == RoleStatus.PAUSED:
        return _("The role %(title)s is paused.", title=title)
    if status == RoleStatus.CLOSED:
        return _("The role %(title)s is closed.", title=title)
    return _("The role %(title)s is back to draft.", title=title)


def writable_kinds(role: MemberRole | None) -> tuple[RoleKind, ...]:
    """The kinds of role a member may create and change."""
    if role in (MemberRole.ADMIN, MemberRole.RECRUITER):
        return tuple(RoleKind)
    if role == MemberRole.BOARD_CHAIR:
        return (RoleKind.BOARD,)
    return ()


def can_write(role: Role) -> bool:
    """Whether the current member may edit, duplicate, open or close ``role``."""
    membership = g.get("membership")
    return membership is not None and role.kind in writable_kinds(membership.role)


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {"can_write_role": can_write, "role_transitions": role_editor.TRANSITIONS}


def _writable(role_id: int) -> Role:
    role = get_or_404(Role, role_id)
    if not can_write(role):
        abort(403)
    return role


# --- the form -------------------------------------------------------------------------------


@bp.route("/roles/new", methods=["GET", "POST"])
@members_only(*WRITERS)
def new():
    """Write a new role: every field of a role file, skills with taxonomy suggestions."""
    kinds = writable_kinds(g.membership.role)
    if request.method == "GET":
        form = RoleForm(kinds=kinds, data={n: [{}] for n in SECTION_BY_NAME})
        return _render(form, None)
    form = RoleForm(kinds=kinds)
    action = request.form.get("action", "save")
    if action not in ("save", "draft"):
        return _render(form, None, focus=_change_rows(form, action))
    draft = _read(form)
    if draft is None:
        return _render(form, None), 400
    status = RoleStatus.DRAFT if action == "draft" else RoleStatus.OPEN
    role = role_editor.create_role(
        g.org, draft, actor=current_user, blind_review=form.blind_review.data, status=status
    )
    db.session.commit()
    if status == RoleStatus.DRAFT:
        flash(_("The role %(title)s is saved as a draft.", title=role.title), "success")
    else:
        flash(_("The role %(title)s was created.", title=role.title), "success")
    return redirect(url_for("roles.detail", role_id=role.id))


@bp.route("/roles/<int:role_id>/edit", methods=["GET", "POST"])
@members_only(*WRITERS)
def edit(role_id: int):
    """Change a role; the ranking uses the new version at once."""
    role = _writable(role_id)
    kinds = writable_kinds(g.membership.role)
    if request.method == "GET":
        return _render(RoleForm.for_role(role, current_locale(), kinds=kinds), role)
    form = RoleForm(kinds=kinds)
    action = request.form.get("action", "save")
    if action != "save":
        return _render(form, role, focus=_change_rows(form, action))
    draft = _read(form)
    if draft is None:
        return _render(form, role), 400
    changed = role_editor.update_role(
        g.org, role, draft, actor=current_user, blind_review=form.blind_review.data
    )
    db.session.commit()
    if changed:
        flash(_("The role %(title)s is saved.", title=role.title), "success")
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("roles.detail", role_id=role.id))


def _read(form: RoleForm) -> role_editor.RoleDraft | None:
    """The form's role as a draft, or None with every problem shown beside its field."""
    if not form.validate_on_submit():
        return None
    draft = role_editor.read_document(form.document())
    if isinstance(draft, list):
        form.show_problems(draft)
        return None
    return draft


def _change_rows(form: RoleForm, action: str) -> str | None:
    """Apply "add:skills" or "remove:skills:2"; the id of what to focus next."""
    verb, _sep, rest = action.partition(":")
    name, _sep, index = rest.partition(":")
    if name not in SECTION_BY_NAME:
        abort(400)
    if verb == "add":
        if not form.add_row(name):
            flash(_("A section holds at most %(count)d rows.", count=MAX_ROWS), "error")
            return f"add-{name}"
        first = next(iter(form[name].entries[-1].form))
        first.render_kw = {**(first.render_kw or {}), "autofocus": True}
        return first.id
    if verb == "remove" and index.isdigit():
        form.remove_row(name, int(index))
        return f"add-{name}"
    abort(400)


def _render(form: RoleForm, role: Role | None, *, focus: str | None = None) -> str:
    locale = current_locale()
    return render_template(
        "role_editor/form.html",
        org=g.org,
        role=role,
        form=form,
        sections=SECTION_BY_NAME,
        blank_rows={s.name: form.blank_row(s.name) for s in SECTIONS},
        language_list=language_suggestions(locale),
        recognized=_recognized(form, locale),
        focus=focus,
        errors=form.error_summary(),
    )


def _recognized(form: RoleForm, locale: str) -> dict[int, str]:
    """Per skill row, the taxonomy skill its name stands for (in the reader's language)."""
    found = {}
    for n, entry in enumerate(form.skills):
        name = entry.form.name.data
        concept = matching.skill_concept(name) if name else None
        if concept:
            found[n] = matching.concept_label(concept, locale)
    return found


# --- duplicate and status ---------------------------------------------------------------------


@bp.route("/roles/<int:role_id>/duplicate", methods=["POST"])
@members_only(*WRITERS)
def duplicate(role_id: int):
    """Make a draft copy of the role ("Copy of …") and open it in the form."""
    role = _writable(role_id)  # the CSRF token is checked app-wide: nothing else to read
    copy = role_editor.duplicate_role(g.org, role, actor=current_user)
    db.session.commit()
    flash(
        _("A draft copy was made: %(title)s. Change what differs, then open it.", title=copy.title),
        "success",
    )
    return redirect(url_for("role_editor.edit", role_id=copy.id))


@bp.route("/roles/<int:role_id>/status", methods=["POST"])
@members_only(*WRITERS)
def status(role_id: int):
    """Open, pause or close the role, or put it back to draft."""
    role = _writable(role_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    target = RoleStatus(form.status.data)
    back = safe_next(form.next.data) or url_for("roles.detail", role_id=role.id)
    try:
        role_editor.change_status(g.org, role, target, actor=current_user)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(back)
    db.session.commit()
    flash(_status_done(target, role.title), "success")
    return redirect(back)


# --- weights ------------------------------------------------------------------------------------


@bp.route("/roles/<int:role_id>/weights", methods=["GET", "POST"])
@members_only(*WRITERS)
def weights(role_id: int):
    """The role's own weights beside the defaults of its kind and the organization's."""
    role = _writable(role_id)
    if request.method == "GET":
        return _weights_page(role, WeightsForm(formdata=None, data=role.weights or {}))
    form = WeightsForm()
    reset = request.form.get("action") == "reset"
    if not reset and not form.validate_on_submit():
        return _weights_page(role, form, overrides=_typed(form)), 400
    try:
        changed = role_editor.set_weights(
            g.org, role, {} if reset else form.overrides(), actor=current_user
        )
    except ServiceError as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
        return _weights_page(role, form, overrides=form.overrides()), 400
    db.session.commit()
    if reset:
        flash(
            _("The role %(title)s follows the organization's weights again.", title=role.title),
            "success",
        )
    elif changed:
        flash(
            _("The weights of %(title)s are saved: the ranking uses them now.", title=role.title),
            "success",
        )
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("role_editor.weights", role_id=role.id))


def _typed(form: WeightsForm) -> dict[str, float]:
    """The valid numbers of a form sent back with errors, to preview their effect."""
    return {name: value for name, value in form.overrides().items() if not form[name].errors}


def _weights_page(role: Role, form: WeightsForm, *, overrides: dict[str, float] | None = None):
    return render_template(
        "role_editor/weights.html",
        org=g.org,
        role=role,
        form=form,
        rows=role_editor.weight_rows(g.org, role, overrides),
        component_labels=COMPONENT_LABELS,
        points=lambda value: format_decimal(value, "#,##0.#"),
        percent=lambda share: format_percent(share, "#,##0%"),
    )
