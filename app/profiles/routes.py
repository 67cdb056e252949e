"""The profile form, a candidate's profile as staff see it, and skill suggestions."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.i18n import current_locale
from app.models import STAFF_ROLES, ConsentPurpose, MemberRole
from app.profiles import bp, display
from app.profiles.access import EDITORS, Subject, me, on_behalf
from app.profiles.fields import language_suggestions
from app.profiles.forms import ProfileForm
from app.profiles.rows import MAX_ROWS, SECTION_BY_NAME, SECTIONS
from app.services import audit, matching, profile_form
from app.tenancy import members_only

MAX_QUERY = 80
SUGGESTIONS = 8


@bp.route("/me/edit", methods=["GET", "POST"])
@members_only(MemberRole.CANDIDATE)
def my_edit():
    """The candidate edits their own profile."""
    return _edit(me())


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@members_only(*EDITORS)
def candidate_edit(candidate_id: int):
    """A recruiter edits a candidate's profile on their behalf (same form)."""
    return _edit(on_behalf(candidate_id))


@bp.route("/candidates/<int:candidate_id>")
@members_only(*STAFF_ROLES)
def candidate_profile(candidate_id: int):
    """A candidate's whole profile, each field with its source and date."""
    subject = on_behalf(candidate_id)
    page = render_template(
        "profiles/candidate.html",
        subject=subject,
        candidate=subject.candidate,
        purposes=list(ConsentPurpose),
        can_edit=g.membership.role in EDITORS,
        **display.helpers(),
    )
    audit.record(
        "candidate.viewed",
        organization_id=g.org.id,
        actor_id=current_user.id,
        target_type="candidate",
        target_id=subject.candidate.id,
    )
    db.session.commit()
    return page


@bp.route("/suggest")
@members_only()
def suggest():
    """Skills or job titles from the bilingual taxonomy that complete what is typed (JSON)."""
    kind = request.args.get("kind", "skill")
    query = request.args.get("q", "").strip()
    lang = request.args.get("lang") or current_locale()
    if kind not in ("skill", "title") or len(query) > MAX_QUERY:
        return jsonify(
            error=_("Ask for kind=skill or kind=title, with at most 80 characters.")
        ), 400
    if lang not in ("fr", "en"):
        lang = current_locale()
    found = matching.taxonomy().suggest(query, lang=lang, limit=SUGGESTIONS, kind=kind)
    return jsonify(
        kind=kind,
        lang=lang,
        suggestions=[{"label": s.label, "concept_id": s.concept_id} for s in found],
    )


# --- the form ---------------------------------------------------------------------------


def _edit(subject: Subject) -> Any:
    if request.method == "GET":
        return _render(subject, ProfileForm.for_candidate(subject.candidate))
    form = ProfileForm()
    action = request.form.get("action", "save")
    if action != "save":  # a row added or removed: nothing is checked, nothing is saved
        return _render(subject, form, focus=_change_rows(form, action))
    if not form.validate_on_submit():
        return _render(subject, form), 400
    result = profile_form.save_profile(
        subject.candidate, form.to_input(), source=subject.source, actor=current_user
    )
    db.session.commit()
    if not result.changed:
        flash(_("Nothing changed."), "info")
    elif subject.own:
        flash(_("Your profile is saved."), "success")
    else:
        flash(_("The profile of %(name)s is saved.", name=subject.candidate.full_name), "success")
    return redirect(subject.profile_url)


def _change_rows(form: ProfileForm, action: str) -> str | None:
    """Apply "add:positions" or "remove:positions:2"; the id of what to focus next."""
    verb, _sep, rest = action.partition(":")
    name, _sep, index = rest.partition(":")
    if name not in SECTION_BY_NAME:
        abort(400)
    if verb == "add":
        if not form.add_row(name):
            flash(_("A section holds at most %(count)d rows.", count=MAX_ROWS), "error")
            return f"add-{name}"
        first = next(f for f in form[name].entries[-1].form if f.short_name != "id")
        first.render_kw = {**(first.render_kw or {}), "autofocus": True}
        return first.id
    if verb == "remove" and index.isdigit():
        form.remove_row(name, int(index))
        return f"add-{name}"
    abort(400)


def _render(subject: Subject, form: ProfileForm, *, focus: str | None = None) -> str:
    return render_template(
        "profiles/edit.html",
        subject=subject,
        candidate=subject.candidate,
        form=form,
        sections=SECTIONS,
        blank_rows={s.name: form.blank_row(s.name) for s in SECTIONS},
        language_list=language_suggestions(current_locale()),
        focus=focus,
        errors=form.error_summary(),
    )
