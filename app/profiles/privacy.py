"""The candidate's rights (Law 25, GDPR): consent per purpose, access, portability, erasure."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.extensions import db, limiter
from app.importers.jsonresume import to_json_resume
from app.models import ConsentPurpose, MemberRole
from app.profiles import bp, display
from app.profiles.access import me
from app.profiles.forms import ConsentForm, EraseForm, WithdrawForm
from app.services import audit, my_data, profiles
from app.services.passwords import verify_password
from app.tenancy import members_only


@bp.route("/me/consents", methods=["GET", "POST"])
@members_only(MemberRole.CANDIDATE)
def my_consents():
    """What the candidate consented to, until when; give more or withdraw."""
    subject = me()
    candidate = subject.candidate
    form = ConsentForm()
    rows = my_data.consent_rows(candidate)
    if form.validate_on_submit():
        chosen = form.chosen()
        if chosen:
            for purpose in chosen:
                months = None
                if purpose == ConsentPurpose.RETENTION:
                    months = int(form.retention_months.data)
                profiles.give_consent(candidate, purpose, actor=current_user, months=months)
            db.session.commit()
            flash(_("Thank you: your consent is recorded."), "success")
            return redirect(url_for("profiles.my_consents"))
        first_open = next((row.purpose for row in rows if row.active is None), None)
        if first_open is not None:
            form[first_open.value].errors = [_("Tick at least one box to give your consent.")]
    status = 400 if form.is_submitted() else 200
    return render_template(
        "profiles/consents.html",
        candidate=candidate,
        form=form,
        withdraw=WithdrawForm(),
        rows=rows,
        **display.helpers(),
    ), status


@bp.route("/me/consents/withdraw", methods=["POST"])
@members_only(MemberRole.CANDIDATE)
def my_consent_withdraw():
    """Withdraw one purpose's consent; the record of it stays, stamped."""
    form = WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    purpose = ConsentPurpose(form.purpose.data)
    profiles.withdraw_consent(me().candidate, purpose, actor=current_user)
    db.session.commit()
    flash(_("Your consent is withdrawn."), "success")
    return redirect(url_for("profiles.my_consents"))


@bp.route("/me/data")
@members_only(MemberRole.CANDIDATE)
def my_data_page():
    """Everything held about the candidate here, and where each piece came from."""
    candidate = me().candidate
    return render_template(
        "profiles/my_data.html",
        candidate=candidate,
        consents=my_data.consent_rows(candidate, history=True),
        events=my_data.history(candidate),
        applications=my_data.applications(candidate),
        **display.helpers(),
    )


@bp.route("/me/data/download")
@members_only(MemberRole.CANDIDATE)
def my_data_download():
    """The profile as a JSON Resume file, which imports back without loss."""
    candidate = me().candidate
    document = to_json_resume(profiles.candidate_to_record(candidate))
    audit.record(
        "candidate.exported",
        organization_id=g.org.id,
        actor_id=current_user.id,
        target_type="candidate",
        target_id=candidate.id,
    )
    db.session.commit()
    body = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return send_file(
        io.BytesIO(body.encode("utf-8")),
        mimetype="application/json",
        as_attachment=True,
        download_name=export_name(candidate.full_name),
    )


@bp.route("/me/delete", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
@members_only(MemberRole.CANDIDATE)
def my_delete():
    """Erase the candidate's profile and account here, once their password confirms it."""
    form = EraseForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            return _erase()
        form.password.errors = [_("This is not your password.")]
    status = 400 if form.is_submitted() else 200
    return render_template("profiles/delete.html", form=form), status


def _erase() -> Any:
    profiles.erase_candidate(me().candidate, actor=current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Your profile and your account with this organization are deleted."), "success")
    return redirect(url_for("main.index"))


def export_name(full_name: str) -> str:
    """ "rallier-Éloïse-D-Aragon.json"; the download gets an ASCII fallback from Werkzeug."""
    words = re.findall(r"\w+", full_name)[:6]
    return "-".join(["rallier", *words]) + ".json"
