from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from datetime import date

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.extensions import db
from app.i18n import current_locale
from app.models import STAFF_ROLES, Candidate, Role, Stage
from app.pipeline.forms import NO_CHOICE, BulkForm, stage_choices
from app.pipeline.panel import can_change
from app.profiles import display
from app.reviews.routes import REVIEWERS
from app.roles.filters import FRAGMENTS, read_view
from app.roles.forms import RoleFileForm
from app.services import audit, evidence, pipeline, ranking, reviews, roles
from app.tenancy import get_or_404, members_only, org_blueprint

bp = org_blueprint("roles", __name__)

PER_PAGE = 25
MAX_KB = roles.MAX_ROLE_FILE_BYTES // 1024

SOURCE_LABELS = {
    "form": _l("form"),
    "linkedin": "LinkedIn",
    "json_resume": "JSON Resume",
    "recruiter": _l("entered by a recruiter"),
    "demo": _l("demo data"),
}


@bp.context_processor
def labels() -> dict[str, object]:
    # A page repeats the same few labels on every row: each is translated once a page.
    names = {name: str(text) for name, text in evidence.COMPONENT_LABELS.items()}
    unmet = _once(evidence.describe_unmet)
    unknown = _once(lambda name: _("unknown: %(criterion)s", criterion=names.get(name, name)))
    return {
        "component_labels": names,
        "source_labels": SOURCE_LABELS,
        "describe_evidence": evidence.describe,
        "describe_unmet": unmet,
        "unknown_label": unknown,
        "unknown_components": evidence.unknown_components,
        "top_reasons": lambda match: evidence.top_reasons(match, names=names),
        "duration": duration,
        # Formats translated once, filled on each row (gettext without values leaves them).
        "score_texts": {
            "score": _("Score"),
            "per_hundred": _("%(score)s / 100"),
            "based_on": _("based on %(known)d of %(total)d criteria"),
        },
    }


def _once(describe: Callable[[str], str]) -> Callable[[str], str]:
    """``describe``, remembering its answers (for one page: the locale does not change)."""
    known: dict[str, str] = {}

    def remembered(key: str) -> str:
        if key not in known:
            known[key] = describe(key)
        return known[key]

    return remembered


def duration(start: date | None, end: date | None, current: bool = False) -> str:
    """How long something lasted, without its dates (blind review): "3 years"."""
    if start is None or (end is None and not current):
        return ""
    months = ((end or date.today()) - start).days * 12 // 365
    if months < 12:
        return _("less than a year")
    return ngettext("%(num)d year", "%(num)d years", months // 12)


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
    """The role, and the consenting candidates best matched to it, filtered, 25 a page."""
    role = get_or_404(Role, role_id)
    stages = pipeline.stages(g.org)
    view = read_view(request.args, role=role, stages=stages, locale=current_locale())
    result = ranking.ranking_page(
        g.org, role, filters=view.filters, sort=view.sort, page=view.page, per_page=PER_PAGE
    )
    view.page = result.page
    locale = current_locale()
    labels = tuple((s.key, s.label(locale)) for s in stages)
    langs = tuple(lang.language for lang in role.languages)
    filters_key = ("filters", g.org.slug, role.id, role.kind, langs, locale, labels, view.key())
    bulk = None
    if can_change(role):
        bulk = _bulk_form(stages, url_for("roles.detail", role_id=role.id, **view.url_args()))
    return render_template(
        "roles/detail.html",
        org=g.org,
        role=role,
        ranking=result,
        view=view,
        stage_labels=dict(labels),
        # Rows link to ".../candidates/<id>": one url_for a page, not one a row.
        candidate_url=url_for("roles.explanation", role_id=role.id, candidate_id=0)[:-1],
        filters_html=FRAGMENTS.get(
            filters_key, lambda: render_template("roles/_filters.html", role=role, view=view)
        ),
        bulk=bulk,
        bulk_html=bulk
        and FRAGMENTS.get(
            ("bulk", locale, labels), lambda: render_template("roles/_bulk_bar.html", bulk=bulk)
        ),
    )


@bp.route("/roles/<int:role_id>/candidates/<int:candidate_id>")
@members_only(*STAFF_ROLES)
def explanation(role_id: int, candidate_id: int):
    """A candidate for a role: the profile, why they score what they do, their pipeline."""
    role = get_or_404(Role, role_id)
    candidate = get_or_404(Candidate, candidate_id)
    result = ranking.explain(g.org, role, candidate, lang=current_locale())
    if result is None:  # no matching consent: as if the candidate did not exist
        abort(404)
    application = pipeline.application_for(role, candidate)
    page = render_template(
        "roles/explanation.html",
        org=g.org,
        role=role,
        result=result,
        candidate=candidate,
        application=application,
        hidden=pipeline.identity_hidden(role, application),
        review_lines=reviews.about(candidate, role),
        can_resolve=g.membership.role in REVIEWERS,
        next_url=request.full_path.rstrip("?"),
        **display.helpers(),
    )
    audit.record(
        "candidate.viewed",
        organization_id=g.org.id,
        actor_id=current_user.id,
        target_type="candidate",
        target_id=candidate.id,
        role_id=role.id,
    )
    db.session.commit()
    return page


def _bulk_form(stages: list[Stage], back: str) -> BulkForm:
    """The action bar's form: its fields are those the pipeline's bulk endpoint reads."""
    form = BulkForm(formdata=None)
    form.stage.choices = [NO_CHOICE, *stage_choices(stages, current_locale())]
    form.next.data = back
    return form


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
