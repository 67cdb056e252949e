"""Skill and job-title suggestions while typing: the bilingual taxonomy, members only."""

from __future__ import annotations

import pytest

from app.models import MemberRole
from tests.factories import make_client, make_org
from tests.web.profile_support import BASE, log_in_candidate, log_in_staff

SUGGEST = f"{BASE}/suggest"


@pytest.fixture
def org(app):
    return make_org()


def labels(response) -> list[str]:
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return [s["label"] for s in response.get_json()["suggestions"]]


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("compta", "fr", "comptabilité"),
        ("account", "en", "accounting"),
        ("gestion de béné", "fr", "gestion de bénévoles"),
        ("GESTION DE BENE", "fr", "gestion de bénévoles"),
        ("volunteer manag", "en", "volunteer management"),
    ],
)
def test_skills_are_suggested_in_french_and_english(app, org, query, lang, expected):
    client, _ = log_in_candidate(app, org)
    response = client.get(SUGGEST, query_string={"kind": "skill", "q": query, "lang": lang})
    found = labels(response)
    assert expected in found
    assert len(found) <= 8
    assert response.get_json()["lang"] == lang


def test_the_same_concept_comes_back_in_either_language(app, org):
    client, _ = log_in_candidate(app, org)
    fr = client.get(SUGGEST, query_string={"q": "comptabilité", "lang": "fr"}).get_json()
    en = client.get(SUGGEST, query_string={"q": "accounting", "lang": "en"}).get_json()
    assert fr["suggestions"][0]["concept_id"] == en["suggestions"][0]["concept_id"]


def test_job_titles_are_suggested(app, org):
    client = log_in_staff(app, org)
    assert "trésorier" in labels(
        client.get(SUGGEST, query_string={"kind": "title", "q": "tréso", "lang": "fr"})
    )


def test_the_language_defaults_to_the_interface_language(app, org):
    client, _ = log_in_candidate(app, org, lang="fr")
    response = client.get(SUGGEST, query_string={"q": "compta"})
    assert response.get_json()["lang"] == "fr"
    assert "comptabilité" in labels(response)
    english = log_in_staff(app, org, MemberRole.ADMIN, lang="en")
    response = english.get(SUGGEST, query_string={"q": "account", "lang": "xx"})
    assert response.get_json()["lang"] == "en"


@pytest.mark.parametrize(
    ("args", "status"),
    [
        ({"q": "x" * 81}, 400),
        ({"q": "compta", "kind": "cause"}, 400),
        ({"q": ""}, 200),
        ({"q": "   "}, 200),
        ({"q": "zzzzqqq"}, 200),
    ],
)
def test_odd_queries_are_refused_or_answered_empty(app, org, args, status):
    client, _ = log_in_candidate(app, org)
    response = client.get(SUGGEST, query_string=args)
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["suggestions"] == []
    else:
        assert "at most 80 characters" in response.get_json()["error"]


def test_strangers_get_no_suggestions(app, org):
    response = make_client(app).get(SUGGEST, query_string={"q": "compta"})
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_skill_inputs_ask_for_suggestions_and_work_as_plain_text(app, org):
    client, _ = log_in_candidate(app, org)
    page = client.post(f"{BASE}/me/edit", data={"first_name": "Zoë", "action": "add:skills"})
    assert 'data-suggest="skill"' in page.text
    assert f'data-suggest-url="{SUGGEST}"' in page.text
    assert 'name="skills-0-label"' in page.text and 'type="text"' in page.text
    assert "js/profile.js" in page.text
