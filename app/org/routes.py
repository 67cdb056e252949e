from __future__ import annotations

from flask import g, render_template

from app.extensions import db
from app.models import STAFF_ROLES, ConsentPurpose, MemberRole, Role, RoleStatus
from app.profiles import display
from app.profiles.access import own_candidate
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
    """The candidate's own profile in this organization: every field with its source and date."""
    return render_template(
        "org/my_profile.html",
        org=g.org,
        candidate=own_candidate(),
        purposes=list(ConsentPurpose),
        matching_purpose=ConsentPurpose.MATCHING,
        **display.helpers(),
    )
