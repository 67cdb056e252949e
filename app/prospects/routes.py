"""Prospects: importing a recruiter's connections, listing them, inviting one.

A prospect has consented to nothing: recruiters see only what the connections file
holds, and the person becomes a candidate only by opening their personal link,
creating an account and choosing, purpose by purpose, what they consent to.
"""

from __future__ import annotations

from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import func

from app.candidates.forms import SearchForm
from app.candidates.search import search_page
from app.extensions import db, limiter
from app.i18n import current_locale
from app.importers.errors import ImportFileError
from app.imports.routes import RECRUITERS, upload_name
from app.models import Prospect, User
from app.prospects.forms import (
    AcceptInvitationForm,
    ConnectionsForm,
    ConsentOnlyForm,
    InviteForm,
)
from app.services import accounts, prospects
from app.services.errors import ServiceError
from app.tenancy import get_or_404, members_only, org_blueprint, scoped

bp = org_blueprint("prospects", __name__)


@bp.route("/prospects")
@members_only(*RECRUITERS)
def index():
    """Every prospect of the organization, searchable by name or company, 25 a page."""
    form = SearchForm(formdata=request.args)
    page = search_page(
        scoped(Prospect),
        Prospect,
        columns=(Prospect.first_name, Prospect.last_name, Prospect.company),
        order_by=(func.lower(Prospect.last_name), func.lower(Prospect.first_name), Prospect.id),
        query=form.q.data or "",
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "prospects/index.html",
        org=g.org,
        form=form,
        results=page,
        invite_form=InviteForm(),
        retention_days=g.org.prospect_retention_days,
    )


@bp.route("/prospects/import", methods=["GET", "POST"])
@members_only(*RECRUITERS)
def upload():
    """Import the recruiter's own Connections.csv as prospects."""
    form = ConnectionsForm()
    if form.validate_on_submit():
        chosen = form.file.data
        filename = upload_name(chosen, "Connections.csv")
        try:
            result = prospects.import_connections(g.org, current_user, filename, chosen.read())
        except ImportFileError as exc:
            db.session.rollback()
            form.file.errors = [*form.file.errors, exc.describe()]
        else:
            db.session.commit()
            return render_template(
                "prospects/import_summary.html", org=g.org, result=result, filename=filename
            )
    elif request.method == "GET":
        return render_template("prospects/import.html", org=g.org, form=form)
    return render_template("prospects/import.html", org=g.org, form=form), 400


@bp.route("/prospects/<int:prospect_id>/invite", methods=["POST"])
@members_only(*RECRUITERS)
def invite(prospect_id: int):
    """Make a personal invitation link and show it, once: only its hash is kept."""
    prospect = get_or_404(Prospect, prospect_id)
    if not InviteForm().validate_on_submit():
        abort(400)
    token = prospects.invite(prospect, current_user)
    db.session.commit()
    link = url_for("prospects.invited", token=token, _external=True)
    purged_on = prospect.created_at + timedelta(days=g.org.prospect_retention_days)
    response = current_app.make_response(
        render_template(
            "prospects/invitation_link.html",
            org=g.org,
            prospect=prospect,
            link=link,
            purged_on=purged_on,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/invited/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
def invited(token: str):
    """A prospect's personal invitation: who invited them, why, and their consent."""
    prospect = prospects.prospect_for_token(g.org, token)
    if prospect is None:
        return render_template("prospects/invitation_invalid.html", org=g.org), 404
    inviter = db.session.get(User, prospect.invited_by_id) if prospect.invited_by_id else None
    if current_user.is_authenticated:
        return _accept_logged_in(prospect, inviter)
    form = AcceptInvitationForm(
        full_name=f"{prospect.first_name} {prospect.last_name}".strip(), email=prospect.email
    )
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.email.data, form.full_name.data, form.password.data, locale=current_locale()
            )
        except ServiceError as exc:
            if exc.field == "email" and accounts.find_user(form.email.data) is not None:
                exc.message = _(
                    "An account already exists for this address: log in, then open this link again."
                )
            getattr(form, exc.field or "password").errors.append(str(exc.message))
        else:
            prospects.accept_invitation(
                prospect, user, consents=form.chosen_purposes(), retention_months=form.months
            )
            db.session.commit()
            _start_session(user)
            flash(
                _("Welcome to %(org)s. Complete your profile when you like.", org=g.org.name),
                "success",
            )
            return redirect(url_for("org.my_profile"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "prospects/invited.html", org=g.org, form=form, prospect=prospect, inviter=inviter
    ), status


def _accept_logged_in(prospect: Prospect, inviter: User | None):  # type: ignore[no-untyped-def]
    if g.membership is not None and g.membership.is_staff:
        # Accepting would turn a team member's membership into a candidate's.
        status = 403 if request.method == "POST" else 200
        return render_template(
            "prospects/invited.html", org=g.org, prospect=prospect, inviter=inviter, staff=True
        ), status
    form = ConsentOnlyForm()
    if form.validate_on_submit():
        prospects.accept_invitation(
            prospect, current_user, consents=form.chosen_purposes(), retention_months=form.months
        )
        db.session.commit()
        flash(
            _("Welcome to %(org)s. Complete your profile when you like.", org=g.org.name), "success"
        )
        return redirect(url_for("org.my_profile"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "prospects/invited.html",
        org=g.org,
        form=form,
        prospect=prospect,
        inviter=inviter,
        logged_in=True,
    ), status


def _start_session(user: User) -> None:
    """Log the new account in, as the join page does (nothing from before survives)."""
    session.clear()
    login_user(user)
    if user.locale:
        session["locale"] = user.locale
