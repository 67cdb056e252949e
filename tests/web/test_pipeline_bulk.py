"""Acting on many candidates at once from the ranked list: shortlist, move, not a fit."""

from __future__ import annotations

import pytest
from sqlalchemy import text as sql

from app.extensions import db
from app.models import Application, MemberRole, NotAFitReason, RoleKind
from app.services import pipeline
from tests.factories import make_application, make_candidate, make_org, make_role
from tests.web.pipeline_support import (
    ORG,
    application,
    bulk_url,
    events,
    member,
    panel_url,
    text,
)

NEXT = "/o/banque-alimentaire/roles/1?lang=fr&min_score=40"


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def role(org):
    return make_role(org, title="Aide aux devoirs")


@pytest.fixture
def people(org):
    return [
        make_candidate(org, first_name=name, last_name="Gagnon", email=f"{name}@example.org")
        for name in ("Alix", "Béatrice", "Cyril", "Dalia")
    ]


@pytest.fixture
def recruiter(app, org):
    return member(app, org, "recrutement@example.org", name="Rosalie Recruteuse")


def post(client, role, ids, action, **fields):
    data = {"candidate_ids": [str(i) for i in ids], "action": action, "next": NEXT, **fields}
    return client.post(bulk_url(role), data=data)


def flashed(client, role, candidate) -> str:
    """The words of the next page the recruiter opens, where the summary is flashed."""
    return text(client.get(panel_url(role, candidate.id)).text)


def test_shortlisting_many_creates_applications_in_order(role, people, recruiter):
    user, client = recruiter
    response = post(client, role, [p.id for p in people[:3]], "shortlist")
    assert response.status_code == 302
    assert response.location == NEXT
    rows = [application(role, p.id) for p in people[:3]]
    assert [r.stage for r in rows] == ["shortlisted"] * 3
    assert [r.shortlist_position for r in rows] == [1, 2, 3]
    assert all(
        [(c.from_stage, c.to_stage, c.changed_by_id) for c in r.history]
        == [(None, "new", user.id), ("new", "shortlisted", user.id)]
        for r in rows
    )
    assert application(role, people[3].id) is None
    assert "3 candidates shortlisted." in flashed(client, role, people[0])
    summary = events("applications.bulk_moved")
    assert len(summary) == 1
    assert summary[0].target_id == role.id and summary[0].actor_id == user.id
    assert summary[0].details == {
        "operation": "shortlist",
        "stage": "shortlisted",
        "done": 3,
        "skipped": 0,
    }
    assert len(events("application.moved")) == 3


def test_the_summary_counts_what_was_skipped_and_why(org, role, people, recruiter):
    _, client = recruiter
    make_application(role, people[0], stage="shortlisted", shortlist_position=1)
    stranger = make_candidate(make_org("ailleurs", "Ailleurs"), email="x@example.org")
    quiet = make_candidate(org, consented=False, email="quiet@example.org")
    ids = [people[0].id, people[1].id, people[2].id, stranger.id, quiet.id]
    response = post(client, role, ids, "move", stage="shortlisted")
    assert response.status_code == 302
    page = flashed(client, role, people[0])
    assert (
        "2 candidates moved to Shortlisted, 2 skipped: not found or without consent to matching, "
        "1 skipped: already at this stage." in page
    )
    assert application(role, stranger.id) is None and application(role, quiet.id) is None
    assert [application(role, p.id).shortlist_position for p in people[:3]] == [1, 2, 3]
    assert events("applications.bulk_moved")[0].details["skipped"] == 3


def test_moving_many_to_a_stage(role, people, recruiter):
    _, client = recruiter
    make_application(role, people[0], stage="shortlisted", shortlist_position=1)
    response = post(client, role, [people[0].id, people[1].id], "move", stage="interview")
    assert response.status_code == 302
    assert [application(role, p.id).stage for p in people[:2]] == ["interview", "interview"]
    # Past the shortlist stage, people keep their place; the newcomer joins at the end.
    assert [application(role, p.id).shortlist_position for p in people[:2]] == [1, 2]
    assert "2 candidates moved to Interview." in flashed(client, role, people[0])
    assert events("applications.bulk_moved")[0].details["stage"] == "interview"


def test_not_a_fit_for_many_with_a_reason(role, people, recruiter):
    _, client = recruiter
    ids = [p.id for p in people[:2]]
    response = post(client, role, ids, "not_a_fit", reason="other", detail="Poste comblé")
    assert response.status_code == 302
    for person in people[:2]:
        row = application(role, person.id)
        assert (row.stage, row.not_a_fit_reason, row.not_a_fit_detail) == (
            "not_a_fit",
            NotAFitReason.OTHER,
            "Poste comblé",
        )
    assert "Poste comblé" not in str([e.details for e in events("application.moved")])


@pytest.mark.parametrize(
    ("action", "fields", "error"),
    [
        ("move", {}, "Choose the stage to move the candidates to."),
        ("move", {"stage": "hired"}, "Choose the stage to move the candidates to."),
        ("not_a_fit", {}, "Choose why the candidates are not a fit."),
        ("not_a_fit", {"reason": "other"}, "Say in a few words why the candidates are not a fit."),
        ("promote", {}, "Not a valid choice"),
    ],
)
def test_incomplete_requests_keep_the_selection(role, people, recruiter, action, fields, error):
    _, client = recruiter
    ids = [p.id for p in people[:2]]
    response = post(client, role, ids, action, **fields)
    assert response.status_code == 400
    words = text(response.text)
    assert error in words
    assert "2 candidates selected. Nothing was changed yet" in words
    for person in people[:2]:
        assert f'name="candidate_ids" value="{person.id}"' in response.text
        assert application(role, person.id) is None
    assert f'href="{NEXT.replace("&", "&amp;")}"' in response.text
    assert events("applications.bulk_moved") == []


def test_an_empty_selection_says_so(role, recruiter):
    response = post(recruiter[1], role, [], "shortlist")
    assert response.status_code == 400
    assert "Select at least one candidate." in text(response.text)
    assert "No candidate was selected" in text(response.text)


def test_a_garbled_selection_is_refused(role, people, recruiter):
    response = post(recruiter[1], role, ["3; DROP TABLE"], "shortlist")
    assert response.status_code == 400
    assert "The selection was not understood" in text(response.text)


def test_next_must_stay_on_the_site(role, people, recruiter):
    response = post(recruiter[1], role, [people[0].id], "shortlist", next="//evil.example/x")
    assert response.status_code == 302
    assert response.location == f"{ORG}/roles/{role.id}"


def test_blind_roles_reveal_each_shortlisted_identity(org, people, recruiter):
    blind = make_role(org, title="Trésorerie", blind_review=True)
    post(recruiter[1], blind, [people[0].id, people[1].id], "shortlist")
    revealed = events("identity.revealed")
    assert sorted(e.details["candidate_id"] for e in revealed) == [people[0].id, people[1].id]
    assert all(application(blind, p.id).revealed_at for p in people[:2])
    post(recruiter[1], blind, [people[2].id], "move", stage="reviewing")
    assert application(blind, people[2].id).revealed_at is None
    assert len(events("identity.revealed")) == 2


def test_who_may_act_in_bulk(app, org, people):
    volunteer_role = make_role(org, title="Accueil")
    board_role = make_role(org, title="Administrateur", kind=RoleKind.BOARD)
    _, candidate_client = member(app, org, "candidat@example.org", MemberRole.CANDIDATE)
    assert post(candidate_client, volunteer_role, [people[0].id], "shortlist").status_code == 403
    _, chair = member(app, org, "presidence@example.org", MemberRole.BOARD_CHAIR)
    assert post(chair, volunteer_role, [people[0].id], "shortlist").status_code == 403
    assert application(volunteer_role, people[0].id) is None
    assert post(chair, board_role, [people[0].id], "shortlist").status_code == 302
    assert application(board_role, people[0].id).stage == "shortlisted"


def test_a_role_of_another_org_is_not_found(app, people, recruiter):
    elsewhere = make_role(make_org("ailleurs", "Ailleurs"), title="Ailleurs")
    assert post(recruiter[1], elsewhere, [people[0].id], "shortlist").status_code == 404


def test_one_changed_meanwhile_is_skipped_the_others_done(org, role, people, recruiter):
    """The other request's UPDATE lands after this one read the application."""
    user, _ = recruiter
    rows = [make_application(role, p, stage="reviewing") for p in people[:3]]
    for row in rows:  # in this session's identity map, at version 1
        db.session.get(Application, row.id)
    db.session.execute(
        sql("UPDATE applications SET stage = 'interview', version = 2 WHERE id = :id"),
        {"id": rows[1].id},
    )
    result = pipeline.bulk(role, [p.id for p in people[:3]], "shortlist", actor=user)
    db.session.commit()
    assert result.done == 2 and result.skipped == ["changed meanwhile"]
    db.session.expire_all()
    stages = [db.session.get(Application, row.id).stage for row in rows]
    assert stages == ["shortlisted", "interview", "shortlisted"]
    assert events("applications.bulk_moved")[0].details == {
        "operation": "shortlist",
        "stage": "shortlisted",
        "done": 2,
        "skipped": 1,
    }


def test_bulk_form_carries_a_csrf_check(app, org, role, people):
    _, client = member(app, org, "csrf@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    response = post(client, role, [people[0].id], "shortlist")
    assert response.status_code == 400
    assert application(role, people[0].id) is None
