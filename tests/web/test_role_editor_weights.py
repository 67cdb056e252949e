"""A role's own matching weights: shown beside the defaults, validated, used by the ranking."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, LearnedWeights, MemberRole, RoleKind
from app.services import matching
from matching.types import COMPONENTS
from tests.factories import add_profile_items, make_candidate, make_org, make_role
from tests.web.profile_support import fresh, text_of
from tests.web.test_role_editor import BASE, login


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def role(org):
    """A staff role with skills and a place, but no cause, language or hours."""
    role = make_role(org, title="Comptable d’Hochelaga", kind=RoleKind.STAFF, city="Montréal")
    client_free_skill(role, "comptabilité")
    return role


def client_free_skill(role, name: str) -> None:
    from app.models import RoleSkill

    role.skills.append(RoleSkill(name=name, concept_id=matching.skill_concept(name)))
    db.session.commit()


def row_of(page: str, label: str) -> str:
    found = re.search(
        rf"<tr[^>]*>\s*<th scope=\"row\"><label[^>]*>{label}</label>.*?</tr>", page, re.S
    )
    assert found, label
    return found.group(0)


def cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def weights_url(role) -> str:
    return f"{BASE}/{role.id}/weights"


def test_the_page_shows_each_default_and_the_share_it_gives(app, org, role):
    page = text_of(login(app, org).get(weights_url(role)))
    assert "Matching weights for Comptable d’Hochelaga" in page
    assert "drops out, and the others are scaled up" in page
    skills = row_of(page, "Skills")
    assert 'name="skills"' in skills and 'placeholder="30"' in skills
    assert cells(skills)[0] == "30"  # the staff default
    # Skills, text and location apply; without a minimum of years, experience does not.
    assert cells(row_of(page, "Experience"))[-1] == "no data: drops out"
    assert cells(row_of(page, "Cause"))[-1] == "no data: drops out"
    assert cells(row_of(page, "Languages"))[-1] == "no data: drops out"
    assert cells(skills)[-1] == "55%"  # 30 / (30 + 15 + 10)
    assert cells(row_of(page, "Location"))[-1] == "18%"
    assert "Your organization's learned weight" not in page


def test_learned_weights_in_force_are_shown_beside_the_defaults(app, org, role):
    learned = {name: 10.0 for name in COMPONENTS}
    db.session.add(
        LearnedWeights(
            organization_id=org.id,
            kind=RoleKind.STAFF,
            proposed=learned,
            previous={},
            status="accepted",
        )
    )
    db.session.commit()
    page = text_of(login(app, org).get(weights_url(role)))
    assert "Your organization's learned weight" in page
    skills = row_of(page, "Skills")
    assert cells(skills)[:2] == ["30", "10"]
    assert 'placeholder="10"' in skills
    assert cells(skills)[-1] == "33%"  # 10 / (10 + 10 + 10)


def test_saving_stores_only_the_weights_typed(app, org, role):
    client = login(app, org)
    response = client.post(weights_url(role), data={"skills": "60", "location": "12,5", "text": ""})
    assert response.status_code == 302 and response.location == weights_url(role)
    fresh(role)
    assert role.weights == {"skills": 60.0, "location": 12.5}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "role.updated")).one()
    assert event.details == {"fields": ["weights"], "weights": {"skills": 60.0, "location": 12.5}}
    page = text_of(client.get(response.location))
    assert "The weights of Comptable d’Hochelaga are saved: the ranking uses them now." in page
    assert 'value="60"' in row_of(page, "Skills") and 'value="12.5"' in row_of(page, "Location")
    assert cells(row_of(page, "Skills"))[-1] == "69%"  # 60 / (60 + 15 + 12.5)

    response = client.post(weights_url(role), data={"action": "reset", "skills": "99"})
    assert response.status_code == 302
    fresh(role)
    assert role.weights == {}
    assert "follows the organization's weights again" in text_of(client.get(response.location))


@pytest.mark.parametrize("value", ["-1", "101", "beaucoup", "nan", "inf", "1e400"])
def test_a_weight_out_of_range_is_refused(app, org, role, value):
    role.weights = {"cause": 5.0}
    db.session.commit()
    response = login(app, org).post(weights_url(role), data={"skills": value, "text": "20"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Skills: Enter a number from 0 to 100." in page
    assert 'aria-invalid="true"' in row_of(page, "Skills")
    fresh(role)
    assert role.weights == {"cause": 5.0}


def test_at_least_one_criterion_must_weigh_something(app, org, role):
    zeros = dict.fromkeys(COMPONENTS, "0")
    response = login(app, org).post(weights_url(role), data=zeros)
    assert response.status_code == 400
    assert "At least one criterion must weigh more than 0." in text_of(response)
    fresh(role)
    assert role.weights == {}


def test_the_ranking_follows_the_roles_weights(app, org, role):
    """Amélie has the skill but lives elsewhere; Bruno lives in Montréal without it."""
    amelie = make_candidate(org, first_name="Amélie", last_name="Comptable", city="Gatineau")
    add_profile_items(amelie, skills=["comptabilité"])
    make_candidate(org, first_name="Bruno", last_name="Voisin", email="b@example.org")
    client = login(app, org)
    only = {name: "0" for name in COMPONENTS}

    def order() -> list[str]:
        fresh(role)
        ranked = [m.candidate_id for m in matching.ranked_matches(org, role)]
        by_service = ["Amélie" if cid == amelie.id else "Bruno" for cid in ranked]
        page = client.get(f"{BASE}/{role.id}").text
        by_page = sorted(("Amélie", "Bruno"), key=page.index)
        assert by_page == by_service
        return by_page

    assert client.post(weights_url(role), data={**only, "skills": "100"}).status_code == 302
    assert order() == ["Amélie", "Bruno"]
    assert client.post(weights_url(role), data={**only, "location": "100"}).status_code == 302
    assert order() == ["Bruno", "Amélie"]


def test_candidates_and_board_chairs_of_other_kinds_may_not(app, org, role):
    chair = login(app, org, MemberRole.BOARD_CHAIR, email="ca@example.org")
    assert chair.get(weights_url(role)).status_code == 403
    candidate = login(app, org, MemberRole.CANDIDATE, email="c@example.org")
    assert candidate.post(weights_url(role), data={"skills": "1"}).status_code == 403
    fresh(role)
    assert role.weights == {}
