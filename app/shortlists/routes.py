"""Each role's shortlist: its order, and exports as CSV and JSON Resume files."""

from __future__ import annotations

import io

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db
from app.i18n import current_locale
from app.models import STAFF_ROLES, Application, Role
from app.services import evidence, exports, shortlists
from app.services.exports import Export
from app.shortlists.forms import MoveForm
from app.tenancy import get_or_404, members_only, org_blueprint

bp = org_blueprint("shortlists", __name__)


@bp.route("/roles/<int:role_id>/shortlist")
@members_only(*STAFF_ROLES)
def show(role_id: int):
    """The role's shortlist in its order, with score, stage, rating and latest note."""
    role = get_or_404(Role, role_id)
    entries = shortlists.shortlist(g.org, role)
    return render_template(
        "shortlists/show.html",
        org=g.org,
        role=role,
        entries=entries,
        share_url=url_for("shortlists.show", role_id=role.id, _external=True),
        describe_unmet=evidence.describe_unmet,
    )


@bp.route("/roles/<int:role_id>/shortlist/<int:application_id>/move", methods=["POST"])
@members_only(*STAFF_ROLES)
def move(role_id: int, application_id: int):
    """Move a person one place up or down; a stale page changes nothing and says so."""
    role = get_or_404(Role, role_id)
    application = get_or_404(Application, application_id)
    if application.role_id != role.id:
        abort(404)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        shortlists.move(
            g.org,
            role,
            application,
            form.direction.data,  # type: ignore[arg-type]
            expected_version=form.version.data,
            neighbor_id=form.neighbor.data,
            neighbor_version=form.neighbor_version.data,
        )
    except shortlists.ChangedMeanwhile as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
    target = url_for("shortlists.show", role_id=role.id, _anchor=f"application-{application.id}")
    return redirect(target, code=303)


def _download(export: Export) -> Response:
    response = send_file(
        io.BytesIO(export.data),
        mimetype=export.mimetype,
        as_attachment=True,
        download_name=export.filename,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/roles/<int:role_id>/shortlist.csv")
@members_only(*STAFF_ROLES)
def export_csv(role_id: int):
    """Download the shortlist as a spreadsheet (CSV, formula-safe, UTF-8 with BOM)."""
    role = get_or_404(Role, role_id)
    export = exports.export_csv(g.org, role, actor=current_user, locale=current_locale())
    db.session.commit()
    return _download(export)


@bp.route("/roles/<int:role_id>/shortlist.zip")
@members_only(*STAFF_ROLES)
def export_zip(role_id: int):
    """Download the shortlisted people's JSON Resume files in one ZIP."""
    role = get_or_404(Role, role_id)
    export = exports.export_zip(g.org, role, actor=current_user)
    db.session.commit()
    return _download(export)
