"""The organization's candidates for recruiters: the searchable list and the duplicates."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from app.candidates.forms import DismissForm, MergeForm, SearchForm
from app.candidates.links import candidate_url
from app.candidates.search import search_page
from app.extensions import db
from app.imports.routes import RECRUITERS
from app.models import Candidate, ConsentPurpose, Source
from app.models.base import utcnow
from app.services import duplicates
from app.services.errors import ServiceError
from app.tenancy import get_or_404, members_only, org_blueprint, scoped

bp = org_blueprint("candidates", __name__)

SOURCE_LABELS = {
    Source.FORM: _l("Profile form"),
    Source.LINKEDIN: "LinkedIn",
    Source.JSON_RESUME: "JSON Resume",
    Source.RECRUITER: _l("Entered by a recruiter"),
    Source.DEMO: _l("Demo data"),
}
CONSENT_LABELS = {"yes": _l("yes"), "no": _l("no"), "expired": _l("expired")}


def source_label(value: object) -> object:
    """The name of a source, whether given as a ``Source`` or as its stored string."""
    try:
        return SOURCE_LABELS[Source(str(value))]
    except ValueError:
        return value


def matching_consent(candidate: Candidate, now: datetime | None = None) -> str:
    """``"yes"`` (active), ``"expired"`` (lapsed, never withdrawn) or ``"no"``."""
    now = now or utcnow()
    given = [c for c in candidate.consents if c.purpose == ConsentPurpose.MATCHING]
    if any(c.is_active(now) for c in given):
        return "yes"
    if any(c.withdrawn_at is None for c in given):
        return "expired"
    return "no"


@bp.context_processor
def helpers() -> dict[str, object]:
    return {
        "candidate_url": candidate_url,
        "source_label": source_label,
        "matching_consent": matching_consent,
        "consent_labels": CONSENT_LABELS,
    }


@bp.route("/candidates")
@members_only(*RECRUITERS)
def index():
    """Every candidate of the organization, searchable by name, 25 a page."""
    form = SearchForm(formdata=request.args)
    results = search_page(
        scoped(Candidate),
        Candidate,
        columns=(Candidate.first_name, Candidate.last_name, Candidate.email),
        order_by=(func.lower(Candidate.last_name), func.lower(Candidate.first_name), Candidate.id),
        query=form.q.data or "",
        page=request.args.get("page", 1, type=int),
        options=(selectinload(Candidate.consents),),
    )
    return render_template("candidates/index.html", org=g.org, form=form, results=results)


@bp.route("/candidates/duplicates")
@members_only(*RECRUITERS)
def duplicate_list():
    """Pairs of records that may be the same person, most likely first."""
    pairs = duplicates.find_duplicates(g.org, limit=50)
    return render_template(
        "candidates/duplicates.html", org=g.org, pairs=pairs, dismiss_form=DismissForm()
    )


def _pair_or_404(candidate_id: int, other_id: int) -> tuple[Candidate, Candidate]:
    if candidate_id == other_id:
        abort(404)
    return get_or_404(Candidate, candidate_id), get_or_404(Candidate, other_id)


def _default_keep(first: Candidate, second: Candidate) -> Candidate:
    """The record with an account (its owner logs in to it), else the older one."""
    if (first.user_id is None) != (second.user_id is None):
        return first if first.user_id is not None else second
    return min(first, second, key=lambda c: c.id)


@bp.route("/candidates/duplicates/<int:candidate_id>/<int:other_id>")
@members_only(*RECRUITERS)
def pair(candidate_id: int, other_id: int):
    """Two records side by side, to merge them (the confirmation step) or tell them apart."""
    first, second = _pair_or_404(candidate_id, other_id)
    wanted = request.args.get("keep", type=int)
    keep = wanted if wanted in (first.id, second.id) else _default_keep(first, second).id
    form = MergeForm.for_pair(first, second, keep=str(keep))
    return render_template(
        "candidates/pair.html",
        org=g.org,
        first=first,
        second=second,
        form=form,
        dismiss_form=DismissForm(),
    )


@bp.route("/candidates/duplicates/<int:candidate_id>/<int:other_id>/merge", methods=["POST"])
@members_only(*RECRUITERS)
def merge(candidate_id: int, other_id: int):
    """Merge two records into the one chosen: every item and its source is kept."""
    first, second = _pair_or_404(candidate_id, other_id)
    form = MergeForm.for_pair(first, second)
    if not form.validate_on_submit():
        return render_template(
            "candidates/pair.html",
            org=g.org,
            first=first,
            second=second,
            form=form,
            dismiss_form=DismissForm(),
        ), 400
    keep, other = (first, second) if form.keep.data == str(first.id) else (second, first)
    try:
        kept = duplicates.merge(g.org, keep, other, actor=current_user)
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("candidates.pair", candidate_id=first.id, other_id=second.id))
    db.session.commit()
    flash(_("The two records are merged into %(name)s's profile.", name=kept.full_name), "success")
    return redirect(candidate_url(kept.id))


@bp.route("/candidates/duplicates/<int:candidate_id>/<int:other_id>/dismiss", methods=["POST"])
@members_only(*RECRUITERS)
def dismiss(candidate_id: int, other_id: int):
    """Record that two records are different people: the pair is not proposed again."""
    first, second = _pair_or_404(candidate_id, other_id)
    if not DismissForm().validate_on_submit():
        abort(400)
    duplicates.dismiss(g.org, first, second, actor=current_user)
    db.session.commit()
    flash(
        _(
            "%(first)s and %(second)s are kept as two people.",
            first=first.full_name,
            second=second.full_name,
        ),
        "success",
    )
    return redirect(url_for("candidates.duplicate_list"))
