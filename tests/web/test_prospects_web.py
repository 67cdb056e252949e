"""Prospects: importing a recruiter's connections, the list, invitation links, accepting one."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import (
    AuditEvent,
    Candidate,
    ConsentPurpose,
    MemberRole,
    Membership,
    Prospect,
    User,
)
from app.models.base import utcnow
from app.services import prospects
from tests.factories import DEFAULT_PASSWORD, make_client, make_org, make_user

SLUG = "banque-alimentaire"
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS = (
    "José,Tremblay,https://www.linkedin.com/in/jose-tremblay,jose@example.org,"
    "Moisson Montréal,Trésorier,09 Sep 2022\n"
    "Marie-Ève,Gagnon,https://www.linkedin.com/in/megagnon,,Centraide,Comptable,16 Sep 2021\n"
    ",,,,,,01 Jan 2020\n"
)
CONNECTIONS = (PREAMBLE + HEADER + ROWS).encode()


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def recruiter(org):
    return make_user("recrutement@example.org", org, MemberRole.RECRUITER)


def login(app, user, *, lang="en"):
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def upload(client, data: bytes, name: str = "Connections.csv"):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(
        f"/o/{SLUG}/prospects/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def add_prospect(org, first="José", last="Tremblay", **fields) -> Prospect:
    prospect = Prospect(
        organization_id=org.id,
        match_key=f"name:{first} {last}".lower(),
        first_name=first,
        last_name=last,
        **fields,
    )
    db.session.add(prospect)
    db.session.commit()
    return prospect


def invitation(org, recruiter, **fields) -> tuple[Prospect, str]:
    prospect = add_prospect(org, **fields)
    token = prospects.invite(prospect, recruiter)
    db.session.commit()
    return prospect, token


def plain(html: str) -> str:
    """The text of some HTML, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def stored(model, ident: int) -> bool:
    """Whether the database (not this session's memory) still holds the row."""
    return bool(db.session.scalar(select(func.count()).where(model.id == ident)))


# --- the connections upload --------------------------------------------------------------------


def test_connections_become_prospects_with_a_summary(app, org, recruiter):
    client = login(app, recruiter)
    assert "Connections.csv" in client.get(f"/o/{SLUG}/prospects/import").text
    page = upload(client, CONNECTIONS)
    assert page.status_code == 200
    text = plain(page.text)
    assert "2 new prospects" in text
    assert "1 rows not read" in text
    assert "Connections.csv, line 7: No name, e-mail address or profile URL." in page.text

    jose = db.session.scalar(select(Prospect).where(Prospect.first_name == "José"))
    assert (jose.company, jose.position, jose.email) == (
        "Moisson Montréal",
        "Trésorier",
        "jose@example.org",
    )
    assert jose.connected_on == date(2022, 9, 9)
    assert jose.imported_by_id == recruiter.id
    assert count(Candidate) == 0  # connections never become candidates by themselves

    again = upload(client, CONNECTIONS)
    assert "2 updated (already known)" in plain(again.text)
    assert count(Prospect) == 2


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Connections.csv", b""),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary"),
        ("contacts.csv", b"Name;Phone\nAnne;555\n"),
    ],
)
def test_a_file_that_is_not_a_connections_export_is_refused(app, org, recruiter, name, data):
    response = upload(login(app, recruiter), data, name)
    assert response.status_code == 400
    errors = re.search(r'<ul class="errors"[^>]*>(.*?)</ul>', response.text, re.S)
    assert errors, response.text
    assert f"{name}, line 1: The header row was not recognized" in errors.group(1)
    assert count(Prospect) == 0


def test_no_file_chosen(app, org, recruiter):
    response = login(app, recruiter).post(f"/o/{SLUG}/prospects/import", data={})
    assert response.status_code == 400
    assert "Choose your Connections.csv file." in response.text


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_prospects_and_the_retention(app, org, recruiter):
    org.prospect_retention_days = 90
    add_prospect(
        org, company="Moisson Montréal", position="Trésorier", connected_on=date(2022, 9, 9)
    )
    page = login(app, recruiter).get(f"/o/{SLUG}/prospects")
    assert page.status_code == 200
    assert "José Tremblay" in page.text and "Moisson Montréal" in page.text
    assert "Trésorier" in page.text and "Sep 9, 2022" in page.text
    assert "Not yet" in page.text
    assert "deleted 90 days after they were first imported" in page.text
    assert "Create invitation link" in page.text


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("jose", ["José Tremblay"]),
        ("TREMBLAY", ["José Tremblay"]),
        ("montreal", ["José Tremblay"]),
        ("marie eve", ["Marie-Ève Gagnon"]),
        ("centraide gagnon", ["Marie-Ève Gagnon"]),
        ("nobody", []),
    ],
)
def test_search_by_name_or_company_ignores_accents(app, org, recruiter, query, found):
    add_prospect(org, company="Moisson Montréal")
    add_prospect(org, "Marie-Ève", "Gagnon", company="Centraide")
    page = login(app, recruiter).get(f"/o/{SLUG}/prospects", query_string={"q": query})
    shown = [name for name in ("José Tremblay", "Marie-Ève Gagnon") if name in page.text]
    assert shown == found
    if not found:
        assert f"No prospect matches “{query}”." in page.text


def test_the_list_has_pages_of_25(app, org, recruiter):
    for number in range(30):
        add_prospect(org, "Personne", f"Numéro {number:02d}")
    client = login(app, recruiter)
    first = client.get(f"/o/{SLUG}/prospects")
    assert (
        "Page 1 of 2" in first.text and "Numéro 24" in first.text and "Numéro 25" not in first.text
    )
    second = client.get(f"/o/{SLUG}/prospects?page=2")
    assert (
        "Numéro 25" in second.text and "Numéro 29" in second.text and "Numéro 00" not in second.text
    )


# --- invitation links --------------------------------------------------------------------------


def test_an_invitation_link_is_shown_once_and_only_its_hash_kept(app, org, recruiter):
    prospect = add_prospect(org)
    page = login(app, recruiter).post(f"/o/{SLUG}/prospects/{prospect.id}/invite")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    link = re.search(r'id="invitation-link" value="([^"]+)"', page.text).group(1)
    token = re.fullmatch(rf"http://rallier\.test/o/{SLUG}/invited/([\w-]+)", link).group(1)
    db.session.refresh(prospect)
    assert prospect.invitation_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert prospect.invited_by_id == recruiter.id and prospect.invited_at is not None
    assert "data-copy-target" in page.text

    listing = login(app, recruiter).get(f"/o/{SLUG}/prospects")
    assert "Invited on" in listing.text and "Create a new invitation link" in listing.text


def test_the_invitation_page_explains_who_why_and_what_is_kept(app, org, recruiter):
    _, token = invitation(org, recruiter, email="jose@example.org", company="Moisson Montréal")
    page = make_client(app, accept_language="en").get(f"/o/{SLUG}/invited/{token}")
    assert page.status_code == 200
    assert "Gabrielle Lévesque-O&#39;Hara, of Banque alimentaire du Plateau" in page.text
    assert "What Rallier keeps" in page.text
    assert 'value="José Tremblay"' in page.text
    assert 'value="jose@example.org"' in page.text
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', page.text)
    assert len(boxes) == 4 and not any("checked" in box for box in boxes)


def test_accepting_creates_the_candidate_with_the_chosen_consents(app, org, recruiter):
    prospect, token = invitation(org, recruiter, email="jose@example.org")
    prospect_id = prospect.id
    client = make_client(app, accept_language="en")
    response = client.post(
        f"/o/{SLUG}/invited/{token}",
        data={
            "full_name": "José Tremblay",
            "email": "jose@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
            "consent_matching": "y",
            "consent_retention": "y",
            "retention_months": "24",
            "accept": "y",
        },
    )
    assert response.status_code == 302
    assert response.location == f"/o/{SLUG}/me"

    user = db.session.scalar(select(User).where(User.email == "jose@example.org"))
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    assert candidate.full_name == "José Tremblay"
    assert sorted(c.purpose.value for c in candidate.consents) == ["matching", "retention"]
    retention = next(c for c in candidate.consents if c.purpose == ConsentPurpose.RETENTION)
    assert retention.expires_at - utcnow() > timedelta(days=700)
    assert user.membership_in(org.id).role == MemberRole.CANDIDATE
    assert not stored(Prospect, prospect_id)
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "prospect.converted")
    )
    # Logged in: the next page is theirs.
    assert client.get(f"/o/{SLUG}/me").status_code == 200

    used = make_client(app, accept_language="en").get(f"/o/{SLUG}/invited/{token}")
    assert used.status_code == 404
    assert "This invitation link cannot be used" in used.text


def test_accepting_needs_the_confirmation_box_and_creates_nothing_without(app, org, recruiter):
    _, token = invitation(org, recruiter)
    response = make_client(app, accept_language="en").post(
        f"/o/{SLUG}/invited/{token}",
        data={
            "full_name": "José Tremblay",
            "email": "jose@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
            "consent_matching": "y",
        },
    )
    assert response.status_code == 400
    assert "Tick this box to accept the invitation." in response.text
    assert count(Candidate) == 0 and count(Prospect) == 1
    assert db.session.scalar(select(User).where(User.email == "jose@example.org")) is None


def test_an_address_with_an_account_is_asked_to_log_in(app, org, recruiter):
    make_user("jose@example.org", full_name="José Tremblay")
    _, token = invitation(org, recruiter)
    response = make_client(app, accept_language="en").post(
        f"/o/{SLUG}/invited/{token}",
        data={
            "full_name": "José Tremblay",
            "email": "jose@example.org",
            "password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
            "accept": "y",
        },
    )
    assert response.status_code == 400
    assert (
        "An account already exists for this address: log in, then open this link again."
        in response.text
    )
    assert count(Candidate) == 0


def test_a_logged_in_person_only_gives_consent(app, org, recruiter):
    other = make_org("centre-benevolat", "Centre d'action bénévole")
    jose = make_user("jose@example.org", other, MemberRole.CANDIDATE, full_name="José Tremblay")
    prospect, token = invitation(org, recruiter)
    prospect_id = prospect.id
    client = login(app, jose)
    page = client.get(f"/o/{SLUG}/invited/{token}")
    assert "You are logged in as jose@example.org" in page.text
    assert 'name="password"' not in page.text
    response = client.post(
        f"/o/{SLUG}/invited/{token}", data={"consent_contact": "y", "accept": "y"}
    )
    assert response.status_code == 302
    candidate = db.session.scalar(
        select(Candidate).where(Candidate.organization_id == org.id, Candidate.user_id == jose.id)
    )
    assert [c.purpose for c in candidate.consents] == [ConsentPurpose.CONTACT]
    assert not candidate.active_consent(ConsentPurpose.MATCHING)  # not ranked without it
    assert not stored(Prospect, prospect_id)


def test_a_team_member_cannot_accept_for_a_prospect(app, org, recruiter):
    prospect, token = invitation(org, recruiter)
    client = login(app, recruiter)
    assert "log out, then open the link again" in client.get(f"/o/{SLUG}/invited/{token}").text
    response = client.post(f"/o/{SLUG}/invited/{token}", data={"accept": "y"})
    assert response.status_code == 403
    assert (
        db.session.scalar(select(Membership.role).where(Membership.user_id == recruiter.id))
        == MemberRole.RECRUITER
    )
    assert stored(Prospect, prospect.id)


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43])
def test_an_unknown_token_is_a_clear_404(app, org, token):
    page = make_client(app, accept_language="en").get(f"/o/{SLUG}/invited/{token}")
    assert page.status_code == 404
    assert "This invitation link cannot be used" in page.text


def test_a_replaced_link_stops_working(app, org, recruiter):
    prospect, old = invitation(org, recruiter)
    prospects.invite(prospect, recruiter)
    db.session.commit()
    assert make_client(app).get(f"/o/{SLUG}/invited/{old}").status_code == 404


# --- permissions and language ------------------------------------------------------------------


@pytest.mark.parametrize("role", [MemberRole.CANDIDATE, MemberRole.BOARD_CHAIR])
def test_only_admins_and_recruiters_see_prospects(app, org, role):
    prospect = add_prospect(org)
    client = login(app, make_user("someone@example.org", org, role))
    assert client.get(f"/o/{SLUG}/prospects").status_code == 403
    assert client.get(f"/o/{SLUG}/prospects/import").status_code == 403
    assert client.post(f"/o/{SLUG}/prospects/{prospect.id}/invite").status_code == 403
    db.session.expire_all()
    assert db.session.get(Prospect, prospect.id).invitation_token_hash is None


def test_pages_render_in_french(app, org, recruiter):
    prospect, _token = invitation(org, recruiter)
    client = login(app, recruiter, lang="fr")
    pages = {
        f"/o/{SLUG}/prospects": "Prospects",
        f"/o/{SLUG}/prospects/import": "Importer mes relations",
    }
    for url, words in pages.items():
        page = client.get(url)
        assert page.status_code == 200 and '<html lang="fr">' in page.text
        assert words in page.text
    link = client.post(f"/o/{SLUG}/prospects/{prospect.id}/invite")
    assert "Copier le lien" in link.text and "Lien d'invitation pour" in link.text
    summary = upload(client, CONNECTIONS)
    assert "nouveaux prospects" in summary.text
    invited = make_client(app, accept_language="fr").get(
        re.search(r'value="http://rallier\.test(/o/[^"]+)"', link.text).group(1)
    )
    assert invited.status_code == 200 and "Ce que Rallier conserve" in invited.text
