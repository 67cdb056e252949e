"""A role's shortlist: who is on it, in which order, reordering with locking, blind review."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Application, MemberRole, Note
from app.models.base import utcnow
from app.services import matching, pipeline
from tests.factories import (
    add_profile_items,
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)

SLUG = "banque-alimentaire"


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def recruiter(org):
    return make_user("recrutement@example.org", org, MemberRole.RECRUITER)


def login(app, email: str, *, lang: str = "en"):
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return client


def person(org, first: str, last: str, **fields):
    email = f"{first.lower()}.{last.lower()}@example.org".replace(" ", "")
    return make_candidate(org, first_name=first, last_name=last, email=email, **fields)


def shortlist_url(role) -> str:
    return f"/o/{SLUG}/roles/{role.id}/shortlist"


def order_on_page(html: str) -> list[str]:
    """The names in the shortlist table, top to bottom."""
    body = html.split('<table class="pipeline shortlist">', 1)[1].split("</table>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="row">\s*(.*?)(?:<br>|</th>)', body, re.S)
    ]


@pytest.fixture
def board(org):
    """A role with five applications: three on the shortlist, one too early, one ruled out."""
    role = make_role(org, title="Bénévole à la comptabilité")
    now = utcnow()
    anne = person(org, "Anne", "Arsenault")
    bruno = person(org, "Bruno", "Bélanger")
    chloe = person(org, "Chloé", "Côté")
    denis = person(org, "Denis", "Dufour")
    elise = person(org, "Élise", "Émond")
    rows = {
        "anne": make_application(
            role, anne, stage="shortlisted", shortlist_position=2, rating=3, stage_changed_at=now
        ),
        "bruno": make_application(
            role, bruno, stage="shortlisted", shortlist_position=1, rating=4, stage_changed_at=now
        ),
        # Moved on to "contacted": still on the shortlist, after those with a place.
        "chloe": make_application(role, chloe, stage="contacted", stage_changed_at=now),
        "denis": make_application(role, denis, stage="reviewing"),
        "elise": make_application(role, elise, stage="not_a_fit", shortlist_position=3),
    }
    db.session.add(
        Note(
            organization_id=org.id,
            application_id=rows["bruno"].id,
            body="Très bonne candidate.",
            created_at=now - timedelta(days=3),
        )
    )
    db.session.commit()
    return role, rows


def test_the_shortlist_shows_its_people_in_order_with_what_matters(app, recruiter, board):
    role, rows = board
    page = login(app, recruiter.email).get(shortlist_url(role))
    assert page.status_code == 200
    assert "Shortlist: Bénévole à la comptabilité" in page.text
    assert order_on_page(page.text) == ["Bruno Bélanger", "Anne Arsenault", "Chloé Côté"]
    assert "Denis" not in page.text and "Élise" not in page.text
    assert "4 / 5" in page.text and "3 / 5" in page.text and "not rated" in page.text
    assert "Shortlisted" in page.text and "Contacted" in page.text
    assert "/ 100" in page.text  # scored: each person consents to matching
    assert "no note" in page.text  # Anne and Chloé have none; Bruno's date is shown
    explanation = f"/o/{SLUG}/roles/{role.id}/candidates/{rows['bruno'].candidate_id}"
    assert f'href="{explanation}"' in page.text


def test_the_shortlist_link_can_be_shared_and_copied(app, recruiter, board):
    role, _rows = board
    page = login(app, recruiter.email).get(shortlist_url(role))
    assert f'value="http://rallier.test{shortlist_url(role)}"' in page.text
    assert "Copy link" in page.text
    assert "js/shortlists.js" in page.text
    assert f'href="{shortlist_url(role)}.csv"' in page.text
    assert f'href="{shortlist_url(role)}.zip"' in page.text


def test_any_staff_member_may_open_it_candidates_may_not(app, org, board):
    role, _rows = board
    make_user("chair@example.org", org, MemberRole.BOARD_CHAIR)
    make_user("someone@example.org", org, MemberRole.CANDIDATE)
    assert login(app, "chair@example.org").get(shortlist_url(role)).status_code == 200
    candidate = login(app, "someone@example.org")
    assert candidate.get(shortlist_url(role)).status_code == 403
    assert candidate.get(shortlist_url(role) + ".csv").status_code == 403
    application = db.session.scalar(select(Application).where(Application.stage == "contacted"))
    move = f"{shortlist_url(role)}/{application.id}/move"
    assert candidate.post(move, data={"direction": "up"}).status_code == 403


def test_an_empty_shortlist_says_so(app, org, recruiter):
    role = make_role(org)
    page = login(app, recruiter.email).get(shortlist_url(role))
    assert "No one is on this shortlist yet." in page.text
    assert ".csv" not in page.text


def move_form(page_html: str, application_id: int, direction: str) -> dict[str, str]:
    """The hidden fields of one up/down button, exactly as the page renders them."""
    forms = re.findall(r"<form[^>]*>.*?</form>", page_html, re.S)
    for form in forms:
        if f"/{application_id}/move" in form and f'value="{direction}"' in form:
            return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    raise AssertionError(f"no {direction} button for application {application_id}")


def positions(rows) -> dict[str, int | None]:
    db.session.expire_all()
    return {
        name: db.session.get(Application, a.id).shortlist_position
        for name, a in rows.items()
        if name in ("anne", "bruno", "chloe")
    }


def test_moving_a_person_up_reorders_the_shortlist(app, recruiter, board):
    role, rows = board
    client = login(app, recruiter.email)
    page = client.get(shortlist_url(role))
    fields = move_form(page.text, rows["anne"].id, "up")
    response = client.post(f"{shortlist_url(role)}/{rows['anne'].id}/move", data=fields)
    assert response.status_code == 303
    assert response.location.endswith(f"/shortlist#application-{rows['anne'].id}")
    assert positions(rows) == {"anne": 1, "bruno": 2, "chloe": None}
    page = client.get(shortlist_url(role))
    assert order_on_page(page.text) == ["Anne Arsenault", "Bruno Bélanger", "Chloé Côté"]


def test_moving_down_past_someone_without_a_place_numbers_everyone(app, recruiter, board):
    role, rows = board
    client = login(app, recruiter.email)
    fields = move_form(client.get(shortlist_url(role)).text, rows["anne"].id, "down")
    client.post(f"{shortlist_url(role)}/{rows['anne'].id}/move", data=fields)
    assert positions(rows) == {"bruno": 1, "chloe": 2, "anne": 3}
    assert order_on_page(client.get(shortlist_url(role)).text) == [
        "Bruno Bélanger",
        "Chloé Côté",
        "Anne Arsenault",
    ]


def test_the_first_has_no_up_button_and_the_last_no_down_button(app, recruiter, board):
    role, rows = board
    page = login(app, recruiter.email).get(shortlist_url(role)).text
    with pytest.raises(AssertionError):
        move_form(page, rows["bruno"].id, "up")
    with pytest.raises(AssertionError):
        move_form(page, rows["chloe"].id, "down")


def test_a_stale_page_says_changed_meanwhile_and_changes_nothing(app, org, recruiter, board):
    role, rows = board
    make_user("collegue@example.org", org, MemberRole.RECRUITER)
    mine, theirs = login(app, recruiter.email), login(app, "collegue@example.org")
    my_page = mine.get(shortlist_url(role)).text

    # A colleague moves Anne up first: Anne and Bruno swap places.
    their_fields = move_form(theirs.get(shortlist_url(role)).text, rows["anne"].id, "up")
    theirs.post(f"{shortlist_url(role)}/{rows['anne'].id}/move", data=their_fields)
    assert positions(rows) == {"anne": 1, "bruno": 2, "chloe": None}

    # My page still shows Anne second: my "up" click is refused, nothing moves.
    fields = move_form(my_page, rows["anne"].id, "up")
    response = mine.post(f"{shortlist_url(role)}/{rows['anne'].id}/move", data=fields)
    assert response.status_code == 303
    page = mine.get(response.location)
    assert "The shortlist changed meanwhile" in page.text
    assert positions(rows) == {"anne": 1, "bruno": 2, "chloe": None}
    assert order_on_page(page.text) == ["Anne Arsenault", "Bruno Bélanger", "Chloé Côté"]


def test_a_neighbour_changed_elsewhere_also_counts_as_changed(app, recruiter, board):
    role, rows = board
    client = login(app, recruiter.email)
    fields = move_form(client.get(shortlist_url(role)).text, rows["chloe"].id, "up")
    # Someone rates Anne meanwhile (any change of her row bumps its version).
    anne = db.session.get(Application, rows["anne"].id)
    pipeline.rate(anne, 5, actor=recruiter, expected_version=anne.version)
    db.session.commit()
    response = client.post(
        f"{shortlist_url(role)}/{rows['chloe'].id}/move", data=fields, follow_redirects=True
    )
    assert "The shortlist changed meanwhile" in response.text
    assert positions(rows) == {"anne": 2, "bruno": 1, "chloe": None}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"direction": "sideways", "version": "1", "neighbor": "1", "neighbor_version": "1"},
        {"direction": "up", "version": "un", "neighbor": "1", "neighbor_version": "1"},
    ],
)
def test_a_malformed_move_is_a_400(app, recruiter, board, data):
    role, rows = board
    response = login(app, recruiter.email).post(
        f"{shortlist_url(role)}/{rows['anne'].id}/move", data=data
    )
    assert response.status_code == 400
    assert positions(rows) == {"anne": 2, "bruno": 1, "chloe": None}


def test_a_move_naming_a_person_off_the_shortlist_changes_nothing(app, recruiter, board):
    role, rows = board
    data = {
        "direction": "up",
        "version": str(rows["denis"].version),
        "neighbor": str(rows["chloe"].id),
        "neighbor_version": str(rows["chloe"].version),
    }
    response = login(app, recruiter.email).post(
        f"{shortlist_url(role)}/{rows['denis'].id}/move", data=data, follow_redirects=True
    )
    assert response.status_code == 200
    assert "The shortlist changed meanwhile" in response.text
    assert positions(rows) == {"anne": 2, "bruno": 1, "chloe": None}


def test_an_application_of_another_role_is_not_found(app, org, recruiter, board):
    _role, rows = board
    other = make_role(org, title="Chauffeur")
    data = {"direction": "up", "version": "1", "neighbor": "1", "neighbor_version": "1"}
    url = f"/o/{SLUG}/roles/{other.id}/shortlist/{rows['anne'].id}/move"
    assert login(app, recruiter.email).post(url, data=data).status_code == 404


def test_blind_review_hides_people_until_the_pipeline_reveals_them(app, org, recruiter):
    role = make_role(org, title="Trésorerie", blind_review=True)
    hidden = person(org, "Huguette", "Hamel", phone="514-555-0101")
    shown = person(org, "Samuel", "Simard")
    # Already past shortlisting before the role turned blind: never revealed.
    legacy = make_application(role, hidden, stage="interview")
    application = pipeline.ensure_application(role, shown, actor=recruiter)
    db.session.flush()
    pipeline.move(application, "shortlisted", actor=recruiter, expected_version=application.version)
    db.session.commit()

    page = login(app, recruiter.email).get(shortlist_url(role))
    assert order_on_page(page.text) == ["Samuel Simard", f"Candidate #{hidden.id}"]
    assert "Huguette" not in page.text and "Hamel" not in page.text
    assert "514-555-0101" not in page.text and hidden.email not in page.text
    assert "Blind review is on for this role" in page.text
    assert "1 person's identity is still hidden by blind review" in page.text
    assert legacy.revealed_at is None


def test_people_without_matching_consent_are_listed_but_not_scored(app, org, recruiter):
    role = make_role(org)
    unscored = make_candidate(org, consented=False, first_name="Nadia", last_name="Nolet")
    make_application(role, unscored, stage="shortlisted", shortlist_position=1)
    page = login(app, recruiter.email).get(shortlist_url(role))
    assert "Nadia Nolet" in page.text
    assert "Not scored: no consent to matching" in page.text
    assert f'href="/o/{SLUG}/candidates/{unscored.id}"' in page.text


def test_missing_required_skills_show_as_badges(app, org, recruiter):
    from app.models import RoleSkill

    role = make_role(org, title="Comptable bénévole")
    role.skills.append(RoleSkill(name="comptabilité", required=True))
    db.session.commit()
    who = add_profile_items(person(org, "Paul", "Paré"), skills=["cuisine"])
    make_application(role, who, stage="shortlisted", shortlist_position=1)
    page = login(app, recruiter.email).get(shortlist_url(role))
    assert "missing skill: comptabilité" in page.text


def test_the_shortlist_in_french(app, org, board):
    role, _rows = board
    make_user("francine@example.org", org, MemberRole.RECRUITER)
    page = login(app, "francine@example.org", lang="fr").get(shortlist_url(role))
    assert "Liste restreinte : Bénévole à la comptabilité" in page.text
    assert "Présélectionné" in page.text and "Contacté" in page.text
    assert "Copier le lien" in page.text
    assert "Télécharger en tableur (CSV)" in page.text
