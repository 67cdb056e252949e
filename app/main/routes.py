from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.main.forms import LocaleForm
from app.navigation import home_for, safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """The landing page, or the user's organization once logged in."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return render_template("main/index.html")


@bp.route("/organizations")
@login_required
def organizations():
    """Choose among the organizations the user belongs to."""
    memberships = sorted(current_user.memberships, key=lambda m: m.organization.name.lower())
    return render_template("main/organizations.html", memberships=memberships)


@bp.route("/locale", methods=["POST"])
def set_locale():
    """Switch the interface language; remembered on the account when logged in."""
    form = LocaleForm()
    if not form.validate_on_submit():
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        current_user.locale = form.locale.data
        db.session.commit()
    return redirect(safe_next(form.next.data) or url_for("main.index"))
