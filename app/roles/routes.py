from __future__ import annotations

import io
import json
import os
import re

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.extensions import db
from app.i18n import current_locale
from app.models import STAFF_ROLES, Candidate, Role
from app.roles.forms import RoleFileForm
from app.services import ranking, roles
from app.tenancy import get_or_404, members_only, org_blueprint

bp = org_blueprint("roles", __name__)

PER_PAGE = 25
MAX_KB = roles.MAX_ROLE_FILE_BYTES // 1024

COMPONENT_LABELS = {
    "skills": _l("Skills"),
    "text": _l("Profile text"),
    "experience": _l("Experience"),
    "languages": _l("Languages"),
    "availability": _l("Availability"),
    "location": _l("Location"),
    "cause": _l("Cause"),
    "governance": _l("Governance experience"),
    "board_gaps": _l("Board gaps closed"),
}

SOURCE_LABELS = {
    "form": _l("form"),
    "linkedin": "LinkedIn",
    "json_resume": "JSON Resume",
    "recruiter": _l("entered by a recruiter"),
    "demo": _l("demo data"),
}


@bp.context_processor
def labels() -> dict[str, object]:
    return {"component_labels": COMPONENT_LABELS, "source_labels": SOURCE_LABELS}


@bp.route("/roles")
@members_only(*STAFF_ROLES)
def index():
    """Every role of the organization with its kind, status and counts."""
    return render_template("roles/index.html", org=g.org, items=roles.role_summaries(g.org))


@bp.route("/roles/import", methods=["GET", "POST"])
@members_only(*STAFF_ROLES)
def upload():
    """Create a role from a role file (a JSON Resume job with Rallier's extensions)."""
    form = RoleFileForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = os.path.basename(upload.filename or "")[:120] or "role.json"
        try:
            role = roles.import_role_file(
                g.org, upload.read(), filename=filename, actor=current_user
            )
        except roles.RoleFileError as exc:
            form.file.errors = [*form.file.errors, *(str(p) for p in exc.problems)]
        else:
            db.session.commit()
            flash(_("The role %(title)s was created.", title=role.title), "success")
            return redirect(url_for("roles.detail", role_id=role.id))
    elif request.method == "GET":
        return render_template("roles/import.html", org=g.org, form=form, max_kb=MAX_KB)
    return render_template("roles/import.html", org=g.org, form=form, max_kb=MAX_KB), 400


@bp.route("/roles/<int:role_id>")
@members_only(*STAFF_ROLES)
def detail(role_id: int):
    """The role, and the consenting candidates best matched to it, 25 a page."""
    role = get_or_404(Role, role_id)
    page = request.args.get("page", 1, type=int)
    page_of_candidates = ranking.ranking_page(g.org, role, page=page, per_page=PER_PAGE)
    return render_template(
        "roles/detail.html", org=g.org, role=role, ranking=page_of_candidates, per_page=PER_PAGE
    )


@bp.route("/roles/<int:role_id>/candidates/<int:candidate_id>")
@members_only(*STAFF_ROLES)
def explanation(role_id: int, candidate_id: int):
    """Why a candidate scores what they do for a role: components, skills, evidence."""
    role = get_or_404(Role, role_id)
    candidate = get_or_404(Candidate, candidate_id)
    result = ranking.explain(g.org, role, candidate, lang=current_locale())
    if result is None:  # no matching consent: as if the candidate did not exist
        abort(404)
    return render_template("roles/explanation.html", org=g.org, role=role, result=result)


@bp.route("/roles/<int:role_id>/export")
@members_only(*STAFF_ROLES)
def export(role_id: int):
    """Download the role as a role file, which imports back into the same role."""
    role = get_or_404(Role, role_id)
    body = json.dumps(roles.export_role(role), ensure_ascii=False, indent=2) + "\n"
    return send_file(
        io.BytesIO(body.encode("utf-8")),
        mimetype="application/json",
        as_attachment=True,
        download_name=f"role-{role.id}-{_slug(role.title)}.json",
    )


def _slug(text: str) -> str:
    folded = roles.plain_words(text)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "role"
