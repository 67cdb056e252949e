"""Two recruiters changing the same application: the second is told, and loses nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text as sql

from app.extensions import db
from app.models import Application
from app.services import pipeline
from tests.factories import make_application, make_candidate, make_org, make_role
from tests.web.pipeline_support import (
    ORG,
    application,
    events,
    hidden_value,
    member,
    panel_url,
    text,
)

CHANGED = "Changed meanwhile. Someone else changed this application while you were looking at it."


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def role(org):
    return make_role(org, title="Coordination des bénévoles")


@pytest.fixture
def candidate(org):
    return make_candidate(org, first_name="Éloïse", last_name="Tremblay")


@pytest.fixture
def two_recruiters(app, org):
    alice = member(app, org, "alice@example.org", name="Alice Archambault")
    bruno = member(app, org, "bruno@example.org", name="Bruno Bélanger")
    return alice, bruno


def form_values(page_text: str, prefix: str) -> dict[str, str]:
    """What a browser would send back from the page's form ``prefix`` (hidden fields)."""
    return {
        f"{prefix}-version": hidden_value(page_text, f"{prefix}-version"),
        f"{prefix}-next": hidden_value(page_text, f"{prefix}-next"),
    }


def test_the_second_move_is_refused_and_nothing_is_lost(role, candidate, two_recruiters):
    (_, alice_client), (_, bruno_client) = two_recruiters
    make_application(role, candidate, stage="reviewing")
    url = panel_url(role, candidate.id)
    alice_page, bruno_page = alice_client.get(url).text, bruno_client.get(url).text

    first = alice_client.post(
        panel_url(role, candidate.id, "move"),
        data={**form_values(alice_page, "move"), "move-stage": "interview"},
    )
    assert first.status_code == 302

    note = "Très motivée ; disponible le samedi"
    second = bruno_client.post(
        panel_url(role, candidate.id, "move"),
        data={**form_values(bruno_page, "move"), "move-stage": "shortlisted", "move-note": note},
    )
    assert second.status_code == 409
    words = text(second.text)
    assert CHANGED in words
    assert "Stage Interview" in words  # where it stands now
    assert re.search(r"Reviewing Interview Alice Archambault", words)  # and who moved it
    # What Bruno chose and typed is still in the form, ready to send again.
    assert '<option selected value="shortlisted">' in second.text
    assert f"{note}</textarea>" in second.text.replace("&#39;", "'")
    row = application(role, candidate.id)
    assert (row.stage, row.version, row.notes) == ("interview", 2, [])
    assert hidden_value(second.text, "move-version") == "2"

    # Sent again from the page the conflict showed, it goes through.
    again = bruno_client.post(
        panel_url(role, candidate.id, "move"),
        data={**form_values(second.text, "move"), "move-stage": "shortlisted", "move-note": note},
    )
    assert again.status_code == 302
    row = application(role, candidate.id)
    assert row.stage == "shortlisted" and [n.body for n in row.notes] == [note]
    assert [(c.from_stage, c.to_stage) for c in row.history] == [
        ("reviewing", "interview"),
        ("interview", "shortlisted"),
    ]
    assert len(events("application.moved")) == 2


def test_a_not_a_fit_from_a_stale_page_keeps_the_reason_and_words(role, candidate, two_recruiters):
    (_, alice_client), (_, bruno_client) = two_recruiters
    make_application(role, candidate, stage="reviewing")
    url = panel_url(role, candidate.id)
    bruno_page = bruno_client.get(url).text
    alice_page = alice_client.get(url).text
    alice_client.post(
        panel_url(role, candidate.id, "move"),
        data={**form_values(alice_page, "move"), "move-stage": "shortlisted"},
    )
    response = bruno_client.post(
        panel_url(role, candidate.id, "not-a-fit"),
        data={
            **form_values(bruno_page, "nafit"),
            "nafit-reason": "other",
            "nafit-detail": "Préfère un poste rémunéré",
        },
    )
    assert response.status_code == 409
    assert CHANGED in text(response.text)
    assert re.search(r'<input checked[^>]*name="nafit-reason"[^>]*value="other"', response.text)
    assert 'value="Préfère un poste rémunéré"' in response.text
    assert '<details class="pipeline-not-a-fit" open>' in response.text
    assert application(role, candidate.id).stage == "shortlisted"


def test_ratings_are_locked_too(role, candidate, two_recruiters):
    (_, alice_client), (_, bruno_client) = two_recruiters
    make_application(role, candidate, stage="reviewing")
    url = panel_url(role, candidate.id)
    alice_page, bruno_page = alice_client.get(url).text, bruno_client.get(url).text
    rate = panel_url(role, candidate.id, "rating")
    ok = alice_client.post(rate, data={**form_values(alice_page, "rate"), "rate-rating": "3"})
    assert ok.status_code == 302
    stale = bruno_client.post(rate, data={**form_values(bruno_page, "rate"), "rate-rating": "5"})
    assert stale.status_code == 409
    assert CHANGED in text(stale.text) and "Rating 3 out of 5" in text(stale.text)
    assert application(role, candidate.id).rating == 3


def test_both_adding_the_candidate_at_once(role, candidate, two_recruiters):
    """A form shown before the candidate was in the pipeline is stale once they are."""
    (_, alice_client), (_, bruno_client) = two_recruiters
    url = panel_url(role, candidate.id)
    alice_page, bruno_page = alice_client.get(url).text, bruno_client.get(url).text
    assert hidden_value(bruno_page, "move-version") == "0"
    alice_client.post(
        panel_url(role, candidate.id, "move"),
        data={**form_values(alice_page, "move"), "move-stage": "reviewing"},
    )
    response = bruno_client.post(
        panel_url(role, candidate.id, "move"),
        data={**form_values(bruno_page, "move"), "move-stage": "shortlisted"},
    )
    assert response.status_code == 409 and CHANGED in text(response.text)
    assert application(role, candidate.id).stage == "reviewing"


def test_notes_never_conflict(role, candidate, two_recruiters):
    """Notes are only ever added: two recruiters writing at once both keep theirs."""
    (_, alice_client), (_, bruno_client) = two_recruiters
    make_application(role, candidate, stage="reviewing")
    for client, body in ((alice_client, "Appel fait"), (bruno_client, "Courriel envoyé")):
        response = client.post(panel_url(role, candidate.id, "notes"), data={"note-body": body})
        assert response.status_code == 302
    row = application(role, candidate.id)
    assert [n.body for n in row.notes] == ["Appel fait", "Courriel envoyé"]
    assert row.version == 1


def test_a_real_race_is_caught_at_the_update(org, role, candidate, two_recruiters):
    """Both requests read version 1; the other's UPDATE lands between our read and ours."""
    (alice, _), _ = two_recruiters
    row = make_application(role, candidate, stage="reviewing")
    loaded = db.session.get(Application, row.id)
    assert loaded.version == 1
    db.session.execute(
        sql("UPDATE applications SET stage = 'interview', version = 2 WHERE id = :id"),
        {"id": row.id},
    )
    with pytest.raises(pipeline.ChangedMeanwhile):
        pipeline.move(loaded, "shortlisted", actor=alice, expected_version=1)
    db.session.rollback()
    fresh = application(role, candidate.id)
    assert (fresh.stage, fresh.version, fresh.shortlist_position) == ("reviewing", 1, None)


def test_a_stale_version_never_reaches_the_database(org, role, candidate, two_recruiters):
    (alice, _), _ = two_recruiters
    row = make_application(role, candidate, stage="reviewing")
    with pytest.raises(pipeline.ChangedMeanwhile):
        pipeline.move(row, "shortlisted", actor=alice, expected_version=7)
    with pytest.raises(pipeline.ChangedMeanwhile):
        pipeline.rate(row, 4, actor=alice, expected_version=7)
    db.session.rollback()
    assert application(role, candidate.id).stage == "reviewing"
    assert events("application.moved") == []


def test_the_conflict_page_links_back_where_the_recruiter_was(role, candidate, two_recruiters):
    (_, alice_client), (_, bruno_client) = two_recruiters
    make_application(role, candidate, stage="reviewing")
    back = f"{ORG}/roles/{role.id}?stage=reviewing"
    data = {"move-version": "1", "move-next": back}
    alice_client.post(
        panel_url(role, candidate.id, "move"), data={**data, "move-stage": "interview"}
    )
    response = bruno_client.post(
        panel_url(role, candidate.id, "move"), data={**data, "move-stage": "contacted"}
    )
    assert response.status_code == 409
    assert f'href="{back}"'.replace("&", "&amp;") in response.text
    assert hidden_value(response.text, "move-next") == back


def test_creating_an_application_someone_just_created(org, role, candidate, two_recruiters):
    """The unique (role, candidate) row decides who was first; the loser is told."""
    (alice, _), (bruno, _) = two_recruiters
    theirs = make_application(role, candidate, stage="interview")
    with pytest.raises(pipeline.ChangedMeanwhile):
        pipeline.create_application(role, candidate, actor=bruno)
    # Only the SAVEPOINT was undone: the session goes on, and "ensure" finds theirs.
    assert pipeline.ensure_application(role, candidate, actor=alice).id == theirs.id
    db.session.commit()
    assert application(role, candidate.id).stage == "interview"
