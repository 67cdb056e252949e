from __future__ import annotations

from flask import (
    Blueprint,
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
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import (
    AcceptInvitationForm,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignUpForm,
)
from app.extensions import db, limiter
from app.i18n import current_locale
from app.models import User
from app.navigation import home_for, safe_next
from app.services import accounts, audit
from app.services.errors import ServiceError
from app.services.mail import send_mail
from app.tenancy import org_blueprint

bp = Blueprint("auth", __name__)
org_bp = org_blueprint("join", __name__)


def _login_account_key() -> str:
    return "account:" + accounts.normalize_email(request.form.get("email", ""))


def _failed(response) -> bool:  # type: ignore[no-untyped-def]
    # A failed attempt re-renders the form (200); a success redirects.
    return response.status_code == 200


def _start_session(user: User) -> None:
    session.clear()  # no value from before login survives (session fixation)
    login_user(user)
    if user.locale:
        session["locale"] = user.locale


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_failed,
)
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            _start_session(user)
            audit.record("user.logged_in", actor_id=user.id, target_type="user", target_id=user.id)
            db.session.commit()
            return redirect(safe_next(form.next.data) or home_for(user))
        audit.record("user.login_failed", email=accounts.normalize_email(form.email.data))
        db.session.commit()
        # The same words whether the address exists or not.
        form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out everywhere: the session token is replaced."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    accounts.log_out(current_user)
    audit.record(
        "user.logged_out", actor_id=current_user.id, target_type="user", target_id=current_user.id
    )
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
def forgot_password():
    """Ask for a password-reset link by e-mail."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is not None and user.active:
            token = accounts.make_reset_token(user)
            link = url_for("auth.reset_password", token=token, _external=True)
            send_mail(
                user.email,
                _("Reset your Rallier password"),
                _(
                    "Hello %(name)s,\n\nTo choose a new password, open this link within "
                    "two hours:\n%(link)s\n\nIf you did not ask for it, ignore this message.",
                    name=user.full_name,
                    link=link,
                ),
            )
        # Same answer for known and unknown addresses: no account enumeration.
        flash(_("If an account uses this address, a reset link is on its way."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from an e-mailed link."""
    user = accounts.user_for_reset_token(token)
    if user is None:
        flash(_("This reset link is invalid or has expired. Ask for a new one."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.password.data)
        except ServiceError as exc:
            form.password.errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(_("Your password is changed. Please log in."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Accept an invitation: create an account, or join with the current one."""
    invitation = accounts.find_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    existing = accounts.find_user(invitation.email)
    if existing is not None:
        return _accept_as_existing_user(invitation, existing)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                invitation.email, form.full_name.data, form.password.data, locale=current_locale()
            )
        except ServiceError as exc:
            getattr(form, exc.field or "password").errors.append(str(exc.message))
        else:
            accounts.accept_invitation(invitation, user)
            db.session.commit()
            _start_session(user)
            flash(_("Welcome to %(org)s.", org=invitation.organization.name), "success")
            return redirect(home_for(user))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


def _accept_as_existing_user(invitation, user: User):  # type: ignore[no-untyped-def]
    if not current_user.is_authenticated:
        flash(_("Log in with %(email)s to accept this invitation.", email=invitation.email), "info")
        return redirect(url_for("auth.login", next=request.path))
    if current_user.id != user.id:
        # Accepting must not attach the membership to whoever happens to be logged in.
        return render_template(
            "auth/accept_invitation.html", invitation=invitation, wrong_user=True
        )
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.accept_invitation(invitation, user)
        db.session.commit()
        flash(_("Welcome to %(org)s.", org=invitation.organization.name), "success")
        return redirect(home_for(user))
    return render_template(
        "auth/accept_invitation.html", form=form, invitation=invitation, existing=True
    )


@org_bp.route("/join", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
def join():
    """Create a candidate account on the organization's public page."""
    org = g.org
    if current_user.is_authenticated:
        return _join_logged_in(org)
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = accounts.sign_up_candidate(
                org, form.email.data, form.full_name.data, form.password.data, current_locale()
            )
        except ServiceError as exc:
            if exc.field == "email":
                exc.message = _(
                    "An account already exists for this address: log in, then join from this page."
                )
            getattr(form, exc.field or "password").errors.append(str(exc.message))
        else:
            db.session.commit()
            _start_session(user)
            flash(_("Your account is ready. Complete your profile when you like."), "success")
            return redirect(url_for("org.my_profile"))
    return render_template("auth/join.html", form=form, org=org)


def _join_logged_in(org):  # type: ignore[no-untyped-def]
    form = ConfirmForm()
    if g.membership is not None:
        return redirect(home_for(current_user))
    if form.validate_on_submit():
        accounts.join_as_candidate(org, current_user)
        db.session.commit()
        flash(_("You joined %(org)s as a candidate.", org=org.name), "success")
        return redirect(url_for("org.my_profile"))
    return render_template("auth/join.html", form=form, org=org, logged_in=True)
