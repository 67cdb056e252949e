"""Candidates asking for a human review of their automated assessment (Law 25)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.models import STAFF_ROLES, MemberRole, ReviewRequest
from app.navigation import safe_next
from app.profiles.access import own_candidate
from app.reviews.forms import ResolveForm, ReviewRequestForm
from app.services import reviews
from app.services.errors import ServiceError
from app.tenancy import get_or_404, members_only, org_blueprint

bp = org_blueprint("reviews", __name__)

#: Who answers the requests: the people who run the recruiting.
REVIEWERS = (MemberRole.ADMIN, MemberRole.RECRUITER)


def resolve_form(review: ReviewRequest, next_url: str = "") -> ResolveForm:
    """The "mark as reviewed" form of one request (prefixed: a page may list several)."""
    form = ResolveForm(prefix=f"review-{review.id}")
    if not form.next.data:
        form.next.data = next_url
    return form


@bp.app_context_processor
def review_helpers() -> dict[str, object]:
    # The candidate-for-role page (roles blueprint) lists requests with this form.
    return {"review_resolve_form": resolve_form}


@bp.route("/me/review", methods=["GET", "POST"], endpoint="request")
@members_only(MemberRole.CANDIDATE)
def ask():
    """A candidate asks a person to review how they were assessed, for one role or all."""
    candidate = own_candidate()
    offered = reviews.roles_to_review(candidate)
    form = ReviewRequestForm()
    form.role.choices = [
        SelectChoice("", _("My assessment for every role")),
        *(SelectChoice(str(r.id), r.title) for r in offered),
    ]
    if form.validate_on_submit():
        role = next((r for r in offered if str(r.id) == form.role.data), None)
        try:
            reviews.request_review(
                candidate, role=role, message=form.message.data or "", actor=current_user
            )
        except ServiceError as exc:
            db.session.rollback()
            form[exc.field or "role"].errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(
                _("Your request was sent. A person will review it and answer you here."), "success"
            )
            return redirect(url_for("reviews.request"))
    status = 400 if form.errors else 200
    page = render_template(
        "reviews/request.html",
        org=g.org,
        form=form,
        requests=reviews.for_candidate(candidate),
    )
    return page, status


@bp.route("/reviews")
@members_only(*STAFF_ROLES)
def index():
    """Requests for a human review: those waiting first, then the latest answered."""
    return _index()


@bp.route("/reviews/<int:review_id>/resolve", methods=["POST"])
@members_only(*REVIEWERS)
def resolve(review_id: int):
    """Mark a request as reviewed, with the answer the candidate reads."""
    review = get_or_404(ReviewRequest, review_id)
    form = resolve_form(review)
    if form.validate_on_submit():
        try:
            reviews.resolve(review, resolution=form.resolution.data or "", actor=current_user)
        except ServiceError as exc:
            db.session.rollback()
            if exc.field == "resolution":
                form.resolution.errors.append(str(exc.message))
            else:  # the request itself: already answered
                flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(
                _("The request is marked as reviewed; the candidate sees your answer."), "success"
            )
            return redirect(safe_next(form.next.data) or url_for("reviews.index"))
    return _index(failed={review.id: form}), 400


def _index(failed: dict[int, ResolveForm] | None = None) -> str:
    return render_template(
        "reviews/index.html",
        org=g.org,
        waiting=reviews.listing(g.org, resolved=False),
        answered=reviews.listing(g.org, resolved=True, limit=50),
        can_resolve=g.membership.role in REVIEWERS,
        failed=failed or {},
    )
