"""Moving one candidate through the pipeline: stages, history, not a fit, notes, ratings."""

from __future__ import annotations

import re

import pytest

from app.models import (
    Application,
    MemberRole,
    NotAFitReason,
    RoleKind,
    StageChange,
)
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

NEXT = f"{ORG}/roles/1?stage=new"


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def role(org):
    return make_role(org, title="Bénévole à l'accueil")


@pytest.fixture
def candidate(org):
    return make_candidate(org, first_name="Éloïse", last_name="Tremblay")


@pytest.fixture
def recruiter(app, org):
    return member(app, org, "recrutement@example.org", name="Rosalie Recruteuse")


def move(client, role, candidate, stage, version=0, **extra):
    data = {"move-stage": stage, "move-version": version, "move-next": NEXT, **extra}
    return client.post(panel_url(role, candidate.id, "move"), data=data)


def test_the_panel_of_a_candidate_not_yet_considered(role, candidate, recruiter):
    _, client = recruiter
    page = client.get(panel_url(role, candidate.id))
    assert page.status_code == 200
    words = text(page.text)
    assert "Éloïse Tremblay for Bénévole à l'accueil" in words
    assert "Not in the pipeline for this role yet" in words
    assert hidden_value(page.text, "move-version") == "0"
    # The stages to move to, in order, without "Not a fit" (it has its own form and reasons).
    select = re.search(r'<select[^>]*name="move-stage".*?</select>', page.text, re.S).group(0)
    options = re.findall(r'<option[^>]*value="([a-z_]+)"', select)
    assert options == [
        "new", "reviewing", "shortlisted", "contacted", "interview", "offered",
        "accepted", "declined",
    ]  # fmt: skip
    assert '<option selected value="reviewing">' in select  # the next stage is suggested
    for reason in ("Skills", "Availability", "Chose another candidate", "Candidate withdrew"):
        assert reason in words
    assert all(f'name="rate-rating" value="{n}"' in page.text for n in range(1, 6))
    assert "No stage change yet." in words and "No note yet." in words


def test_moving_stores_the_stage_and_who_moved_when(role, candidate, recruiter):
    user, client = recruiter
    response = move(client, role, candidate, "reviewing")
    assert response.status_code == 302
    assert response.location == NEXT + "#pipeline"

    row = application(role, candidate.id)
    assert row.stage == "reviewing" and row.version == 2
    assert [(c.from_stage, c.to_stage, c.changed_by_id) for c in row.history] == [
        (None, "new", user.id),
        ("new", "reviewing", user.id),
    ]
    moved = events("application.moved")[-1]
    assert moved.actor_id == user.id and moved.target_id == row.id
    assert moved.details == {
        "role_id": role.id,
        "candidate_id": candidate.id,
        "from_stage": "new",
        "to_stage": "reviewing",
        "reason": None,
    }

    page = client.get(panel_url(role, candidate.id))
    words = text(page.text)
    assert "Moved to Reviewing." in words
    assert "Stage Reviewing for" in words
    assert re.search(r"New Reviewing Rosalie Recruteuse", words)
    assert hidden_value(page.text, "move-version") == "2"


def test_time_in_stage_is_shown(org, role, candidate, recruiter):
    from datetime import timedelta

    from app.models.base import utcnow

    make_application(
        role, candidate, stage="interview", stage_changed_at=utcnow() - timedelta(days=3)
    )
    page = recruiter[1].get(panel_url(role, candidate.id))
    assert "Interview for 3 days, since" in text(page.text)


def test_a_note_can_come_with_a_move(role, candidate, recruiter):
    user, client = recruiter
    move(client, role, candidate, "contacted", **{"move-note": "Appelée lundi,\nrappeler jeudi"})
    row = application(role, candidate.id)
    assert row.stage == "contacted"
    assert [(n.body, n.author_id) for n in row.notes] == [
        ("Appelée lundi,\nrappeler jeudi", user.id)
    ]
    page = client.get(panel_url(role, candidate.id))
    assert "Appelée lundi,<br>rappeler jeudi" in page.text
    assert "Rosalie Recruteuse," in text(page.text)


def test_an_unknown_stage_is_refused(role, candidate, recruiter):
    response = move(recruiter[1], role, candidate, "hired")
    assert response.status_code == 400
    assert "Not a valid choice" in text(response.text)
    assert application(role, candidate.id) is None


def test_moving_to_the_current_stage_says_so(role, candidate, recruiter):
    make_application(role, candidate, stage="reviewing")
    response = move(recruiter[1], role, candidate, "reviewing", version=1)
    assert response.status_code == 400
    assert "The application is already at this stage." in text(response.text)
    assert application(role, candidate.id).version == 1


# --- not a fit -----------------------------------------------------------------------


def not_a_fit(client, role, candidate, version=0, **fields):
    data = {"nafit-version": version, "nafit-next": NEXT}
    data.update({f"nafit-{k}": v for k, v in fields.items()})
    return client.post(panel_url(role, candidate.id, "not-a-fit"), data=data)


def test_not_a_fit_needs_a_reason(role, candidate, recruiter):
    response = not_a_fit(recruiter[1], role, candidate, note="Trop loin")
    assert response.status_code == 400
    assert "Choose why the candidate is not a fit." in text(response.text)
    assert "Trop loin</textarea>" in response.text  # what was typed is kept
    assert application(role, candidate.id) is None


def test_other_needs_a_few_words(role, candidate, recruiter):
    response = not_a_fit(recruiter[1], role, candidate, reason="other", detail="  ")
    assert response.status_code == 400
    assert "Say in a few words why the candidate is not a fit." in text(response.text)
    assert application(role, candidate.id) is None


@pytest.mark.parametrize(
    ("reason", "detail", "shown"),
    [
        ("availability", "", "Availability"),
        ("withdrew", "", "Candidate withdrew"),
        ("other", "Déménage à Gaspé", "Other (say why) — Déménage à Gaspé"),
    ],
)
def test_not_a_fit_stores_the_reason(role, candidate, recruiter, reason, detail, shown):
    response = not_a_fit(recruiter[1], role, candidate, reason=reason, detail=detail)
    assert response.status_code == 302
    row = application(role, candidate.id)
    assert row.stage == "not_a_fit"
    assert row.not_a_fit_reason == NotAFitReason(reason)
    assert row.not_a_fit_detail == detail
    assert events("application.moved")[-1].details["reason"] == reason
    assert detail not in str(events("application.moved")[-1].details) or not detail
    page = text(recruiter[1].get(panel_url(role, candidate.id)).text)
    assert "Stage Not a fit" in page
    assert f"Why not a fit {shown}" in page


def test_leaving_not_a_fit_clears_the_reason(role, candidate, recruiter):
    make_application(
        role,
        candidate,
        stage="not_a_fit",
        not_a_fit_reason=NotAFitReason.LOCATION,
        not_a_fit_detail="Gaspé",
    )
    assert move(recruiter[1], role, candidate, "reviewing", version=1).status_code == 302
    row = application(role, candidate.id)
    assert (row.stage, row.not_a_fit_reason, row.not_a_fit_detail) == ("reviewing", None, "")


# --- notes and ratings ---------------------------------------------------------------


def test_notes_are_appended_with_author_and_time(app, org, role, candidate, recruiter):
    user, client = recruiter
    other, other_client = member(app, org, "autre@example.org", name="Théo Collègue")
    for who, body in ((client, "Première impression : excellente"), (other_client, "D'accord")):
        response = who.post(
            panel_url(role, candidate.id, "notes"), data={"note-body": body, "note-next": NEXT}
        )
        assert response.status_code == 302
    row = application(role, candidate.id)
    assert [(n.body, n.author_id) for n in row.notes] == [
        ("Première impression : excellente", user.id),
        ("D'accord", other.id),
    ]
    assert row.stage == "new"  # the first note adds the candidate to the pipeline
    page = text(client.get(panel_url(role, candidate.id)).text)
    assert (
        page.index("Rosalie Recruteuse,")
        < page.index("Première impression")
        < page.index("Théo Collègue,")
    )
    added = events("note.added")
    assert len(added) == 2
    assert all("excellente" not in str(event.details) for event in added)  # no note text


def test_an_empty_note_is_refused(role, candidate, recruiter):
    response = recruiter[1].post(panel_url(role, candidate.id, "notes"), data={"note-body": " "})
    assert response.status_code == 400
    assert "Write the note before adding it." in text(response.text)
    assert application(role, candidate.id) is None


def test_rating_from_one_to_five(role, candidate, recruiter):
    _, client = recruiter
    url = panel_url(role, candidate.id, "rating")
    assert client.post(url, data={"rate-rating": "4", "rate-version": "0"}).status_code == 302
    row = application(role, candidate.id)
    assert row.rating == 4
    page = client.get(panel_url(role, candidate.id))
    assert "Rating 4 out of 5" in text(page.text)
    assert re.search(r'value="4" class="button small primary" aria-pressed="true"', page.text)

    refused = client.post(url, data={"rate-rating": "6", "rate-version": str(row.version)})
    assert refused.status_code == 400
    assert "A rating goes from 1 to 5." in text(refused.text)
    assert application(role, candidate.id).rating == 4


# --- shortlist -----------------------------------------------------------------------


def test_shortlisting_appends_later_stages_keep_the_place_and_leaving_clears(org, role, recruiter):
    _, client = recruiter
    first, second, third = (
        make_candidate(org, first_name=name, email=f"{name}@example.org")
        for name in ("Alix", "Béa", "Cyril")
    )
    for person in (first, second, third):
        assert move(client, role, person, "shortlisted").status_code == 302
    positions = [application(role, c.id).shortlist_position for c in (first, second, third)]
    assert positions == [1, 2, 3]

    # Contacted is still on the shortlist, in the same place.
    assert move(client, role, first, "contacted", version=2).status_code == 302
    assert application(role, first.id).shortlist_position == 1
    # Back before the shortlist: off it; shortlisted again: at the end.
    assert move(client, role, first, "reviewing", version=3).status_code == 302
    assert application(role, first.id).shortlist_position is None
    assert application(role, second.id).shortlist_position == 2
    assert move(client, role, first, "shortlisted", version=4).status_code == 302
    assert application(role, first.id).shortlist_position == 4


# --- blind review --------------------------------------------------------------------


def test_blind_review_reveals_at_shortlisting_only(org, candidate, recruiter):
    user, client = recruiter
    blind = make_role(org, title="Trésorerie", blind_review=True)
    page = text(client.get(panel_url(blind, candidate.id)).text)
    assert f"Candidate {candidate.id} for Trésorerie" in page and "Tremblay" not in page

    move(client, blind, candidate, "reviewing")
    assert application(blind, candidate.id).revealed_at is None
    assert events("identity.revealed") == []

    response = move(client, blind, candidate, "shortlisted", version=2)
    assert response.status_code == 302
    row = application(blind, candidate.id)
    assert row.revealed_at is not None
    revealed = events("identity.revealed")
    assert len(revealed) == 1
    assert revealed[0].actor_id == user.id and revealed[0].target_id == row.id
    assert revealed[0].details == {"role_id": blind.id, "candidate_id": candidate.id}
    page = text(client.get(panel_url(blind, candidate.id)).text)
    assert "Blind review has ended for this candidate" in page
    assert "Éloïse Tremblay for Trésorerie" in page and "Identity revealed on" in page

    move(client, blind, candidate, "interview", version=3)
    assert len(events("identity.revealed")) == 1  # revealed once


@pytest.mark.parametrize(("stage", "revealed"), [("interview", True), ("declined", False)])
def test_later_stages_reveal_unless_terminal(org, candidate, recruiter, stage, revealed):
    blind = make_role(org, title="Trésorerie", blind_review=True)
    move(recruiter[1], blind, candidate, stage)
    assert (application(blind, candidate.id).revealed_at is not None) is revealed
    assert len(events("identity.revealed")) == int(revealed)


def test_roles_without_blind_review_reveal_nothing(role, candidate, recruiter):
    move(recruiter[1], role, candidate, "shortlisted")
    assert application(role, candidate.id).revealed_at is None
    assert events("identity.revealed") == []
    assert pipeline.identity_hidden(role, application(role, candidate.id)) is False


# --- who may do what -----------------------------------------------------------------


def test_candidates_may_not_see_nor_change_the_pipeline(app, org, role, candidate):
    _, client = member(app, org, "candidat@example.org", MemberRole.CANDIDATE)
    assert client.get(panel_url(role, candidate.id)).status_code == 403
    assert client.post(panel_url(role, candidate.id, "move"), data={}).status_code == 403
    assert application(role, candidate.id) is None


def test_board_chairs_see_but_change_only_board_roles(app, org, role, candidate):
    _, client = member(app, org, "presidence@example.org", MemberRole.BOARD_CHAIR)
    page = client.get(panel_url(role, candidate.id))
    assert page.status_code == 200
    assert "board chairs change it only for board roles" in text(page.text)
    assert 'name="move-stage"' not in page.text
    assert move(client, role, candidate, "shortlisted").status_code == 403
    assert application(role, candidate.id) is None

    board_role = make_role(org, title="Administrateur", kind=RoleKind.BOARD)
    assert 'name="move-stage"' in client.get(panel_url(board_role, candidate.id)).text
    assert move(client, board_role, candidate, "shortlisted").status_code == 302
    assert application(board_role, candidate.id).stage == "shortlisted"


def test_candidates_of_another_org_are_not_found(app, role, recruiter):
    other_org = make_org("autre-organisme", "Autre organisme")
    stranger = make_candidate(other_org, email="ailleurs@example.org")
    _, client = recruiter
    assert client.get(panel_url(role, stranger.id)).status_code == 404
    assert move(client, role, stranger, "shortlisted").status_code == 404
    assert application(role, stranger.id) is None


def test_a_candidate_without_consent_is_not_found_until_considered(org, role, recruiter):
    quiet = make_candidate(org, consented=False, email="quiet@example.org")
    _, client = recruiter
    assert client.get(panel_url(role, quiet.id)).status_code == 404
    assert move(client, role, quiet, "shortlisted").status_code == 404
    make_application(role, quiet, stage="interview")
    assert client.get(panel_url(role, quiet.id)).status_code == 200


def test_next_must_stay_on_the_site(role, candidate, recruiter):
    data = {"move-stage": "reviewing", "move-version": 0, "move-next": "https://evil.example/"}
    response = recruiter[1].post(panel_url(role, candidate.id, "move"), data=data)
    assert response.status_code == 302
    assert response.location == f"{ORG}/roles/{role.id}/candidates/{candidate.id}#pipeline"


def test_a_form_without_version_is_refused(role, candidate, recruiter):
    response = recruiter[1].post(panel_url(role, candidate.id, "move"), data={"move-stage": "new"})
    assert response.status_code == 400
    assert application(role, candidate.id) is None


# --- French and CSRF -----------------------------------------------------------------


def test_the_panel_speaks_french(app, org, role, candidate):
    _, client = member(app, org, "fr@example.org", lang="fr")
    make_application(role, candidate, stage="reviewing")
    page = client.get(panel_url(role, candidate.id))
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    words = text(page.text)
    assert "Étape En examen" in words  # the organization's French stage names
    assert "Présélectionné" in words
    assert "Historique" in words and "Ajouter la note" in words
    assert "Une autre personne a été choisie" in words  # a not-a-fit reason
    assert "Compétences" in words and "Disponibilité" in words


def test_panel_forms_carry_csrf_tokens(app, org, role, candidate):
    _, client = member(app, org, "csrf@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(panel_url(role, candidate.id))
    tokens = {
        prefix: hidden_value(page.text, f"{prefix}-csrf_token")
        for prefix in ("move", "nafit", "rate", "note")
    }
    url = panel_url(role, candidate.id, "move")
    refused = client.post(url, data={"move-stage": "reviewing", "move-version": "0"})
    assert refused.status_code == 400 and application(role, candidate.id) is None
    accepted = client.post(
        url,
        data={"move-stage": "reviewing", "move-version": "0", "move-csrf_token": tokens["move"]},
    )
    assert accepted.status_code == 302
    assert application(role, candidate.id).stage == "reviewing"


def test_history_rows_are_stored_once_per_change(role, candidate, recruiter):
    _, client = recruiter
    move(client, role, candidate, "reviewing")
    move(client, role, candidate, "interview", version=2)
    row = application(role, candidate.id)
    changes = [(c.from_stage, c.to_stage) for c in row.history]
    assert changes == [(None, "new"), ("new", "reviewing"), ("reviewing", "interview")]
    assert all(isinstance(c, StageChange) and c.changed_at for c in row.history)
    assert isinstance(row, Application) and row.stage_changed_at == row.history[-1].changed_at


def test_the_candidate_for_role_page_carries_the_panel(role, candidate, recruiter):
    _, client = recruiter
    page_url = f"{ORG}/roles/{role.id}/candidates/{candidate.id}"
    page = client.get(page_url)
    assert page.status_code == 200
    assert 'id="pipeline"' in page.text
    assert hidden_value(page.text, "move-next") == page_url
    response = client.post(
        panel_url(role, candidate.id, "move"),
        data={"move-stage": "reviewing", "move-version": "0", "move-next": page_url},
    )
    assert response.location == page_url + "#pipeline"
    after = text(client.get(page_url).text)
    assert "Moved to Reviewing." in after and "Stage Reviewing for" in after
