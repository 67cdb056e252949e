"""The profile form: every section, rows added and removed without JavaScript, provenance kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEvent,
    Candidate,
    CandidateSkill,
    LanguageLevel,
    MemberRole,
    Position,
    Source,
    WorkMode,
)
from tests.factories import make_candidate, make_org
from tests.web.profile_support import (
    BASE,
    form_fields,
    fresh,
    log_in_candidate,
    log_in_staff,
    text_of,
)

EDIT = f"{BASE}/me/edit"
LONG_AGO = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def org(app):
    return make_org()


def imported(candidate: Candidate) -> Candidate:
    """Give the candidate items that came from LinkedIn long ago."""
    candidate.positions.append(
        Position(
            organization_id=candidate.organization_id,
            title="Trésorière",
            company="Société d'histoire de Saint-Jean-sur-Richelieu",
            started_on=date(2019, 3, 15),
            is_current=True,
            source=Source.LINKEDIN,
            recorded_at=LONG_AGO,
        )
    )
    candidate.skills.append(
        CandidateSkill(
            organization_id=candidate.organization_id,
            label="comptabilité",
            source=Source.LINKEDIN,
            recorded_at=LONG_AGO,
        )
    )
    db.session.commit()
    return candidate


def post(client, data, action="save", url=EDIT):
    data = data.copy()
    data["action"] = action
    return client.post(url, data=data)


def test_the_form_shows_every_section(app, org):
    client, _ = log_in_candidate(app, org)
    page = client.get(EDIT)
    assert page.status_code == 200
    text = text_of(page)
    for words in (
        "First name", "LinkedIn profile address", "Province or region", "Hours per week",
        "Volunteer roles", "Board roles", "Evenings", "Add a position", "Add an education",
        "Add a skill", "Add a language", "Add volunteering", "Add a cause",
        "Add a certification", "Add a board or committee", "Add an item",
    ):  # fmt: skip
        assert words in text, words
    assert "novalidate" in text  # the server explains errors, in the reader's language
    assert '<span class="org-name">Banque alimentaire du Plateau</span>' in text
    assert f'<a href="{BASE}/me">My profile</a>' in text  # the menu is there
    assert 'value="Zoë"' in text and "D'Amour-Lévesque" in text


def test_names_with_accents_apostrophes_and_particles_round_trip(app, org):
    client, candidate = log_in_candidate(app, org)
    data = form_fields(client.get(EDIT).text)
    data.update(
        {
            "first_name": "Marie-Ève",
            "last_name": "de l’Étang-D'Aoust",
            "city": "Saint-Jean-sur-Richelieu",
            "region": "Québec",
            "country": "CA",
            "headline": "Comptable « bénévole »",
            "linkedin_url": "ca.linkedin.com/in/Marie-Eve-Detang/",
            "website": "exemple.org/marie-ève",
            "hours_per_week": "4",
            "work_mode": "hybrid",
            "interested_board": "y",
            "available_from": "2026-12-01",
        }
    )
    data.setlist("schedule", ["evenings", "weekends"])
    response = post(client, data)
    assert response.status_code == 302
    assert response.location == f"{BASE}/me"
    fresh(candidate)
    assert (candidate.first_name, candidate.last_name) == ("Marie-Ève", "de l’Étang-D'Aoust")
    assert candidate.linkedin_url == "https://www.linkedin.com/in/marie-eve-detang"
    assert candidate.website == "https://exemple.org/marie-ève"
    assert (candidate.hours_per_week, candidate.work_mode) == (4, WorkMode.HYBRID)
    assert sorted(candidate.schedule) == ["evenings", "weekends"]
    assert candidate.interested_board and not candidate.interested_staff
    assert candidate.field_sources["last_name"]["source"] == "form"
    profile = text_of(client.get(response.location))
    assert "Marie-Ève de l’Étang-D'Aoust" in profile
    assert "Your profile is saved." in profile
    assert "Profile form, " in profile
    again = form_fields(client.get(EDIT).text)
    assert again["last_name"] == "de l’Étang-D'Aoust" and again["country"] == "CA"


def test_rows_are_added_and_removed_without_javascript_and_nothing_is_saved(app, org):
    client, candidate = log_in_candidate(app, org)
    data = form_fields(client.get(EDIT).text)
    data["first_name"] = ""  # invalid, yet adding a row must not be blocked by it
    page = post(client, data, "add:positions")
    assert page.status_code == 200
    assert 'name="positions-0-title"' in page.text and "autofocus" in page.text
    assert "Enter a first name." not in page.text

    data = form_fields(page.text)
    data.update({"positions-0-title": "Cuisinière", "positions-0-company": "La Maison d'Hélène"})
    page = post(client, data, "add:positions")
    data = form_fields(page.text)
    assert data["positions-0-company"] == "La Maison d'Hélène"
    assert "positions-1-title" in data
    data["positions-1-title"] = "Aide-cuisinier"
    page = post(client, data, "remove:positions:0")
    data = form_fields(page.text)
    assert data["positions-0-title"] == "Aide-cuisinier"
    assert "positions-1-title" not in data
    assert db.session.scalar(select(func.count()).select_from(Position)) == 0
    fresh(candidate)
    assert candidate.first_name == "Zoë"


def test_saving_keeps_the_source_and_date_of_untouched_items(app, org):
    client, candidate = log_in_candidate(app, org)
    imported(candidate)
    page = client.get(EDIT)
    data = form_fields(post(client, form_fields(page.text), "add:skills").text)
    data["skills-1-label"] = "gestion de bénévoles"
    data["headline"] = "Trésorière bénévole"
    assert post(client, data).status_code == 302

    position = db.session.scalar(select(Position))
    assert (position.source, position.recorded_at) == (Source.LINKEDIN, LONG_AGO)
    assert position.started_on == date(2019, 3, 15)  # typed to the month, kept to the day
    skills = {s.label: s for s in db.session.scalars(select(CandidateSkill))}
    assert skills["comptabilité"].source == Source.LINKEDIN
    assert skills["comptabilité"].recorded_at == LONG_AGO
    assert skills["gestion de bénévoles"].source == Source.FORM
    assert skills["gestion de bénévoles"].concept_id is not None
    fresh(candidate)
    assert candidate.field_sources["headline"]["source"] == "form"
    assert "first_name" not in candidate.field_sources  # unchanged fields are not restamped
    profile = text_of(client.get(f"{BASE}/me"))
    assert "LinkedIn, 5 Mar 2024" in profile

    data = form_fields(client.get(EDIT).text)
    data["positions-0-title"] = "Trésorière et secrétaire"
    post(client, data)
    fresh(position)
    assert (position.title, position.source) == ("Trésorière et secrétaire", Source.FORM)
    assert position.recorded_at > LONG_AGO

    page = post(client, form_fields(client.get(EDIT).text), "remove:skills:0")
    assert post(client, form_fields(page.text)).status_code == 302  # a removed row is deleted
    assert [s.label for s in db.session.scalars(select(CandidateSkill))] == ["gestion de bénévoles"]


def test_an_item_id_of_another_candidate_touches_nothing_of_theirs(app, org):
    other = imported(make_candidate(org, email="autre@example.org"))
    theirs = other.positions[0]
    client, candidate = log_in_candidate(app, org)
    data = form_fields(post(client, form_fields(client.get(EDIT).text), "add:positions").text)
    data.update({"positions-0-id": str(theirs.id), "positions-0-title": "Pirate"})
    assert post(client, data).status_code == 302
    fresh(theirs)
    assert (theirs.title, theirs.candidate_id) == ("Trésorière", other.id)
    mine = db.session.scalar(select(Position).where(Position.candidate_id == candidate.id))
    assert (mine.title, mine.source) == ("Pirate", Source.FORM)


def test_a_hand_made_post_with_fields_left_out_is_saved_or_refused_never_a_500(app, org):
    client, candidate = log_in_candidate(app, org)
    data = {"first_name": "Zoë", "country": "", "work_mode": "", "positions-0-title": "Cuisinière"}
    assert client.post(EDIT, data=data).status_code == 302
    fresh(candidate)
    assert (candidate.last_name, candidate.phone, candidate.positions[0].company) == ("", "", "")
    assert client.post(EDIT, data={"first_name": "Zoë"}).status_code == 400  # no country given
    assert client.post(EDIT, data={**data, "action": "remove:nowhere:1"}).status_code == 400


def test_errors_are_shown_inline_naming_the_row_and_nothing_is_saved(app, org):
    client, candidate = log_in_candidate(app, org)
    data = form_fields(client.get(EDIT).text)
    for _ in range(2):
        data = form_fields(post(client, data, "add:positions").text)
    data = form_fields(post(client, data, "add:skills").text)
    data = form_fields(post(client, data, "add:skills").text)
    data.update(
        {
            "positions-0-title": "Bénévole",
            "positions-1-title": "Coordonnatrice",
            "positions-1-started_on": "2022-05",
            "positions-1-finished_on": "2021-01",
            "skills-0-label": "Comptabilité",
            "skills-1-label": "comptabilite",
            "email": "pas-une-adresse",
        }
    )
    page = post(client, data)
    assert page.status_code == 400
    text = text_of(page)
    assert "Position 2: the end date is before the start date." in text
    assert "Skill 2: this is already in the list." in text
    assert "E-mail: enter an e-mail address such as name@example.org." in text
    assert 'aria-invalid="true"' in text
    assert db.session.scalar(select(func.count()).select_from(Position)) == 0
    fresh(candidate)
    assert candidate.email == "zoe@example.org"


def test_languages_take_a_name_and_the_five_levels(app, org):
    client, candidate = log_in_candidate(app, org)
    data = form_fields(post(client, form_fields(client.get(EDIT).text), "add:languages").text)
    data.update({"languages-0-language": "Français", "languages-0-level": "native_or_bilingual"})
    assert post(client, data).status_code == 302
    fresh(candidate)
    assert [(lang.language, lang.level) for lang in candidate.languages] == [
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL)
    ]
    assert form_fields(client.get(EDIT).text)["languages-0-language"] == "French"


def test_staff_edit_on_behalf_is_recorded_as_the_recruiters(app, org):
    candidate = imported(make_candidate(org))
    client = log_in_staff(app, org)
    url = f"{BASE}/candidates/{candidate.id}/edit"
    page = client.get(url)
    assert page.status_code == 200
    assert "Edit the profile of Éloïse D'Aragon-Lefebvre" in text_of(page)
    data = form_fields(page.text)
    data["phone"] = "514 555-0199"
    data["positions-0-company"] = "Société d'histoire du Haut-Richelieu"
    response = post(client, data, url=url)
    assert response.location == f"{BASE}/candidates/{candidate.id}"
    fresh(candidate)
    assert candidate.field_sources["phone"]["source"] == "recruiter"
    assert candidate.positions[0].source == Source.RECRUITER
    assert candidate.skills[0].source == Source.LINKEDIN
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "profile.updated"))
    assert event.target_id == candidate.id and event.details["source"] == "recruiter"
    shown = text_of(client.get(response.location))
    assert "Entered by a recruiter, " in shown and "514 555-0199" in shown


def test_staff_cannot_reach_another_organizations_candidate(app, org):
    elsewhere = make_candidate(make_org("autre-org", "Autre organisme"), email="x@example.org")
    client = log_in_staff(app, org, MemberRole.ADMIN)
    for suffix in ("", "/edit", "/import"):
        assert client.get(f"{BASE}/candidates/{elsewhere.id}{suffix}").status_code == 404


def test_a_candidate_cannot_use_the_staff_pages(app, org):
    other = make_candidate(org, email="autre@example.org")
    client, candidate = log_in_candidate(app, org)
    for target in (other, candidate):
        assert client.get(f"{BASE}/candidates/{target.id}/edit").status_code == 403
        assert client.post(f"{BASE}/candidates/{target.id}/edit").status_code == 403


def test_staff_cannot_use_the_candidate_pages(app, org):
    client = log_in_staff(app, org)
    for path in ("/me/edit", "/me/import", "/me/consents", "/me/data", "/me/delete"):
        assert client.get(f"{BASE}{path}").status_code == 403


def test_the_form_and_profile_render_in_french(app, org):
    client, candidate = log_in_candidate(app, org, lang="fr")
    imported(candidate)
    page = text_of(client.get(EDIT))
    assert '<html lang="fr">' in page
    assert "Ajouter un poste" in page and "Prénom" in page
    profile = text_of(client.get(f"{BASE}/me"))
    assert "LinkedIn, 5 mars 2024" in profile
    assert "Modifier mon profil" in profile
