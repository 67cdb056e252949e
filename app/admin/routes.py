from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.admin.forms import ChangeRoleForm, InviteForm, RemoveMemberForm, SettingsForm
from app.extensions import db
from app.labels import label
from app.models import Invitation, MemberRole, Membership, User
from app.models.base import utcnow
from app.services import accounts
from app.services.errors import ServiceError
from app.services.mail import send_mail
from app.tenancy import get_or_404, members_only, org_blueprint, scoped

bp = org_blueprint("admin", __name__)


@bp.route("/members")
@members_only(MemberRole.ADMIN)
def members():
    """Everyone who works in the organization, and pending invitations."""
    return _render_members(InviteForm())


def _render_members(invite_form: InviteForm):  # type: ignore[no-untyped-def]
    memberships = db.session.scalars(
        scoped(Membership)
        .join(Membership.user)
        .options(joinedload(Membership.user))
        .order_by(User.full_name)
    ).all()
    pending = db.session.scalars(
        scoped(Invitation)
        .where(Invitation.accepted_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())
    ).all()
    return render_template(
        "admin/members.html",
        org=g.org,
        memberships=memberships,
        pending=pending,
        invite_form=invite_form,
        change_form=ChangeRoleForm,
        remove_form=RemoveMemberForm(),
    )


@bp.route("/members/invite", methods=["POST"])
@members_only(MemberRole.ADMIN)
def invite():
    """E-mail an invitation link that makes its holder a member."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, token = accounts.invite_member(
                g.org, form.email.data, MemberRole(form.role.data), current_user
            )
        except ServiceError as exc:
            form.email.errors.append(str(exc.message))
        else:
            link = url_for("auth.accept_invitation", token=token, _external=True)
            send_mail(
                invitation.email,
                _("Invitation to %(org)s on Rallier", org=g.org.name),
                _(
                    "%(name)s invites you to join %(org)s on Rallier as %(role)s.\n\n"
                    "Accept within %(days)d days:\n%(link)s",
                    name=current_user.full_name,
                    org=g.org.name,
                    role=label(invitation.role),
                    days=(invitation.expires_at - utcnow()).days + 1,
                    link=link,
                ),
            )
            db.session.commit()
            flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("admin.members"))
    return _render_members(form), 400


@bp.route("/members/<int:membership_id>/role", methods=["POST"])
@members_only(MemberRole.ADMIN)
def change_role(membership_id: int):
    """Give a member another role."""
    membership = get_or_404(Membership, membership_id)
    form = ChangeRoleForm()
    if form.validate_on_submit():
        try:
            accounts.change_role(g.org, membership, MemberRole(form.role.data), current_user)
        except ServiceError as exc:
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is now %(role)s.",
                    name=membership.user.full_name,
                    role=label(membership.role),
                ),
                "success",
            )
    else:
        flash(_("Choose a role from the list."), "error")
    return redirect(url_for("admin.members"))


@bp.route("/members/<int:membership_id>/remove", methods=["POST"])
@members_only(MemberRole.ADMIN)
def remove(membership_id: int):
    """Take someone out of the organization."""
    membership = get_or_404(Membership, membership_id)
    form = RemoveMemberForm()
    if form.validate_on_submit():
        name = membership.user.full_name
        try:
            accounts.remove_member(g.org, membership, current_user)
        except ServiceError as exc:
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("%(name)s no longer belongs to the organization.", name=name), "success")
    return redirect(url_for("admin.members"))


@bp.route("/settings", methods=["GET", "POST"])
@members_only(MemberRole.ADMIN)
def settings():
    """The organization's settings: how long prospects are kept, when an application waits."""
    form = SettingsForm(obj=g.org)
    if form.validate_on_submit():
        try:
            accounts.update_settings(
                g.org,
                current_user,
                prospect_retention_days=form.prospect_retention_days.data,
                waiting_days=form.waiting_days.data,
            )
        except ServiceError as error:
            getattr(form, error.field or "prospect_retention_days").errors.append(
                str(error.message)
            )
        else:
            db.session.commit()
            flash(_("Settings saved."), "success")
            return redirect(url_for("admin.settings"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/settings.html", org=g.org, form=form), status
