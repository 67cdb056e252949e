"""Administrators configure the organization's pipeline stages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import MemberRole, Stage
from tests.factories import make_application, make_candidate, make_org, make_role
from tests.web.pipeline_support import ORG, events, hidden_value, member, panel_url, text

STAGES = f"{ORG}/stages"
DEFAULT_ORDER = [
    "new", "reviewing", "shortlisted", "contacted", "interview", "offered",
    "accepted", "declined", "not_a_fit",
]  # fmt: skip


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def admin(app, org):
    return member(app, org, "direction@example.org", MemberRole.ADMIN, name="Denise Direction")


def stage(org, key: str) -> Stage:
    db.session.expire_all()
    return db.session.scalar(select(Stage).where(Stage.organization_id == org.id, Stage.key == key))


def order(org) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Stage.key)
            .where(Stage.organization_id == org.id)
            .order_by(Stage.position, Stage.id)
        )
    )


def test_the_list_shows_the_stages_in_order_with_their_use(org, admin):
    role = make_role(org)
    for n in range(2):
        make_application(role, make_candidate(org, email=f"c{n}@example.org"), stage="interview")
    page = admin[1].get(STAGES)
    assert page.status_code == 200
    words = text(page.text)
    assert "Pipeline stages" in words
    rows = re.findall(r'<tr id="stage-\d+">.*?</tr>', page.text, re.S)
    assert len(rows) == 9
    assert [text(row).split(" ")[1] for row in rows[:3]] == ["New", "Reviewing", "Shortlisted"]
    interview = text(next(row for row in rows if ">Interview<" in row))
    assert interview.startswith("5 Interview Entrevue no 2 ")
    assert "Not a fit Ne convient pas yes 0" in text(rows[-1])
    # The stages the pipeline relies on have no remove button.
    assert "Remove" not in text(rows[0]) and "Remove" in text(rows[1])


def test_renaming_in_both_languages(org, admin):
    _, client = admin
    reviewing = stage(org, "reviewing")
    url = f"{STAGES}/{reviewing.id}/edit"
    assert 'value="En examen"' in client.get(url).text
    response = client.post(
        url, data={"label_en": " Screening ", "label_fr": "Présélection initiale"}
    )
    assert response.status_code == 302
    renamed = stage(org, "reviewing")
    assert (renamed.key, renamed.label_en, renamed.label_fr) == (
        "reviewing",
        "Screening",
        "Présélection initiale",
    )
    assert "The stage Screening was saved." in text(client.get(STAGES).text)
    assert events("stage.updated")[-1].details == {"key": "reviewing"}

    # The new names show where stages are shown, in each language.
    role, candidate = make_role(org), make_candidate(org)
    make_application(role, candidate, stage="reviewing")
    assert "Stage Screening" in text(client.get(panel_url(role, candidate.id)).text)
    _, french = member(client.application, org, "fr@example.org", lang="fr")
    assert "Présélection initiale" in text(french.get(panel_url(role, candidate.id)).text)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"label_en": "", "label_fr": "Vide"}, "This field is required."),
        ({"label_en": "Interview", "label_fr": "Autre"}, "Another stage already has this name"),
        ({"label_en": "Autre", "label_fr": "ENTREVUE"}, "Another stage already has this name"),
        ({"label_en": "x" * 101, "label_fr": "Long"}, "Field cannot be longer than 100"),
    ],
)
def test_bad_names_are_refused(org, admin, data, error):
    _, client = admin
    contacted = stage(org, "contacted")
    response = client.post(f"{STAGES}/{contacted.id}/edit", data=data)
    assert response.status_code == 400
    assert error in text(response.text)
    assert stage(org, "contacted").label_en == "Contacted"


def test_essential_stages_keep_their_terminal_flag(org, admin):
    _, client = admin
    not_a_fit = stage(org, "not_a_fit")
    url = f"{STAGES}/{not_a_fit.id}/edit"
    page = client.get(url)
    assert 'name="is_terminal"' not in page.text
    assert "whether it ends the pipeline stays as it is" in text(page.text)
    response = client.post(url, data={"label_en": "Not retained", "label_fr": "Non retenu"})
    assert response.status_code == 302
    assert stage(org, "not_a_fit").is_terminal is True
    assert stage(org, "not_a_fit").label_en == "Not retained"


def test_any_other_stage_can_be_marked_terminal(org, admin):
    _, client = admin
    offered = stage(org, "offered")
    response = client.post(
        f"{STAGES}/{offered.id}/edit",
        data={"label_en": "Offered", "label_fr": "Offre faite", "is_terminal": "y"},
    )
    assert response.status_code == 302
    assert stage(org, "offered").is_terminal is True
    assert "Offered Offre faite yes" in text(admin[1].get(STAGES).text)


def test_reordering_with_up_and_down(org, admin):
    _, client = admin
    contacted = stage(org, "contacted")
    response = client.post(f"{STAGES}/{contacted.id}/move", data={"direction": "up"})
    assert response.status_code == 302
    assert order(org)[1:4] == ["reviewing", "contacted", "shortlisted"]
    client.post(f"{STAGES}/{contacted.id}/move", data={"direction": "down"})
    client.post(f"{STAGES}/{contacted.id}/move", data={"direction": "down"})
    assert order(org)[2:5] == ["shortlisted", "interview", "contacted"]
    # The first cannot go up; nothing moves, and its row offers no "Up".
    first = stage(org, "new")
    client.post(f"{STAGES}/{first.id}/move", data={"direction": "up"})
    assert order(org)[0] == "new"
    rows = re.findall(r'<tr id="stage-\d+">.*?</tr>', client.get(STAGES).text, re.S)
    assert 'value="up"' not in rows[0] and 'value="down"' not in rows[-1]
    assert (
        client.post(f"{STAGES}/{first.id}/move", data={"direction": "sideways"}).status_code == 400
    )


def test_the_new_order_is_the_move_forms_order(org, admin):
    _, client = admin
    interview = stage(org, "interview")
    for _ in range(3):
        client.post(f"{STAGES}/{interview.id}/move", data={"direction": "up"})
    role, candidate = make_role(org), make_candidate(org)
    page = client.get(panel_url(role, candidate.id)).text
    select = re.search(r'<select[^>]*name="move-stage".*?</select>', page, re.S).group(0)
    assert re.findall(r'value="([a-z_]+)"', select)[:3] == ["new", "interview", "reviewing"]


def test_adding_a_stage(org, admin):
    _, client = admin
    response = client.post(
        f"{STAGES}/new", data={"label_en": "Reference check", "label_fr": "Vérification"}
    )
    assert response.status_code == 302
    added = stage(org, "reference_check")
    assert (added.label_fr, added.is_terminal) == ("Vérification", False)
    assert order(org) == [*DEFAULT_ORDER, "reference_check"]
    assert events("stage.created")[0].details == {"key": "reference_check"}
    assert "The stage Reference check was added." in text(client.get(STAGES).text)
    # A second stage with a name folding to the same key gets its own key.
    client.post(f"{STAGES}/new", data={"label_en": "Référence-Check!", "label_fr": "Autre"})
    assert order(org)[-1] == "reference_check_2"


def test_adding_a_stage_with_a_taken_name_is_refused(org, admin):
    response = admin[1].post(
        f"{STAGES}/new", data={"label_en": "Shortlisted", "label_fr": "Présélection 2"}
    )
    assert response.status_code == 400
    assert "Another stage already has this name: Shortlisted." in text(response.text)
    assert order(org) == DEFAULT_ORDER


def test_removing_a_stage_in_use_is_refused(org, admin):
    _, client = admin
    role = make_role(org)
    make_application(role, make_candidate(org), stage="offered")
    offered = stage(org, "offered")
    response = client.post(f"{STAGES}/{offered.id}/delete")
    assert response.status_code == 302
    assert (
        "Offered was not removed: 1 application is at this stage: move it to another stage first."
        in text(client.get(STAGES).text)
    )
    assert "offered" in order(org)


def test_removing_an_unused_stage(org, admin):
    _, client = admin
    offered = stage(org, "offered")
    assert client.post(f"{STAGES}/{offered.id}/delete").status_code == 302
    assert "offered" not in order(org)
    assert "The stage Offered was removed." in text(client.get(STAGES).text)
    assert events("stage.removed")[0].details == {"key": "offered"}


@pytest.mark.parametrize("key", ["new", "shortlisted", "not_a_fit"])
def test_the_stages_the_pipeline_relies_on_stay(org, admin, key):
    _, client = admin
    essential = stage(org, key)
    client.post(f"{STAGES}/{essential.id}/delete")
    assert key in order(org)
    assert "rename it rather than remove it" in text(client.get(STAGES).text)


@pytest.mark.parametrize(
    "role", [MemberRole.RECRUITER, MemberRole.BOARD_CHAIR, MemberRole.CANDIDATE]
)
def test_only_admins_configure_stages(app, org, role):
    _, client = member(app, org, f"{role.value}@example.org", role)
    offered = stage(org, "offered")
    assert client.get(STAGES).status_code == 403
    assert client.get(f"{STAGES}/{offered.id}/edit").status_code == 403
    assert client.post(f"{STAGES}/{offered.id}/delete").status_code == 403
    assert client.post(f"{STAGES}/new", data={"label_en": "X", "label_fr": "X"}).status_code == 403
    assert "offered" in order(org) and len(order(org)) == 9


def test_stages_of_another_org_are_not_found(org, admin):
    other = make_org("ailleurs", "Ailleurs")
    theirs = stage(other, "offered")
    _, client = admin
    assert client.get(f"{STAGES}/{theirs.id}/edit").status_code == 404
    assert client.post(f"{STAGES}/{theirs.id}/delete").status_code == 404
    assert "offered" in order(other)


def test_the_page_speaks_french(app, org):
    _, client = member(app, org, "admin-fr@example.org", MemberRole.ADMIN, lang="fr")
    page = client.get(STAGES)
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    words = text(page.text)
    assert "Étapes du processus" in words and "Ajouter une étape" in words
    assert "Entrevue" in words


def test_the_forms_carry_csrf_tokens(app, org, admin):
    _, client = admin
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(STAGES)
    offered = stage(org, "offered")
    url = f"{STAGES}/{offered.id}/move"
    assert client.post(url, data={"direction": "up"}).status_code == 400
    token = hidden_value(page.text, "csrf_token")
    assert client.post(url, data={"direction": "up", "csrf_token": token}).status_code == 302
    assert order(org).index("offered") == 4
