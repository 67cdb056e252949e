"""The audit log: what is recorded, and what administrators can read and filter."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, MemberRole
from app.services import audit
from tests.factories import (
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)

LOG = "/o/banque-alimentaire/audit"


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def admin(org):
    return make_user("admin@example.org", org, MemberRole.ADMIN, full_name="Adèle Admin")


@pytest.fixture
def recruiter(org):
    return make_user("reno@example.org", org, MemberRole.RECRUITER, full_name="Réno Recruteur")


def login(app, email: str, *, lang: str = "en"):
    client = make_client(app, accept_language=lang)
    client.post("/login", data={"email": email, "password": "correct-horse-battery"})
    return client


def event(org, action: str, actor=None, *, at: datetime, **fields) -> AuditEvent:
    row = audit.record(
        action, organization_id=org.id, actor_id=actor.id if actor else None, **fields
    )
    row.created_at = at
    db.session.commit()
    return row


def rows(page_html: str) -> list[str]:
    """Each row of the log as its visible text, top to bottom."""
    body = page_html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = (re.sub(r"<[^>]+>", " ", row) for row in body.split("</tr>")[:-1])
    return [" ".join(html.unescape(text).split()) for text in cells]


@pytest.fixture
def history(org, admin, recruiter):
    """A few events over three days (times in UTC; the organization is in Montréal)."""
    candidate = make_candidate(org, first_name="Camille", last_name="Caron")
    role = make_role(org, title="Bénévole à la comptabilité")
    application = make_application(role, candidate)
    day = lambda d, h: datetime(2026, 3, d, h, 0, tzinfo=UTC)  # noqa: E731
    event(
        org, "candidate.viewed", recruiter, at=day(9, 14),
        target_type="candidate", target_id=candidate.id,
    )  # fmt: skip
    event(
        org, "application.moved", recruiter, at=day(10, 3),  # 9 March, 23:00 in Montréal
        target_type="application", target_id=application.id,
        role_id=role.id, candidate_id=candidate.id, from_stage="new", to_stage="shortlisted",
    )  # fmt: skip
    event(
        org, "shortlist.exported", admin, at=day(11, 15),
        target_type="role", target_id=role.id, format="csv", count=3, hidden=0,
    )  # fmt: skip
    event(
        org, "settings.changed", admin, at=day(11, 16),
        target_type="organization", target_id=org.id, waiting_days=[14, 10],
    )  # fmt: skip
    return {"candidate": candidate, "role": role, "application": application}


def test_admins_read_the_log_newest_first_in_words(app, admin, history):
    page = login(app, admin.email).get(LOG)
    assert page.status_code == 200
    shown = rows(page.text)
    assert len(shown) == 4
    assert "Settings changed" in shown[0] and "Adèle Admin" in shown[0]
    assert "days before an application counts as waiting: 14 → 10" in shown[0]
    assert "Shortlist exported" in shown[1] and "Bénévole à la comptabilité" in shown[1]
    assert "format: csv" in shown[1] and "people: 3" in shown[1]
    assert "Stage changed" in shown[2] and "Réno Recruteur" in shown[2]
    assert "from: New" in shown[2] and "to: Shortlisted" in shown[2]
    assert f"candidate no.: {history['candidate'].id}" in shown[2]
    assert "Candidate's profile viewed" in shown[3]
    candidate = history["candidate"]
    assert f'href="/o/banque-alimentaire/candidates/{candidate.id}"' in page.text
    assert f'href="/o/banque-alimentaire/roles/{history["role"].id}"' in page.text
    explanation = f"/o/banque-alimentaire/roles/{history['role'].id}/candidates/{candidate.id}"
    assert f'href="{explanation}"' in page.text
    assert "4 events" in page.text


def test_filter_by_who_acted(app, admin, recruiter, history):
    page = login(app, admin.email).get(f"{LOG}?actor={recruiter.id}")
    shown = rows(page.text)
    assert len(shown) == 2 and all("Réno Recruteur" in row for row in shown)
    assert f'<option selected value="{recruiter.id}">Réno Recruteur</option>' in page.text


def test_filter_by_candidate_finds_events_about_them(app, admin, history):
    candidate = history["candidate"]
    shown = rows(login(app, admin.email).get(f"{LOG}?candidate={candidate.id}").text)
    assert len(shown) == 2
    assert "Stage changed" in shown[0] and "Candidate's profile viewed" in shown[1]


def test_filter_by_action(app, admin, history):
    shown = rows(login(app, admin.email).get(f"{LOG}?action=shortlist.exported").text)
    assert len(shown) == 1 and "Shortlist exported" in shown[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # 10 March 03:00 UTC is still 9 March in Montréal.
        ("date_from=2026-03-09&date_to=2026-03-09", ["Stage changed", "profile viewed"]),
        ("date_from=2026-03-10&date_to=2026-03-10", []),
        ("date_from=2026-03-11", ["Settings changed", "Shortlist exported"]),
        ("date_to=2026-03-09", ["Stage changed", "profile viewed"]),
    ],
)
def test_filter_by_dates_in_the_organizations_time_zone(app, admin, history, query, expected):
    page = login(app, admin.email).get(f"{LOG}?{query}")
    assert page.status_code == 200
    if not expected:
        assert "No event matches these filters." in page.text
        return
    shown = rows(page.text)
    assert len(shown) == len(expected)
    assert all(word in row for word, row in zip(expected, shown, strict=True))


@pytest.mark.parametrize(
    "query",
    [
        "actor=999999",
        "actor=abc",
        "candidate=deux",
        "candidate=-4",
        "date_from=2026-13-45",
        "action=nothing.done",
        "date_from=2026-03-11&date_to=2026-03-01",
    ],
)
def test_bad_filters_are_ignored_with_a_note(app, admin, history, query):
    page = login(app, admin.email).get(f"{LOG}?{query}")
    assert page.status_code == 200
    assert "Some filters were not understood and are ignored" in page.text
    assert 'class="errors"' in page.text
    expected = 2 if query.startswith("date_from=2026-03-11") else 4
    assert len(rows(page.text)) == expected


def test_the_log_is_paged_and_pages_keep_the_filters(app, org, admin, recruiter):
    for n in range(55):
        event(org, "candidate.viewed", recruiter, at=datetime(2026, 3, 1, 12, n % 60, tzinfo=UTC),
              target_type="candidate", target_id=n + 1)  # fmt: skip
    client = login(app, admin.email)
    first = client.get(f"{LOG}?actor={recruiter.id}")
    assert len(rows(first.text)) == 50
    assert "Page 1 of 2" in first.text
    assert f'href="{LOG}?page=2&amp;actor={recruiter.id}"' in first.text
    second = client.get(f"{LOG}?page=2&actor={recruiter.id}")
    assert len(rows(second.text)) == 5
    assert client.get(f"{LOG}?page=99").status_code == 200


@pytest.mark.parametrize(
    "role", [MemberRole.RECRUITER, MemberRole.BOARD_CHAIR, MemberRole.CANDIDATE]
)
def test_only_admins_read_the_log(app, org, role):
    make_user("someone@example.org", org, role)
    assert login(app, "someone@example.org").get(LOG).status_code == 403


def test_another_organizations_events_never_show(app, org, admin, history):
    other = make_org("autre-org", "Autre organisme")
    stranger = make_user(
        "etranger@example.org", other, MemberRole.ADMIN, full_name="Xavier Étranger"
    )
    event(other, "settings.changed", stranger, at=datetime(2026, 3, 11, 17, tzinfo=UTC),
          target_type="organization", target_id=other.id, waiting_days=[14, 3])  # fmt: skip
    client = login(app, admin.email)
    page = client.get(LOG)
    assert "Xavier" not in page.text and len(rows(page.text)) == 4
    # Filtering on the stranger's id is not a way in.
    page = client.get(f"{LOG}?actor={stranger.id}")
    assert "Xavier" not in page.text and len(rows(page.text)) == 4


def test_a_target_that_no_longer_exists_is_named_without_a_link(app, admin, history):
    candidate_id = history["candidate"].id
    db.session.delete(history["candidate"])
    db.session.commit()
    page = login(app, admin.email).get(LOG)
    assert f"Candidate #{candidate_id} (no longer exists)" in page.text
    assert f'href="/o/banque-alimentaire/candidates/{candidate_id}"' not in page.text


def test_opening_a_profile_is_recorded_with_ids_only(app, org, recruiter):
    candidate = make_candidate(org, first_name="Camille", last_name="Caron")
    client = login(app, recruiter.email)
    assert client.get(f"/o/banque-alimentaire/candidates/{candidate.id}").status_code == 200
    viewed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "candidate.viewed"))
    (row,) = viewed.all()
    assert (row.actor_id, row.target_type, row.target_id) == (
        recruiter.id,
        "candidate",
        candidate.id,
    )
    assert row.details == {}


def test_the_log_in_french(app, admin, history):
    page = login(app, admin.email, lang="fr").get(LOG)
    assert "Journal d’audit" in page.text
    assert "Liste restreinte exportée" in page.text
    assert "Étape changée" in page.text
    assert "Présélectionné" in page.text  # the stage's French name
