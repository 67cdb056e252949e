from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from app.extensions import db
from app.models import STAFF_ROLES, Candidate, ConsentPurpose, MemberRole, Role, RoleStatus
from app.services.dashboard import organization_overview
from app.tenancy import members_only, org_blueprint, scoped

bp = org_blueprint("org", __name__)


@bp.route("/")
def public():
    """The organization's public page: who they are and the roles open to all."""
    roles = db.session.scalars(
        scoped(Role).where(Role.status == RoleStatus.OPEN).order_by(Role.kind, Role.title)
    ).all()
    return render_template("org/public.html", org=g.org, roles=roles)


@bp.route("/dashboard")
@members_only(*STAFF_ROLES)
def dashboard():
    """Open roles with their pipeline, recent candidates and the board's terms."""
    return render_template("org/dashboard.html", org=g.org, overview=organization_overview(g.org))


@bp.route("/me")
@members_only(MemberRole.CANDIDATE)
def my_profile():
    """The candidate's own profile in this organization, and what they consented to."""
    candidate = db.session.scalar(scoped(Candidate).where(Candidate.user_id == current_user.id))
    return render_template(
        "org/my_profile.html", org=g.org, candidate=candidate, purposes=list(ConsentPurpose)
    )
