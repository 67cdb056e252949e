"""Candidate-side test helpers: logging in, and posting a page's form as a browser would."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import Candidate, MemberRole, Organization
from app.services import accounts
from tests.factories import DEFAULT_PASSWORD, make_client, make_user

BASE = "/o/banque-alimentaire"


def log_in_candidate(
    app,
    org: Organization,
    *,
    lang: str = "en",
    email: str = "zoe@example.org",
    full_name: str = "Zoë D'Amour-Lévesque",
):
    """A logged-in candidate's client and their (empty) profile."""
    user = make_user(email, org, MemberRole.CANDIDATE, full_name=full_name)
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    candidate: Candidate = accounts.ensure_candidate_profile(user, org)
    db.session.commit()
    return client, candidate


def log_in_staff(
    app,
    org: Organization,
    role=MemberRole.RECRUITER,
    *,
    lang: str = "en",
    email: str = "recrutement@example.org",
):
    make_user(email, org, role)
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


class _FormReader(HTMLParser):
    """The fields a browser would submit from the first form matching ``marker``."""

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.inside = False
        self.in_template = 0
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and self.marker in a:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append(
                (a["name"], a.get("value", "on" if a.get("type") == "checkbox" else ""))
            )
        elif tag == "select":
            self._select, self._select_value, self._first_option = a["name"], None, None
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if not self.inside:
            return
        if tag == "template":
            self.in_template -= 1
        elif tag == "select" and self._select is not None:
            value = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea is not None:
            self._text.append(data)


class FormData(MultiDict):
    """Form fields where ``update`` replaces values, as typing in a box does."""

    def update(self, mapping):  # type: ignore[no-untyped-def, override]
        for key, value in dict(mapping).items():
            self[key] = value


def form_fields(page_html: str, marker: str = "data-profile-form") -> FormData:
    """The page's form as the browser would post it (without any submit button)."""
    reader = _FormReader(marker)
    reader.feed(page_html)
    return FormData(reader.fields)


def fresh(*rows: object) -> None:
    """End the test's own read transaction, so rows show what the requests committed."""
    db.session.commit()
    for row in rows:
        db.session.refresh(row)


def text_of(page) -> str:
    """The page's text with HTML entities decoded (D&#39;Amour → D'Amour)."""
    return html.unescape(page.get_data(as_text=True))
