from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.extensions import db
from app.models import LearnedWeights, MemberRole, Organization, RoleKind, User
from app.services import learning
from app.services.errors import ServiceError
from app.tenancy import members_only, org_blueprint
from app.tuning.forms import TuningActionForm

bp = org_blueprint("tuning", __name__)

COMPONENT_LABELS = {
    "skills": _l("Skills"),
    "text": _l("Relevance of the profile's text"),
    "experience": _l("Experience"),
    "languages": _l("Languages"),
    "availability": _l("Availability"),
    "location": _l("Location"),
    "cause": _l("Cause"),
    "governance": _l("Governance experience"),
    "board_gaps": _l("Board gaps filled"),
}

KIND_TITLES = {
    "volunteer": _l("Volunteer roles"),
    "staff": _l("Staff roles"),
    "board": _l("Board roles"),
}

Action = Callable[[Organization, RoleKind, User], LearnedWeights]


@bp.route("/tuning")
@members_only(MemberRole.ADMIN, MemberRole.RECRUITER)
def index():
    """Per role kind: the weights in force, those learned from decisions, and how they rank."""
    return render_template(
        "tuning/index.html",
        org=g.org,
        kinds=learning.overview(g.org),
        action_form=TuningActionForm,
        component_labels=COMPONENT_LABELS,
        kind_titles=KIND_TITLES,
        percent=lambda share: format_percent(share, "#,##0.#%"),
    )


@bp.route("/tuning/propose", methods=["POST"])
@members_only(MemberRole.ADMIN, MemberRole.RECRUITER)
def propose():
    """Learn weights from the decisions recruiters made so far; they await acceptance."""
    return _act(
        learning.propose,
        lambda row: _(
            "Weights learned from %(num)d decisions: compare them, then accept them or not.",
            num=row.decision_count,
        ),
    )


@bp.route("/tuning/accept", methods=["POST"])
@members_only(MemberRole.ADMIN, MemberRole.RECRUITER)
def accept():
    """Put the proposed weights in force; rankings change at once."""
    return _act(learning.accept, lambda row: _("The learned weights are now in force."))


@bp.route("/tuning/reset", methods=["POST"])
@members_only(MemberRole.ADMIN, MemberRole.RECRUITER)
def reset():
    """Put back the weights in force before the learned ones."""
    return _act(learning.reset, lambda row: _("The weights in force before are back in force."))


def _act(action: Action, done: Callable[[LearnedWeights], str]):  # type: ignore[no-untyped-def]
    form = TuningActionForm()
    if not form.validate_on_submit():
        abort(400)  # only a forged request lacks the kind: the page's buttons all send one
    try:
        row = action(g.org, RoleKind(form.kind.data), current_user)
    except ServiceError as exc:
        flash(str(exc.message), "error")
    else:
        db.session.commit()
        flash(done(row), "success")
    return redirect(url_for("tuning.index", _anchor=f"kind-{form.kind.data}"))
