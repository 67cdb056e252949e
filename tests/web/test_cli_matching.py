"""``flask import-role`` and ``flask rank``: the same services as the pages, as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import LanguageLevel, Role, RoleKind, RoleSkill
from app.services import matching
from matching.types import COMPONENTS
from tests.factories import add_profile_items, make_candidate, make_org

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "roles"


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


def import_role(runner, name: str, *options: str, org: str = "banque-alimentaire"):
    return runner.invoke(args=["import-role", "--org", org, *options, str(FIXTURES / name)])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("name", "kind", "skills"),
    [
        ("benevole-comptabilite.fr.json", RoleKind.VOLUNTEER, 2),
        ("treasurer-board.en.json", RoleKind.BOARD, 2),
        ("coordinator-staff.en.json", RoleKind.STAFF, 1),
    ],
)
def test_import_role_json(runner, name, kind, skills):
    org = make_org()
    result = import_role(runner, name, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    role = db.session.get(Role, data["role_id"])
    assert (role.kind, len(role.skills)) == (kind, skills)
    assert role.organization_id == org.id


def test_import_role_human_summary(runner):
    make_org()
    result = import_role(runner, "treasurer-board.en.json")
    assert result.exit_code == 0, result.output
    assert "Created role" in result.output and "Board treasurer (board, 2 skills)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "inconnu", str(FIXTURES / "treasurer-board.en.json")], "No organization"),
        (["--org", "banque-alimentaire", str(FIXTURES / "absent.json")], "does not exist"),
        (
            ["--org", "banque-alimentaire", str(FIXTURES / "broken-syntax.json")],
            "broken-syntax.json, line 6, column 5: this is not valid JSON",
        ),
        (
            ["--org", "banque-alimentaire", str(FIXTURES / "invalid-schema.json")],
            "invalid-schema.json, field skills[0].name: expected text.",
        ),
        (["--org", "banque-alimentaire", str(FIXTURES)], "is a directory"),
    ],
)
def test_import_role_refuses_bad_input(runner, args, message):
    make_org()
    result = runner.invoke(args=["import-role", "--json", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert count(Role) == count(RoleSkill) == 0


def test_rank_unknown_role(runner):
    result = runner.invoke(args=["rank", "4242", "--json"])
    assert result.exit_code != 0
    assert "No role has the id 4242." in result.output


@pytest.fixture
def french_role_and_english_profiles(runner):
    """A French volunteer role, and candidates whose profiles are written in English."""
    org = make_org()
    result = import_role(runner, "benevole-comptabilite.fr.json", "--json")
    role_id = json.loads(result.output)["role_id"]
    fluent = LanguageLevel.NATIVE_OR_BILINGUAL
    accountant = make_candidate(org, first_name="Olivia", last_name="Grant", email="og@example.org")
    add_profile_items(
        accountant, skills=["Accounting", "Volunteer management"], languages={"fr": fluent}
    )
    cook = make_candidate(org, first_name="Liam", last_name="Baker", email="lb@example.org")
    add_profile_items(cook, skills=["Baking"], languages={"fr": fluent})
    private = make_candidate(
        org, first_name="Noah", last_name="Private", email="np@example.org", consented=False
    )
    add_profile_items(private, skills=["Accounting", "Volunteer management"])
    return role_id, accountant, cook, private


def test_rank_json_matches_a_french_role_to_english_profiles(
    runner, french_role_and_english_profiles
):
    role_id, accountant, cook, _ = french_role_and_english_profiles
    result = runner.invoke(args=["rank", str(role_id), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["role_id"] == role_id
    ids = [m["candidate_id"] for m in data["matches"]]
    assert ids == [accountant.id, cook.id]  # never the candidate without consent

    best = data["matches"][0]
    assert (best["name"], best["email"]) == ("Olivia Grant", "og@example.org")
    assert 0 <= best["score"] <= 100 and 0 <= best["coverage"] <= 1
    assert best["score"] > data["matches"][1]["score"]
    assert set(best["components"]) == set(COMPONENTS)
    for component in best["components"].values():
        assert set(component) == {"score", "weight", "contribution"}
    total = sum(c["contribution"] for c in best["components"].values())
    assert total == pytest.approx(best["score"], abs=0.1)
    matched = {m["skill"]: m["candidate_label"] for m in best["matched_skills"]}
    assert matched == {"comptabilité": "Accounting", "gestion de bénévoles": "Volunteer management"}
    assert best["missing"] == [] and best["unmet_required"] == []
    assert data["matches"][1]["missing"] == ["comptabilité", "gestion de bénévoles"]
    assert "skill: comptabilité" in data["matches"][1]["unmet_required"]


def test_rank_top_and_human_table(runner, french_role_and_english_profiles):
    role_id, accountant, *_ = french_role_and_english_profiles
    top = json.loads(runner.invoke(args=["rank", str(role_id), "--top", "1", "--json"]).output)
    assert [m["candidate_id"] for m in top["matches"]] == [accountant.id]

    result = runner.invoke(args=["rank", str(role_id)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Bénévole à la comptabilité (banque-alimentaire): 2 candidates, best first"
    assert "Olivia Grant" in lines[2] and "og@example.org" in lines[2]
    assert "Liam Baker" in lines[3] and "missing: skill: comptabilité" in lines[3]
    assert "Noah" not in result.output


def test_rank_refuses_a_bad_top(runner, french_role_and_english_profiles):
    role_id, *_ = french_role_and_english_profiles
    result = runner.invoke(args=["rank", str(role_id), "--top", "0"])
    assert result.exit_code != 0
    assert "--top" in result.output
