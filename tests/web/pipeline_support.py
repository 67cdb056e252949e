"""Helpers shared by the pipeline's tests: people, URLs, reading pages and rows."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Application, AuditEvent, MemberRole, Organization, Role, User
from tests.factories import DEFAULT_PASSWORD, make_client, make_user

SLUG = "banque-alimentaire"
ORG = f"/o/{SLUG}"


def member(
    app: Flask,
    org: Organization,
    email: str,
    role: MemberRole = MemberRole.RECRUITER,
    *,
    name: str = "Gabrielle Lévesque-O'Hara",
    lang: str = "en",
) -> tuple[User, FlaskClient]:
    """A member of ``org`` and a client logged in as them."""
    user = make_user(email, org, role, full_name=name)
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return user, client


def panel_url(role: Role, candidate_id: int, action: str = "") -> str:
    base = f"{ORG}/roles/{role.id}/candidates/{candidate_id}/pipeline"
    return f"{base}/{action}" if action else base


def bulk_url(role: Role) -> str:
    return f"{ORG}/roles/{role.id}/applications/bulk"


def application(role: Role, candidate_id: int) -> Application | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Application).where(
            Application.role_id == role.id, Application.candidate_id == candidate_id
        )
    )


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def hidden_value(page_text: str, name: str) -> str:
    """The value of the hidden input ``name`` on the page."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page_text)
    if match is None:
        match = re.search(rf'<input[^>]*value="([^"]*)"[^>]*name="{re.escape(name)}"', page_text)
    assert match, f"no hidden {name} on the page"
    return html.unescape(match.group(1))


def text(page_text: str) -> str:
    """The page's visible words, tags removed and spaces collapsed (for sentences)."""
    without_tags = re.sub(r"<[^>]+>", " ", page_text)
    return " ".join(html.unescape(without_tags).split())


def flashes(client: FlaskClient, url: str) -> str:
    """The text of the page at ``url``, where the flashes of the last action show."""
    return text(client.get(url).text)
