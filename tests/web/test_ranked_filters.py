"""The ranked list of a role: filters in the URL, sorting, pages, rows, blind review, bulk bar."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from app.extensions import db
from app.models import (
    LanguageLevel,
    MemberRole,
    RoleKind,
    RoleLanguage,
    RoleSkill,
    Source,
    WorkMode,
)
from app.models.base import utcnow
from app.services import candidate_facts, matching
from tests.factories import (
    add_profile_items,
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)

BASE = "/o/banque-alimentaire/roles"


@pytest.fixture(autouse=True)
def _fresh_caches():
    matching.clear_cache()
    candidate_facts.clear_cache()
    yield
    matching.clear_cache()
    candidate_facts.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


def login(app, org, role=MemberRole.RECRUITER, *, lang="en", email="recrutement@example.org"):
    user = make_user(email, org, role)
    client = make_client(app, accept_language=lang)
    assert client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    return client


def names_listed(page) -> list[str]:
    """The candidates' names as the rows show them, in order."""
    return [
        html.unescape(n) for n in re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', page.text)
    ]


@pytest.fixture
def people(org):
    """A volunteer role in Montréal and three candidates who differ on every filter."""
    role = make_role(org, title="Accueil au comptoir", region="Québec", hours_per_week=4)
    role.languages.append(
        RoleLanguage(language="fr", level=LanguageLevel.PROFESSIONAL_WORKING, required=False)
    )
    db.session.commit()
    amelie = make_candidate(
        org,
        first_name="Amélie",
        last_name="Zénon",
        email="amelie@example.org",
        city="Montréal",
        region="Québec",
        work_mode=WorkMode.IN_PERSON,
        hours_per_week=10,
        schedule=["evenings", "weekends"],
        source=Source.LINKEDIN,
        interested_volunteer=True,
    )
    add_profile_items(
        amelie,
        languages={"fr": LanguageLevel.NATIVE_OR_BILINGUAL, "en": LanguageLevel.LIMITED_WORKING},
    )
    bruno = make_candidate(
        org,
        first_name="Bruno",
        last_name="Arsenault",
        email="bruno@example.org",
        city="Québec",
        region="Québec",
        work_mode=WorkMode.REMOTE,
        hours_per_week=2,
        schedule=["weekdays"],
        source=Source.FORM,
        interested_staff=True,
    )
    add_profile_items(bruno, languages={"en": LanguageLevel.FULL_PROFESSIONAL})
    chloe = make_candidate(
        org,
        first_name="Chloé",
        last_name="Mercier",
        email="chloe@example.org",
        city="Laval",
        region="Laval",
        work_mode=WorkMode.ANY,
        source=Source.JSON_RESUME,
        interested_volunteer=True,
    )
    add_profile_items(chloe, languages={"fr": None})
    return role, amelie, bruno, chloe


ALL = {"Amélie Zénon", "Bruno Arsenault", "Chloé Mercier"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("lang=fr", {"Amélie Zénon", "Chloé Mercier"}),
        ("lang=fr&level=native_or_bilingual", {"Amélie Zénon"}),
        ("lang=en&level=limited_working", {"Amélie Zénon", "Bruno Arsenault"}),
        ("lang=en&level=full_professional", {"Bruno Arsenault"}),
        ("place=montreal", {"Amélie Zénon"}),  # accents and case do not matter
        ("place=Qu%C3%A9bec", {"Amélie Zénon", "Bruno Arsenault"}),  # city or region
        ("place=laval", {"Chloé Mercier"}),
        ("remote=1", {"Bruno Arsenault", "Chloé Mercier"}),
        ("hours=5", {"Amélie Zénon"}),
        ("hours=2", {"Amélie Zénon", "Bruno Arsenault"}),  # unknown hours are not "at least 2"
        ("schedule=evenings", {"Amélie Zénon"}),
        ("schedule=evenings&schedule=weekdays", set()),  # available at every time ticked
        ("schedule=weekdays", {"Bruno Arsenault"}),
        ("source=linkedin", {"Amélie Zénon"}),
        ("source=json_resume", {"Chloé Mercier"}),
        ("interest=1", {"Amélie Zénon", "Chloé Mercier"}),  # interested in volunteer roles
        ("lang=fr&remote=1", {"Chloé Mercier"}),
    ],
)
def test_each_filter_narrows_the_list(app, org, people, query, expected):
    role, *_ = people
    page = login(app, org).get(f"{BASE}/{role.id}?{query}")
    assert page.status_code == 200
    assert set(names_listed(page)) == expected
    if not expected:
        assert "No candidate matches these filters." in page.text


def test_the_form_shows_the_filters_of_the_url(app, org, people):
    role, *_ = people
    query = "lang=fr&level=native_or_bilingual&place=Montr%C3%A9al&remote=1&hours=3"
    query += "&schedule=evenings&min_score=10&source=linkedin&interest=1&sort=updated"
    page = login(app, org).get(f"{BASE}/{role.id}?{query}").text
    assert re.search(r'<option selected value="fr">|<option value="fr" selected>', page)
    assert re.search(r'<option selected value="native_or_bilingual">', page)
    assert 'name="place" type="text" value="Montréal"' in page
    assert re.search(r'<input checked id="remote" name="remote" type="checkbox" value="1">', page)
    assert 'name="hours" type="number" value="3"' in page
    assert re.search(
        r'<input checked id="schedule-1" name="schedule" type="checkbox" value="evenings">', page
    )
    assert 'name="min_score" type="number" value="10"' in page
    assert re.search(r'<option selected value="linkedin">', page)
    assert re.search(
        r'<input checked id="interest" name="interest" type="checkbox" value="1">', page
    )
    assert re.search(r'<option selected value="updated">', page)
    assert f'href="{BASE}/{role.id}">Clear filters</a>' in page
    assert f'<form method="get" action="{BASE}/{role.id}"' in page


def test_without_filters_there_is_nothing_to_clear(app, org, people):
    role, *_ = people
    assert "Clear filters" not in login(app, org).get(f"{BASE}/{role.id}").text


def test_minimum_score(app, org, people):
    role, _amelie, _bruno, _chloe = people
    client = login(app, org)
    scores = {
        name: int(score)
        for name, score in re.findall(
            r'<th scope="row"><a [^>]*>([^<]+)</a>.*?<strong>(\d+) / 100</strong>',
            client.get(f"{BASE}/{role.id}").text,
            re.S,
        )
    }
    assert len(set(scores.values())) > 1, scores  # the test needs different scores
    threshold = sorted(scores.values())[1]
    shown = names_listed(client.get(f"{BASE}/{role.id}?min_score={threshold}"))
    assert set(shown) == {html.unescape(n) for n, s in scores.items() if s >= threshold}
    assert set(shown) != set(scores)


def test_stage_filter_reads_the_pipeline_and_new_means_not_considered_yet(app, org, people):
    role, amelie, bruno, _chloe = people
    make_application(role, amelie, stage="reviewing")
    make_application(role, bruno, stage="new")
    client = login(app, org)
    assert names_listed(client.get(f"{BASE}/{role.id}?stage=reviewing")) == ["Amélie Zénon"]
    # Chloé has no application: nobody considered her yet, which is what "new" means.
    assert set(names_listed(client.get(f"{BASE}/{role.id}?stage=new"))) == {
        "Bruno Arsenault",
        "Chloé Mercier",
    }
    both = client.get(f"{BASE}/{role.id}?stage=new&stage=reviewing")
    assert set(names_listed(both)) == ALL
    assert names_listed(client.get(f"{BASE}/{role.id}?stage=shortlisted")) == []


def test_rows_show_the_stage(app, org, people):
    role, amelie, *_ = people
    make_application(role, amelie, stage="reviewing")
    page = login(app, org).get(f"{BASE}/{role.id}").text
    assert re.search(r"Amélie Zénon</a> <span class=\"badge badge-stage\">Reviewing</span>", page)


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("min_score=abc", "Minimum score: “abc” was not understood, so this filter is off."),
        ("min_score=150", "Minimum score: “150” was not understood"),
        ("hours=-3", "Hours a week, at least: “-3” was not understood"),
        ("lang=xx", "Speaks: “xx” was not understood"),
        ("level=expert", "At least: “expert” was not understood"),
        ("level=native_or_bilingual", "A level needs a language: the level was ignored."),
        ("source=fax", "Profile from: “fax” was not understood"),
        ("sort=random", "Sort by: “random” was not understood"),
        ("page=abc", "Page “abc” does not exist: here is the first."),
        ("stage=nowhere", "Stage: “nowhere” was not understood, so this filter is off."),
        ("schedule=nights", "Available: “nights” was not understood"),
        ("place=" + "x" * 500, "City or region: “" + "x" * 60 + "” was not understood"),
    ],
)
def test_bad_values_are_ignored_with_a_note(app, org, people, query, note):
    role, *_ = people
    page = login(app, org).get(f"{BASE}/{role.id}?{query}")
    assert page.status_code == 200
    assert note in html.unescape(page.text)
    assert set(names_listed(page)) == ALL


def test_a_bad_value_leaves_the_good_ones_in_force(app, org, people):
    role, *_ = people
    page = login(app, org).get(f"{BASE}/{role.id}?lang=fr&stage=new&stage=bogus&min_score=x")
    text = html.unescape(page.text)
    assert "Stage: “bogus” was not understood and was left out." in text
    assert set(names_listed(page)) == {"Amélie Zénon", "Chloé Mercier"}


@pytest.fixture
def crowd(org):
    role = make_role(org, title="Tri des denrées")
    for n in range(30):
        person = make_candidate(
            org, first_name=f"Fr{n:02d}", last_name="Ancophone", email=f"f{n}@x.org"
        )
        add_profile_items(person, languages={"fr": LanguageLevel.NATIVE_OR_BILINGUAL})
    for n in range(5):
        make_candidate(org, first_name=f"En{n}", last_name="Glophone", email=f"e{n}@x.org")
    return role


def test_pages_keep_the_filters(app, org, crowd):
    client = login(app, org)
    first = client.get(f"{BASE}/{crowd.id}?lang=fr&sort=name")
    assert len(names_listed(first)) == 25
    assert "Page 1 of 2 (30 candidates)" in first.text
    assert "30 of 35 candidates match the filters." in first.text
    link = re.search(r'<a href="([^"]+)" rel="next">', first.text).group(1)
    args = parse_qs(urlsplit(html.unescape(link)).query)
    assert args == {"lang": ["fr"], "sort": ["name"], "page": ["2"]}
    second = client.get(html.unescape(link))
    assert names_listed(second) == [f"Fr{n:02d} Ancophone" for n in range(25, 30)]
    assert 'rel="prev"' in second.text
    beyond = client.get(f"{BASE}/{crowd.id}?lang=fr&page=9")
    assert "Page 2 of 2 (30 candidates)" in beyond.text


def test_sort_by_name_and_by_last_update(app, org, people):
    role, amelie, bruno, chloe = people
    for person, day in ((amelie, 3), (bruno, 1), (chloe, 2)):
        person.updated_at = datetime(2026, 1, day, tzinfo=UTC)
    matching.touch(org, [amelie.id, bruno.id, chloe.id])
    db.session.commit()
    client = login(app, org)
    by_name = names_listed(client.get(f"{BASE}/{role.id}?sort=name"))
    assert by_name == ["Bruno Arsenault", "Chloé Mercier", "Amélie Zénon"]  # by last name
    by_update = names_listed(client.get(f"{BASE}/{role.id}?sort=updated"))
    assert by_update == ["Amélie Zénon", "Chloé Mercier", "Bruno Arsenault"]
    ranks = re.findall(r'data-label="Rank">(\d+)<', client.get(f"{BASE}/{role.id}?sort=name").text)
    assert ranks == ["1", "2", "3"]


def test_the_list_follows_changes_other_workers_announce(app, org, people):
    role, amelie, *_ = people
    client = login(app, org)
    assert names_listed(client.get(f"{BASE}/{role.id}?place=gatineau")) == []
    amelie.city = "Gatineau"
    matching.touch(org, [amelie.id])
    db.session.commit()
    assert names_listed(client.get(f"{BASE}/{role.id}?place=gatineau")) == ["Amélie Zénon"]


# --- what a row shows ------------------------------------------------------------------------


@pytest.fixture
def demanding_role(org):
    """A role with a required skill, a required language and hours: three ways to fall short."""
    role = make_role(org, title="Trésorerie bénévole", hours_per_week=4)
    role.skills.append(
        RoleSkill(name="Accounting", concept_id=matching.skill_concept("accounting"), required=True)
    )
    role.languages.append(
        RoleLanguage(language="fr", level=LanguageLevel.PROFESSIONAL_WORKING, required=True)
    )
    db.session.commit()
    return role


def row_of(page_text: str, name: str) -> str:
    found = re.search(rf"<tr>(?:(?!</tr>).)*{re.escape(name)}.*?</tr>", page_text, re.S)
    assert found, name
    return html.unescape(found.group(0))


def test_a_row_shows_the_bar_coverage_reasons_and_badges(app, org, demanding_role):
    ready = make_candidate(
        org, first_name="Prête", last_name="Àtout", email="p@x.org", hours_per_week=6
    )
    add_profile_items(
        ready, skills=["comptabilité"], languages={"fr": LanguageLevel.NATIVE_OR_BILINGUAL}
    )
    short = make_candidate(org, first_name="Loin", last_name="Ducompte", email="l@x.org")
    add_profile_items(
        short, skills=["cuisine"], languages={"en": LanguageLevel.NATIVE_OR_BILINGUAL}
    )
    page = login(app, org).get(f"{BASE}/{demanding_role.id}").text
    good = row_of(page, "Prête Àtout")
    assert re.search(r'<meter [^>]*value="\d+"', good)
    assert re.search(r"<strong>\d+ / 100</strong>", good)
    assert re.search(r"based on (\d) of \1 criteria", good)
    assert re.search(r'class="reasons">[^<]*Skills \(Accounting\)', good)
    assert "badge-warn" not in good and "unknown:" not in good
    weak = row_of(page, "Loin Ducompte")
    assert "missing skill: Accounting" in weak
    assert "missing language: French (Professional working proficiency)" in weak
    assert "unknown: Availability" in weak  # no hours, no schedule given
    assert re.search(r"based on (\d) of (?!\1)\d criteria", weak)
    assert names_listed_text(page) == ["Prête Àtout", "Loin Ducompte"]


def names_listed_text(text: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', text)]


def test_a_row_without_any_reason(app, org, demanding_role):
    make_candidate(org, first_name="Vide", last_name="Profil", email="v@x.org", city="")
    page = login(app, org).get(f"{BASE}/{demanding_role.id}").text
    assert "No criterion met yet" in row_of(page, "Vide Profil")


# --- blind review ---------------------------------------------------------------------------


def test_blind_review_hides_who_the_candidates_are_until_revealed(app, org, people):
    role, amelie, bruno, chloe = people
    role.blind_review = True
    db.session.commit()
    client = login(app, org)
    page = client.get(f"{BASE}/{role.id}").text
    for person in (amelie, bruno, chloe):
        assert f"Candidate #{person.id}" in page
        for private in (person.first_name, person.last_name, person.email):
            assert private not in page
    assert "Blind review is on" in page
    make_application(role, amelie, stage="shortlisted", revealed_at=utcnow())
    page = client.get(f"{BASE}/{role.id}").text
    assert "Amélie Zénon" in html.unescape(page)
    assert f"Candidate #{bruno.id}" in page and "Bruno" not in page


def test_under_blind_review_sorting_by_name_is_off(app, org, people):
    role, *_ = people
    role.blind_review = True
    db.session.commit()
    page = login(app, org).get(f"{BASE}/{role.id}?sort=name")
    assert "Sorting by name is off while blind review hides who the candidates are." in (
        html.unescape(page.text)
    )
    assert re.search(r'<option selected value="score">', page.text)


# --- bulk actions -------------------------------------------------------------------------------


def test_the_bulk_bar_posts_to_the_pipeline_and_comes_back_to_the_same_view(app, org, people):
    role, amelie, _bruno, chloe = people
    client = login(app, org)
    page = client.get(f"{BASE}/{role.id}?lang=fr&remote=0&sort=name&junk=1").text
    form = re.search(r'<form method="post" action="([^"]+)" class="bulk-form"', page)
    assert form.group(1) == f"{BASE}/{role.id}/applications/bulk"
    back = html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', page).group(1))
    assert back == f"{BASE}/{role.id}?lang=fr&sort=name"
    boxes = re.findall(r'<input type="checkbox" name="candidate_ids" value="(\d+)"', page)
    assert sorted(map(int, boxes)) == sorted([amelie.id, chloe.id])
    for action in ("shortlist", "move", "not_a_fit"):
        assert f'value="{action}"' in page

    done = client.post(
        f"{BASE}/{role.id}/applications/bulk",
        data={"candidate_ids": [amelie.id, chloe.id], "action": "shortlist", "next": back},
    )
    assert done.status_code == 302 and done.location == back
    shortlisted = client.get(f"{BASE}/{role.id}?stage=shortlisted")
    assert set(names_listed(shortlisted)) == {"Amélie Zénon", "Chloé Mercier"}


def test_board_chairs_see_no_bulk_bar_on_a_volunteer_role(app, org, people):
    role, *_ = people
    page = login(app, org, MemberRole.BOARD_CHAIR, email="chair@example.org").get(
        f"{BASE}/{role.id}"
    )
    assert page.status_code == 200
    assert "bulk-form" not in page.text and 'name="candidate_ids"' not in page.text


def test_board_chairs_get_the_bulk_bar_on_a_board_role(app, org):
    role = make_role(org, title="Administration", kind=RoleKind.BOARD)
    make_candidate(org)
    page = login(app, org, MemberRole.BOARD_CHAIR, email="chair@example.org").get(
        f"{BASE}/{role.id}"
    )
    assert 'name="candidate_ids"' in page.text


def test_the_bulk_form_carries_a_csrf_token(app, org, people):
    role, *_ = people
    app.config["WTF_CSRF_ENABLED"] = True
    client = make_client(app, accept_language="en")
    login_page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    user = make_user("r@example.org", org)
    data = {"email": user.email, "password": "correct-horse-battery", "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
    page = client.get(f"{BASE}/{role.id}").text
    bulk = page[page.index('class="bulk-form"') :]
    assert re.search(r'name="csrf_token" type="hidden" value="[^"]+"', bulk)
    # The filters are a GET form: no token, nothing in the URL but the filters.
    filters = page[page.index('role="search"') : page.index("</form>", page.index('role="search"'))]
    assert "csrf_token" not in filters


def test_candidates_cannot_open_the_ranked_list(app, org, people):
    role, *_ = people
    client = login(app, org, MemberRole.CANDIDATE, email="candidat@example.org")
    assert client.get(f"{BASE}/{role.id}?lang=fr").status_code == 403
