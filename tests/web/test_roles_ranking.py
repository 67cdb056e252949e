"""Roles: importing a role file, exporting it, ranked candidates and the reasons."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import (
    Consent,
    LanguageLevel,
    MemberRole,
    Role,
    RoleKind,
    RoleLanguage,
    RoleSkill,
)
from app.models.base import utcnow
from app.services import matching, roles
from tests.factories import (
    add_profile_items,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "roles"


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


def login(app, org, role=MemberRole.RECRUITER, *, lang="en", email="recrutement@example.org"):
    user = make_user(email, org, role)
    client = make_client(app, accept_language=lang)
    assert client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    return client


def upload(client, name: str, data: bytes | None = None):
    content = data if data is not None else (FIXTURES / name).read_bytes()
    # Encoded in memory: the test client would spool a big body to a file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), filename=name)})
    return client.post(
        "/o/banque-alimentaire/roles/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def import_fixture(org, name: str) -> Role:
    role = roles.import_role_file(org, (FIXTURES / name).read_bytes(), filename=name)
    db.session.commit()
    return role


# --- import --------------------------------------------------------------------------


def test_importing_a_french_role_file_creates_the_role(app, org):
    client = login(app, org)
    response = upload(client, "benevole-comptabilite.fr.json")
    assert response.status_code == 302
    role = db.session.scalar(select(Role))
    assert response.location == f"/o/banque-alimentaire/roles/{role.id}"
    assert (role.title, role.kind, role.hours_per_week) == (
        "Bénévole à la comptabilité",
        RoleKind.VOLUNTEER,
        4,
    )
    assert role.cause == "sécurité alimentaire"
    assert [(s.name, s.required) for s in role.skills] == [
        ("comptabilité", True),
        ("gestion de bénévoles", False),
    ]
    assert role.skills[0].concept_id == matching.skill_concept("accounting") is not None
    assert [(lang.language, lang.level, lang.required) for lang in role.languages] == [
        ("fr", LanguageLevel.PROFESSIONAL_WORKING, True),
        ("en", LanguageLevel.LIMITED_WORKING, False),
    ]
    page = client.get(response.location)
    assert "The role Bénévole à la comptabilité was created." in page.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken-syntax.json", "broken-syntax.json, line 6, column 5"),
        ("invalid-schema.json", "invalid-schema.json, field skills[0].name: expected text."),
        ("invalid-schema.json", "field remote: must be one of: Full, Hybrid, None."),
        ("invalid-schema.json", "field hoursPerWeek: expected a whole number."),
        ("bad-language.json", "field languages[0].fluency: unknown fluency"),
        ("not-an-object.json", "the file must hold one JSON object"),
    ],
)
def test_a_bad_role_file_is_refused_naming_where(app, org, name, expected):
    client = login(app, org)
    response = upload(client, name)
    assert response.status_code == 400
    assert expected in response.text
    assert count(Role) == count(RoleSkill) == count(RoleLanguage) == 0


def test_errors_are_shown_in_french(app, org):
    client = login(app, org, lang="fr")
    response = upload(client, "broken-syntax.json")
    assert response.status_code == 400
    assert "broken-syntax.json, ligne 6, colonne 5" in response.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "role.json: the file is empty."),
        (b"   \n", "role.json: the file is empty."),
        (b'{"title": "Caf\xe9"}', "role.json, line 1, column 15: this is not UTF-8 text."),
        (b'{"kind": "volunteer"}', "field title: this field is missing."),
        (b'{"title": "  "}', "field title: a role needs a title."),
        (b'{"title": "x", "skills": [{"name": " "}]}', "field skills[0].name: must not be empty."),
        (b"{" + b" " * (1024 * 1024) + b"}", "The file is larger than 1024 KB."),
    ],
)
def test_more_bad_files(app, org, data, expected):
    response = upload(login(app, org), "role.json", data)
    assert response.status_code == 400
    assert expected in response.text
    assert count(Role) == 0


def test_no_file_chosen(app, org):
    response = login(app, org).post("/o/banque-alimentaire/roles/import", data={})
    assert response.status_code == 400
    assert "Choose a role file to import." in response.text


def test_nothing_is_half_written_when_saving_fails(app, org, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roles.audit, "record", fail)
    with pytest.raises(RuntimeError):
        roles.import_role_file(
            org, (FIXTURES / "treasurer-board.en.json").read_bytes(), filename="x"
        )
    db.session.rollback()
    assert count(Role) == count(RoleSkill) == 0


def test_kind_comes_from_type_when_absent():
    def kind(type_: str) -> RoleKind:
        data = json.dumps({"title": "x", "type": type_}).encode()
        return roles.parse_role_file(data, filename="x.json").kind

    assert kind("Bénévole") == kind("Volunteer") == RoleKind.VOLUNTEER
    assert kind("Conseil d’administration") == kind("Board") == RoleKind.BOARD
    assert kind("Temps plein") == kind("Full-time") == RoleKind.STAFF


# --- export --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["benevole-comptabilite.fr.json", "treasurer-board.en.json", "coordinator-staff.en.json"],
)
def test_export_round_trips(app, org, name):
    role = import_fixture(org, name)
    response = login(app, org).get(f"/o/banque-alimentaire/roles/{role.id}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    exported = json.loads(response.text)

    again = roles.import_role_file(org, response.data, filename="export.json")
    db.session.commit()
    assert roles.export_role(again) == exported
    original = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    for key in ("title", "description", "responsibilities", "cause", "hoursPerWeek", "remote"):
        assert exported.get(key) == original.get(key), key
    assert [s["name"] for s in exported["skills"]] == [s["name"] for s in original["skills"]]


def test_export_of_another_organizations_role_is_not_found(app, org):
    other = make_org("autre-organisme", "Autre organisme")
    role = make_role(other, title="Poste confidentiel")
    response = login(app, org).get(f"/o/banque-alimentaire/roles/{role.id}/export")
    assert response.status_code == 404


# --- list, ranking and explanation ---------------------------------------------------


@pytest.fixture
def ranked_role(org):
    """An English role needing accounting, and three candidates written in French."""
    role = import_fixture(org, "treasurer-board.en.json")
    accountant = make_candidate(
        org, first_name="Amélie", last_name="Comptable", email="amelie@example.org"
    )
    add_profile_items(
        accountant, skills=["tenue de livres"], languages={"en": LanguageLevel.FULL_PROFESSIONAL}
    )
    other = make_candidate(
        org, first_name="Bruno", last_name="Sansbilan", email="bruno@example.org"
    )
    add_profile_items(other, skills=["cuisine"], languages={"en": LanguageLevel.FULL_PROFESSIONAL})
    hidden = make_candidate(
        org,
        first_name="Céleste",
        last_name="Nonconsentie",
        email="celeste@example.org",
        consented=False,
    )
    add_profile_items(hidden, skills=["comptabilité", "collecte de fonds"])
    return role, accountant, other, hidden


def test_roles_list(app, org, ranked_role):
    role, *_ = ranked_role
    page = login(app, org).get("/o/banque-alimentaire/roles")
    assert page.status_code == 200
    assert "Board treasurer" in page.text
    assert f'href="/o/banque-alimentaire/roles/{role.id}"' in page.text


def test_ranking_shows_consenting_candidates_best_first(app, org, ranked_role):
    role, accountant, other, hidden = ranked_role
    page = login(app, org).get(f"/o/banque-alimentaire/roles/{role.id}")
    assert page.status_code == 200
    text = page.text
    assert accountant.full_name in text and other.full_name in text
    assert text.index(accountant.full_name) < text.index(other.full_name)
    assert hidden.full_name not in text
    assert "<meter" in text
    assert "based on" in text and "criteria" in text
    assert "missing skill: Accounting" in text  # Bruno's badge for the unmet required skill


def test_unconsented_candidate_explanation_is_not_found(app, org, ranked_role):
    role, _, _, hidden = ranked_role
    url = f"/o/banque-alimentaire/roles/{role.id}/candidates/{hidden.id}"
    assert login(app, org).get(url).status_code == 404


@pytest.mark.parametrize(("lang", "concept"), [("en", "accounting"), ("fr", "comptabilité")])
def test_explanation_shows_matched_skills_in_the_viewers_language(
    app, org, ranked_role, lang, concept
):
    role, accountant, *_ = ranked_role
    client = login(app, org, lang=lang)
    page = client.get(f"/o/banque-alimentaire/roles/{role.id}/candidates/{accountant.id}")
    assert page.status_code == 200
    # The role asks "Accounting"; she wrote "tenue de livres"; the taxonomy links them.
    row = re.search(r"<th scope=\"row\">Accounting</th>(.*?)</tr>", page.text, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[:2] == ["tenue de livres", concept]
    assert re.search(r"<meter [^>]*value=\"\d+\"", page.text)


def test_pages_of_25(app, org):
    role = import_fixture(org, "coordinator-staff.en.json")
    for n in range(30):
        make_candidate(org, first_name=f"Personne{n:02d}", email=f"p{n}@example.org")
    client = login(app, org)
    first = client.get(f"/o/banque-alimentaire/roles/{role.id}")
    assert first.text.count("/candidates/") == 25
    assert "Page 1 of 2 (30 candidates)" in first.text
    second = client.get(f"/o/banque-alimentaire/roles/{role.id}?page=2")
    assert second.text.count("/candidates/") == 5
    beyond = client.get(f"/o/banque-alimentaire/roles/{role.id}?page=99")
    assert "Page 2 of 2" in beyond.text


def test_other_organizations_candidates_and_roles_are_not_found(app, org, ranked_role):
    role, accountant, *_ = ranked_role
    other = make_org("autre-organisme", "Autre organisme")
    stranger = make_candidate(other, first_name="Étienne", email="etienne@example.org")
    foreign_role = make_role(other, title="Poste ailleurs")
    client = login(app, org)
    base = "/o/banque-alimentaire/roles"
    assert client.get(f"{base}/{role.id}/candidates/{stranger.id}").status_code == 404
    assert client.get(f"{base}/{foreign_role.id}").status_code == 404
    assert client.get(f"{base}/{foreign_role.id}/candidates/{accountant.id}").status_code == 404
    assert "Étienne" not in client.get(f"{base}/{role.id}").text


def test_candidates_cannot_see_rankings(app, org, ranked_role):
    role, *_ = ranked_role
    client = login(app, org, MemberRole.CANDIDATE, email="candidat@example.org")
    assert client.get(f"/o/banque-alimentaire/roles/{role.id}").status_code == 403
    assert client.get("/o/banque-alimentaire/roles").status_code == 403


# --- the per-process index follows other workers' changes ----------------------------


def test_the_next_request_sees_what_another_worker_changed(app, org, ranked_role, monkeypatch):
    role, accountant, *_ = ranked_role
    client = login(app, org)
    url = f"/o/banque-alimentaire/roles/{role.id}"
    assert accountant.full_name in client.get(url).text

    builds = []
    real_build = matching._build
    monkeypatch.setattr(matching, "_build", lambda *a: builds.append(a) or real_build(*a))

    # "Another worker" adds a candidate and says so; this process only reads the stamp.
    newcomer = make_candidate(org, first_name="Noémie", last_name="Nouvelle", email="n@example.org")
    assert "Noémie" not in client.get(url).text  # nobody said anything changed: cache
    matching.touch(org, [newcomer.id])
    db.session.commit()
    assert "Noémie" in client.get(url).text
    assert builds == []  # one step with named candidates: updated in place
    import_fixture(org, "coordinator-staff.en.json")  # roles live outside the index
    assert "Noémie" in client.get(url).text
    assert builds == []

    # Consent withdrawn, then two steps at once: a full rebuild.
    consent = db.session.scalar(select(Consent).where(Consent.candidate_id == accountant.id))
    consent.withdrawn_at = utcnow()
    matching.touch(org, [accountant.id])
    db.session.commit()
    matching.touch(org)
    db.session.commit()
    assert accountant.full_name not in client.get(url).text
    assert len(builds) == 1


def test_touches_in_one_transaction_are_one_step(app, org):
    matching.touch(org, [3])
    matching.touch(org, [1])
    db.session.commit()
    assert matching._version(org.id) == (1, [1, 3])
    matching.touch(org, [2])
    matching.touch(org)
    db.session.commit()
    assert matching._version(org.id) == (2, [])


def test_import_form_needs_its_csrf_token(app, org):
    app.config["WTF_CSRF_ENABLED"] = True
    client = make_client(app, accept_language="en")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text)
    credentials = {"email": make_user("r@example.org", org).email}
    credentials["password"] = "correct-horse-battery"
    assert (
        client.post("/login", data={**credentials, "csrf_token": token.group(1)}).status_code == 302
    )
    assert upload(client, "treasurer-board.en.json").status_code == 400
    assert count(Role) == 0
    page = client.get("/o/banque-alimentaire/roles/import")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    content = (FIXTURES / "treasurer-board.en.json").read_bytes()
    boundary, body = encode_multipart(
        {"csrf_token": token, "file": FileStorage(io.BytesIO(content), filename="role.json")}
    )
    response = client.post(
        "/o/banque-alimentaire/roles/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    assert count(Role) == 1
