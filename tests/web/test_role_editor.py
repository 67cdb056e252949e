"""The role form: writing, editing, duplicating, opening and closing roles."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    LanguageLevel,
    MatchingState,
    MemberRole,
    Role,
    RoleKind,
    RoleLanguage,
    RoleSkill,
    RoleStatus,
    WorkMode,
)
from app.services import matching, roles
from tests.factories import (
    DEFAULT_PASSWORD,
    add_profile_items,
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)
from tests.web.profile_support import form_fields, fresh, text_of

BASE = "/o/banque-alimentaire/roles"
NEW = f"{BASE}/new"

#: A role using every field of the form, with accents and both kinds of apostrophe.
FULL_ROLE = {
    "title": "Coordonnateur·rice de l’entrepôt d'Hochelaga",
    "kind": "staff",
    "type": "Temps partiel",
    "company": "Banque alimentaire d’Hochelaga",
    "description": "Gérer l'entrepôt et l’équipe de bénévoles.",
    "responsibilities-0-text": "Planifier les collectes",
    "responsibilities-1-text": "Former les bénévoles",
    "qualifications-0-text": "Permis de conduire",
    "skills-0-name": "comptabilité",
    "skills-0-is_required": "y",
    "skills-0-keywords": "Excel, budgets",
    "skills-1-name": "volunteer management",
    "skills-1-level": "Advanced",
    "languages-0-language": "Français",
    "languages-0-level": "native_or_bilingual",
    "languages-0-is_required": "y",
    "languages-1-language": "English",
    "languages-1-level": "limited_working",
    "address": "2200, rue Sainte-Catherine Est",
    "city": "Montréal",
    "region": "Québec",
    "work_mode": "hybrid",
    "hours_per_week": "21",
    "schedule": ["weekdays", "evenings"],
    "cause": "sécurité alimentaire",
    "min_years_experience": "3",
    "experience": "Quelques années en milieu communautaire",
    "blind_review": "y",
}


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


def login(app, org, role=MemberRole.RECRUITER, *, lang="en", email="recrutement@example.org"):
    make_user(email, org, role)
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def only_role() -> Role:
    db.session.commit()  # end the test's read transaction: see what the requests committed
    return db.session.scalars(select(Role)).one()


# --- creating a role ----------------------------------------------------------------------


def test_the_new_role_form_has_every_field_of_a_role_file(app, org):
    page = login(app, org).get(NEW)
    assert page.status_code == 200
    fields = form_fields(page.text, "data-role-form")
    for name in (
        "title",
        "type",
        "company",
        "description",
        "responsibilities-0-text",
        "qualifications-0-text",
        "skills-0-name",
        "skills-0-level",
        "skills-0-keywords",
        "languages-0-language",
        "languages-0-level",
        "address",
        "city",
        "region",
        "work_mode",
        "hours_per_week",
        "cause",
        "min_years_experience",
        "experience",
    ):
        assert name in fields, name
    text = page.text
    for name in ("kind", "schedule", "skills-0-is_required", "languages-0-is_required"):
        assert f'name="{name}"' in text, name
    assert 'name="blind_review"' in text
    assert fields["kind"] == "volunteer" and fields["work_mode"] == "in_person"
    # Suggestions from the taxonomy, through the profile form's script.
    assert 'data-suggest="skill"' in text and "js/profile.js" in text
    assert 'data-suggest-url="/o/banque-alimentaire/suggest"' in text
    assert 'value="add:skills"' in text and 'value="remove:skills:0"' in text
    assert "Native or bilingual proficiency" in text


def test_creating_a_role_stores_every_field(app, org):
    client = login(app, org)
    response = client.post(NEW, data=FULL_ROLE)
    assert response.status_code == 302
    role = only_role()
    assert response.location == f"{BASE}/{role.id}"
    assert role.title == "Coordonnateur·rice de l’entrepôt d'Hochelaga"
    assert (role.kind, role.status, role.type) == (RoleKind.STAFF, RoleStatus.OPEN, "Temps partiel")
    assert role.company == "Banque alimentaire d’Hochelaga"
    assert role.description == "Gérer l'entrepôt et l’équipe de bénévoles."
    assert role.responsibilities == ["Planifier les collectes", "Former les bénévoles"]
    assert role.qualifications == ["Permis de conduire"]
    assert [(s.name, s.required, s.level, s.keywords) for s in role.skills] == [
        ("comptabilité", True, "required", ["Excel", "budgets"]),
        ("volunteer management", False, "Advanced", []),
    ]
    # Stored as on import: normalized to the bilingual taxonomy.
    assert role.skills[0].concept_id == matching.skill_concept("accounting") is not None
    assert role.skills[1].concept_id == matching.skill_concept("gestion de bénévoles") is not None
    assert [(lang.language, lang.level, lang.required) for lang in role.languages] == [
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL, True),
        ("en", LanguageLevel.LIMITED_WORKING, False),
    ]
    assert (role.location, role.city, role.region) == (
        "2200, rue Sainte-Catherine Est",
        "Montréal",
        "Québec",
    )
    assert (role.work_mode, role.hours_per_week, role.schedule) == (
        WorkMode.HYBRID,
        21,
        ["weekdays", "evenings"],
    )
    assert (role.cause, role.min_years_experience) == ("sécurité alimentaire", 3)
    assert role.experience == "Quelques années en milieu communautaire"
    assert role.blind_review is True and role.weights == {}
    assert audit_actions()[-1] == "role.created"
    page = text_of(client.get(response.location))
    assert "The role Coordonnateur·rice de l’entrepôt d'Hochelaga was created." in page


def test_a_saved_role_is_ranked_right_away(app, org):
    accountant = make_candidate(org, first_name="Amélie", last_name="Comptable")
    add_profile_items(accountant, skills=["tenue de livres"])
    client = login(app, org)
    assert client.get(f"{BASE}").status_code == 200
    response = client.post(
        NEW, data={"title": "Trésorière", "kind": "volunteer", "skills-0-name": "comptabilité"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(MatchingState.version)) == 1  # roles_only: no rebuild
    assert db.session.scalar(select(MatchingState.changed_candidate_ids)) == [0]
    page = client.get(response.location)
    assert "Amélie Comptable" in page.text


def test_save_as_a_draft(app, org):
    response = login(app, org).post(
        NEW, data={"title": "Bénévole", "kind": "volunteer", "action": "draft"}
    )
    assert response.status_code == 302
    assert only_role().status == RoleStatus.DRAFT


def test_rows_are_added_and_removed_without_javascript_and_nothing_is_saved(app, org):
    client = login(app, org)
    data = form_fields(client.get(NEW).text, "data-role-form")
    data["title"] = ""  # invalid, yet adding a row must not be blocked by it
    data["skills-0-name"] = "comptabilité"
    page = client.post(NEW, data={**data, "action": "add:skills"})
    assert page.status_code == 200
    assert 'name="skills-1-name"' in page.text and "autofocus" in page.text
    assert "Enter the role's title." not in page.text
    assert "In the taxonomy: accounting" in page.text  # what "comptabilité" stands for

    data = form_fields(page.text, "data-role-form")
    assert data["skills-0-name"] == "comptabilité"
    data["skills-1-name"] = "gestion de bénévoles"
    page = client.post(NEW, data={**data, "action": "remove:skills:0"})
    data = form_fields(page.text, "data-role-form")
    assert data["skills-0-name"] == "gestion de bénévoles"
    assert "skills-1-name" not in data
    assert count(Role) == count(RoleSkill) == 0


@pytest.mark.parametrize("action", ["add:nowhere", "remove:skills:x", "explode:skills"])
def test_a_made_up_row_action_is_a_bad_request(app, org, action):
    response = login(app, org).post(NEW, data={"title": "x", "kind": "staff", "action": action})
    assert response.status_code == 400


def test_invalid_input_is_refused_inline_naming_the_row(app, org):
    client = login(app, org)
    data = {
        "title": " ",
        "kind": "staff",
        "skills-0-name": "comptabilité",
        "skills-1-level": "expert",  # a skill row without its name
        "languages-0-language": "français",
        "languages-1-language": "French",  # the same language twice
        "hours_per_week": "200",
        "min_years_experience": "beaucoup",
        "city": "x" * 121,
    }
    response = client.post(NEW, data=data)
    assert response.status_code == 400
    page = text_of(response)
    assert "Please correct the following:" in page
    assert "Title: enter the role's title." in page
    assert "Skill 2: name is required." in page
    assert "Language 2: this is already in the list." in page
    assert "Hours per week: between 0 and 168 hours." in page
    assert "Minimum years of experience: " in page
    assert "City: at most 120 characters." in page
    assert 'href="#skills-1-name"' in page
    # What was typed stays, to be corrected.
    assert form_fields(response.text, "data-role-form")["skills-0-name"] == "comptabilité"
    assert count(Role) == 0


def test_a_problem_the_role_file_finds_is_shown_beside_its_field(app, org):
    from werkzeug.datastructures import MultiDict

    from app.role_editor.forms import RoleForm
    from app.services.role_file import RoleFileProblem

    rows = {"skills-0-name": "", "skills-1-name": "comptabilité", "skills-2-name": "cuisine"}
    with app.test_request_context(method="POST", headers={"Accept-Language": "en"}):
        form = RoleForm(formdata=MultiDict({"title": "x", "kind": "staff", **rows}))
        document = form.document()
        assert [s["name"] for s in document["skills"]] == ["comptabilité", "cuisine"]
        form.show_problems(
            [
                RoleFileProblem("f", "too odd.", field="skills[1].name"),
                RoleFileProblem("f", "not a place.", field="location.city"),
                RoleFileProblem("f", "the file is empty."),
            ]
        )
        assert form.skills[2].form.name.errors == ["too odd."]  # the third row: one was blank
        assert form.city.errors == ["not a place."]
        summary = [message for _id, message in form.error_summary()]
        assert "Skill 3: too odd." in summary and "the file is empty." in summary


# --- editing -----------------------------------------------------------------------------


def test_editing_shows_the_role_and_saves_changes(app, org):
    client = login(app, org)
    client.post(NEW, data=FULL_ROLE)
    role = only_role()
    edit = f"{BASE}/{role.id}/edit"
    page = client.get(edit)
    assert page.status_code == 200
    data = form_fields(page.text, "data-role-form")
    assert data["title"] == FULL_ROLE["title"]
    assert data["languages-0-language"] == "French"  # named in the reader’s language
    assert data["skills-0-keywords"] == "Excel, budgets"
    assert data["skills-0-level"] == ""  # "required" is the must-have box
    assert data.getlist("schedule") == ["weekdays", "evenings"]
    # The role's actions, all of them on its own pages.
    assert f'href="{BASE}/{role.id}/weights"' in page.text
    assert f'action="{BASE}/{role.id}/duplicate"' in page.text
    buttons = re.search(rf'action="{BASE}/{role.id}/status".*?</form>', page.text, re.S).group(0)
    assert re.findall(r'name="status" value="(\w+)"', buttons) == ["paused", "closed", "draft"]

    data["action"] = "save"
    response = client.post(edit, data=data)
    assert response.status_code == 302
    assert "Nothing changed." in text_of(client.get(response.location))
    assert audit_actions().count("role.updated") == 0

    data.update({"title": "Coordonnatrice d’entrepôt", "skills-1-name": "cuisine"})
    data.setlist("schedule", ["weekends"])
    response = client.post(edit, data=data)
    assert response.status_code == 302
    fresh(role)
    assert role.title == "Coordonnatrice d’entrepôt" and role.schedule == ["weekends"]
    assert [s.name for s in role.skills] == ["comptabilité", "cuisine"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "role.updated")).one()
    assert event.target_id == role.id
    assert event.details == {"fields": ["schedule", "skills", "title"]}
    assert "The role Coordonnatrice d’entrepôt is saved." in text_of(client.get(response.location))


def test_editing_to_invalid_changes_nothing(app, org):
    role = make_role(org, title="Bénévole du samedi")
    client = login(app, org)
    response = client.post(f"{BASE}/{role.id}/edit", data={"title": "", "kind": "volunteer"})
    assert response.status_code == 400
    assert "Title: enter the role's title." in text_of(response)
    fresh(role)
    assert role.title == "Bénévole du samedi"


def test_a_board_chair_writes_board_roles_only(app, org):
    staff_role = make_role(org, title="Adjoint·e", kind=RoleKind.STAFF)
    board_role = make_role(org, title="Trésorier du CA", kind=RoleKind.BOARD)
    client = login(app, org, MemberRole.BOARD_CHAIR, email="presidence@example.org")
    page = client.get(NEW)
    assert page.status_code == 200
    assert 'value="board"' in page.text and 'value="staff"' not in page.text
    assert form_fields(page.text, "data-role-form")["kind"] == "board"
    assert client.post(NEW, data={"title": "Poste", "kind": "staff"}).status_code == 400
    assert client.post(NEW, data={"title": "Administratrice", "kind": "board"}).status_code == 302
    assert client.get(f"{BASE}/{board_role.id}/edit").status_code == 200
    for path in ("edit", "weights"):
        assert client.get(f"{BASE}/{staff_role.id}/{path}").status_code == 403
    for path in ("duplicate", "status"):
        assert (
            client.post(f"{BASE}/{staff_role.id}/{path}", data={"status": "closed"}).status_code
            == 403
        )
    listing = client.get(BASE).text
    assert (
        f"{BASE}/{board_role.id}/edit" in listing and f"{BASE}/{staff_role.id}/edit" not in listing
    )


# --- who may -----------------------------------------------------------------------------


def role_urls(role_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", NEW),
        ("POST", NEW),
        ("GET", f"{BASE}/{role_id}/edit"),
        ("POST", f"{BASE}/{role_id}/edit"),
        ("POST", f"{BASE}/{role_id}/duplicate"),
        ("POST", f"{BASE}/{role_id}/status"),
        ("GET", f"{BASE}/{role_id}/weights"),
        ("POST", f"{BASE}/{role_id}/weights"),
    ]


def test_candidates_may_not_write_roles(app, org):
    role = make_role(org)
    client = login(app, org, MemberRole.CANDIDATE, email="candidate@example.org")
    for method, url in role_urls(role.id):
        assert client.open(url, method=method, data={"title": "x"}).status_code == 403, url
    assert count(Role) == 1


def test_another_organizations_role_is_not_found(app, org):
    other = make_org("autre-organisme", "Autre organisme")
    secret = make_role(other, title="Poste confidentiel")
    client = login(app, org, MemberRole.ADMIN)
    for method, url in role_urls(secret.id)[2:]:
        response = client.open(url, method=method, data={"status": "closed", "skills": "1"})
        assert response.status_code == 404, url
        assert "Poste confidentiel" not in response.text
    fresh(secret)
    assert (secret.status, secret.weights, count(Role)) == (RoleStatus.OPEN, {}, 1)


def test_strangers_are_sent_to_log_in(app, org):
    role = make_role(org)
    for method, url in role_urls(role.id):
        response = make_client(app).open(url, method=method)
        assert response.status_code == 302 and response.location.startswith("/login"), url


# --- duplicate and status ---------------------------------------------------------------


def test_duplicating_makes_a_draft_copy_without_applications(app, org):
    client = login(app, org)
    client.post(NEW, data=FULL_ROLE)
    role = only_role()
    role.weights = {"skills": 50.0}
    db.session.commit()
    make_application(role, make_candidate(org))
    response = client.post(f"{BASE}/{role.id}/duplicate")
    assert response.status_code == 302
    db.session.commit()
    copy = db.session.scalars(select(Role).where(Role.id != role.id)).one()
    assert response.location == f"{BASE}/{copy.id}/edit"
    assert copy.title == "Copy of Coordonnateur·rice de l’entrepôt d'Hochelaga"
    assert copy.status == RoleStatus.DRAFT
    assert roles.export_role(copy) == {**roles.export_role(role), "title": copy.title}
    assert (copy.blind_review, copy.weights) == (True, {"skills": 50.0})
    assert [s.concept_id for s in copy.skills] == [s.concept_id for s in role.skills]
    assert {s.id for s in copy.skills}.isdisjoint({s.id for s in role.skills})
    assert count(Application) == 1
    assert db.session.scalar(select(func.count()).where(Application.role_id == copy.id)) == 0
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "role.duplicated")
    ).one()
    assert (event.target_id, event.details) == (copy.id, {"source_role_id": role.id})
    page = text_of(client.get(response.location))
    assert "A draft copy was made: Copy of Coordonnateur·rice" in page


def test_a_long_title_still_fits_its_copy(app, org):
    role = make_role(org, title="É" * 200)
    login(app, org).post(f"{BASE}/{role.id}/duplicate")
    db.session.commit()
    copy = db.session.scalars(select(Role).where(Role.id != role.id)).one()
    assert copy.title.startswith("Copy of É") and len(copy.title) == 200


def test_opening_pausing_closing_and_back_to_draft(app, org):
    role = make_role(org, title="Bénévole d’un jour", status=RoleStatus.DRAFT)
    client = login(app, org)
    status = f"{BASE}/{role.id}/status"
    for target, message in [
        ("open", "is open."),
        ("paused", "is paused."),
        ("open", "is open."),
        ("closed", "is closed."),
        ("draft", "is back to draft."),
    ]:
        response = client.post(status, data={"status": target, "next": BASE})
        assert response.status_code == 302 and response.location == BASE
        fresh(role)
        assert role.status == RoleStatus(target)
        assert f"The role Bénévole d’un jour {message}" in text_of(client.get(BASE))
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "role.status_changed")
    )
    assert [(e.details["from_status"], e.details["to_status"]) for e in events] == [
        ("draft", "open"),
        ("open", "paused"),
        ("paused", "open"),
        ("open", "closed"),
        ("closed", "draft"),
    ]


def test_a_status_change_its_status_does_not_allow_is_explained(app, org):
    role = make_role(org, title="Bénévole", status=RoleStatus.DRAFT)
    client = login(app, org)
    response = client.post(f"{BASE}/{role.id}/status", data={"status": "paused"})
    assert response.status_code == 302 and response.location == f"{BASE}/{role.id}"
    assert "This role's status is “Draft”: it cannot change to “Paused”." in text_of(
        client.get(f"{BASE}/{role.id}/edit")
    )
    fresh(role)
    assert role.status == RoleStatus.DRAFT


@pytest.mark.parametrize("data", [{}, {"status": "archived"}])
def test_an_unknown_status_is_a_bad_request(app, org, data):
    role = make_role(org)
    assert login(app, org).post(f"{BASE}/{role.id}/status", data=data).status_code == 400


def test_status_buttons_never_send_people_off_site(app, org):
    role = make_role(org, status=RoleStatus.OPEN)
    response = login(app, org).post(
        f"{BASE}/{role.id}/status", data={"status": "paused", "next": "//evil.example/"}
    )
    assert response.location == f"{BASE}/{role.id}"


def test_the_roles_list_offers_new_role_and_each_roles_actions(app, org):
    open_role = make_role(org, title="L'Entraide du quartier", status=RoleStatus.OPEN)
    draft = make_role(org, title="Brouillon", status=RoleStatus.DRAFT)
    page = login(app, org).get(BASE)
    text = text_of(page)
    assert f'href="{NEW}"' in text and "New role" in text
    assert "L'Entraide du quartier" in text
    assert f'action="{BASE}/{open_role.id}/duplicate"' in text
    open_buttons = re.search(
        rf'action="{BASE}/{open_role.id}/status".*?</form>', page.text, re.S
    ).group(0)
    assert re.findall(r'name="status" value="(\w+)"', open_buttons) == ["paused", "closed"]
    draft_buttons = re.search(
        rf'action="{BASE}/{draft.id}/status".*?</form>', page.text, re.S
    ).group(0)
    assert re.findall(r'name="status" value="(\w+)"', draft_buttons) == ["open", "closed"]
    assert 'name="next" value="/o/banque-alimentaire/roles"' in page.text


# --- export and import ---------------------------------------------------------------------


def test_a_role_written_in_the_form_exports_and_imports_as_the_same_role(app, org):
    client = login(app, org)
    client.post(NEW, data=FULL_ROLE)
    role = only_role()
    exported = client.get(f"{BASE}/{role.id}/export")
    assert exported.status_code == 200
    document = json.loads(exported.text)
    assert document["title"] == FULL_ROLE["title"] and document["remote"] == "Hybrid"
    again = roles.import_role_file(org, exported.data, filename="role.json")
    db.session.commit()
    assert roles.export_role(again) == document
    columns = ("kind", "type", "company", "description", "location", "city", "region")
    columns += ("work_mode", "hours_per_week", "schedule", "cause", "experience")
    columns += ("min_years_experience", "responsibilities", "qualifications")
    for name in columns:
        assert getattr(again, name) == getattr(role, name), name
    skills = [(s.name, s.concept_id, s.required, s.level, s.keywords) for s in again.skills]
    assert skills == [(s.name, s.concept_id, s.required, s.level, s.keywords) for s in role.skills]
    languages = [(lang.language, lang.level, lang.required) for lang in again.languages]
    assert languages == [(lang.language, lang.level, lang.required) for lang in role.languages]
    assert count(RoleLanguage) == 4


def test_an_imported_role_is_saved_unchanged_by_the_form(app, org):
    client = login(app, org)
    content = json.dumps(
        {
            "title": "Bénévole à la comptabilité",
            "type": "Bénévole",
            "skills": [
                {"name": "comptabilité", "level": "required"},
                {"name": "Excel", "level": "Master"},
            ],
            "languages": [{"language": "Spanish", "fluency": "Elementary"}],
            "remote": "None",
        }
    ).encode()
    role = roles.import_role_file(org, content, filename="r.json")
    db.session.commit()
    before = roles.export_role(role)
    data = form_fields(client.get(f"{BASE}/{role.id}/edit").text, "data-role-form")
    assert data["skills-1-level"] == "Master"
    client.post(f"{BASE}/{role.id}/edit", data=data)
    fresh(role)
    assert roles.export_role(role) == before
    assert "role.updated" not in audit_actions()


# --- languages and CSRF --------------------------------------------------------------------


def test_the_form_renders_in_french(app, org):
    role = make_role(org, title="Bénévole d’accueil")
    client = login(app, org, lang="fr")
    for url in (NEW, f"{BASE}/{role.id}/edit", f"{BASE}/{role.id}/weights", BASE):
        page = text_of(client.get(url))
        assert '<html lang="fr">' in page, url
    page = text_of(client.get(NEW))
    assert "Compétences" in page and "Langues" in page


def test_role_forms_need_their_csrf_token(app, org):
    app.config["WTF_CSRF_ENABLED"] = True
    role = make_role(org, status=RoleStatus.OPEN)
    client = make_client(app, accept_language="en")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text).group(1)
    make_user("r@example.org", org)
    login_data = {"email": "r@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token}
    assert client.post("/login", data=login_data).status_code == 302
    for url in (NEW, f"{BASE}/{role.id}/edit", f"{BASE}/{role.id}/weights", BASE):
        assert re.search(r'name="csrf_token"[^>]*value="[^"]+"', client.get(url).text), url
    assert client.post(NEW, data={"title": "Sans jeton", "kind": "staff"}).status_code == 400
    assert client.post(f"{BASE}/{role.id}/status", data={"status": "closed"}).status_code == 400
    assert client.post(f"{BASE}/{role.id}/duplicate").status_code == 400
    assert count(Role) == 1
    page = client.get(NEW).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(NEW, data={"title": "Avec jeton", "kind": "staff", "csrf_token": token})
    assert response.status_code == 302
    assert count(Role) == 2
