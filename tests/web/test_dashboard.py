"""The dashboard: counts per stage, new candidates, waiting applications, prospects who fit."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import MemberRole, Prospect, RoleSkill, RoleStatus
from app.models.base import utcnow
from app.services import matching, prospect_fit
from tests.factories import (
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)

DASHBOARD = "/o/banque-alimentaire/dashboard"


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
    client.post("/login", data={"email": email, "password": "correct-horse-battery"})
    return client


def stat(html: str, label: str) -> str:
    """The figure shown beside a label in the figures strip."""
    found = re.search(
        r'<span class="stat-value">([^<]+)</span> <span class="stat-label">' + re.escape(label),
        html,
    )
    assert found, label
    return found.group(1)


def section(html: str, heading: str) -> str:
    start = html.index(f"<h2>{heading}</h2>")
    end = html.find("<h2>", start + 1)
    return html[start : end if end > 0 else None]


def person(org, first: str, last: str, **fields):
    email = f"{first}.{last}@example.org".lower()
    return make_candidate(org, first_name=first, last_name=last, email=email, **fields)


@pytest.fixture
def pipeline_data(org):
    """Two open roles, a closed one, and applications of every age and stage."""
    now = utcnow()
    org.waiting_days = 10
    cuisine = make_role(org, title="Aide en cuisine")
    comptable = make_role(org, title="Comptable bénévole", blind_review=True)
    closed = make_role(org, title="Ancien poste", status=RoleStatus.CLOSED)
    people = {
        name: person(org, name, "Tremblay")
        for name in ("Alice", "Benoit", "Carole", "David", "Estelle", "Fanny")
    }
    make_application(
        cuisine, people["Alice"], stage="reviewing", stage_changed_at=now - timedelta(days=12)
    )
    make_application(
        cuisine, people["Benoit"], stage="new", stage_changed_at=now - timedelta(days=5)
    )
    make_application(
        cuisine, people["Carole"], stage="not_a_fit", stage_changed_at=now - timedelta(days=40)
    )
    make_application(
        closed, people["David"], stage="reviewing", stage_changed_at=now - timedelta(days=40)
    )
    make_application(
        comptable, people["Estelle"], stage="new", stage_changed_at=now - timedelta(days=20)
    )
    make_application(
        comptable,
        people["Fanny"],
        stage="shortlisted",
        shortlist_position=1,
        revealed_at=now,
        stage_changed_at=now - timedelta(days=11),
    )
    # An older candidate: not new this week.
    old = person(org, "Gilles", "Gagnon")
    old.created_at = now - timedelta(days=30)
    db.session.commit()
    return {"cuisine": cuisine, "comptable": comptable, "people": people}


def test_figures_and_counts_per_stage(app, org, pipeline_data):
    page = login(app, org).get(DASHBOARD)
    assert page.status_code == 200
    assert stat(page.text, "candidates") == "7"
    assert stat(page.text, "new this week") == "6"
    assert stat(page.text, "applications waiting more than 10 days") == "3"
    roles = section(page.text, "Open roles")
    assert "Aide en cuisine" in roles and "Comptable bénévole" in roles
    assert "Ancien poste" not in roles
    row = roles.split("Aide en cuisine", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="num" data-label="([^"]+)">(\d+)</td>', row)
    assert ("New", "1") in cells and ("Reviewing", "1") in cells and ("Not a fit", "1") in cells
    assert ("Total", "3") in cells
    shortlist = f"/o/banque-alimentaire/roles/{pipeline_data['cuisine'].id}/shortlist"
    assert f'href="{shortlist}"' in roles


def test_the_longest_waiting_applications_are_listed_oldest_first(app, org, pipeline_data):
    page = login(app, org).get(DASHBOARD)
    waiting = section(page.text, "Waiting longest")
    estelle = pipeline_data["people"]["Estelle"]
    # Estelle (20 days, blind review: hidden), Alice (12 days), Fanny (11 days, revealed).
    order = [m for m in re.findall(r"Candidate #\d+|Alice|Fanny|Benoit|Carole|David", waiting)]
    assert order == [f"Candidate #{estelle.id}", "Alice", "Fanny"]
    assert "Estelle" not in page.text
    assert "20 days" in waiting and "12 days" in waiting
    role = pipeline_data["cuisine"]
    alice = pipeline_data["people"]["Alice"]
    assert f'href="/o/banque-alimentaire/roles/{role.id}/candidates/{alice.id}"' in waiting


def test_the_waiting_delay_is_the_organizations(app, org, pipeline_data):
    org.waiting_days = 30
    db.session.commit()
    page = login(app, org).get(DASHBOARD)
    assert stat(page.text, "applications waiting more than 30 days") == "0"
    assert "Waiting longest" not in page.text


def test_at_most_five_are_listed(app, org):
    role = make_role(org)
    now = utcnow()
    for n in range(7):
        who = person(org, f"Personne{n}", "Lavoie")
        make_application(role, who, stage="new", stage_changed_at=now - timedelta(days=30 + n))
    page = login(app, org).get(DASHBOARD)
    assert stat(page.text, "applications waiting more than 14 days") == "7"
    waiting = section(page.text, "Waiting longest")
    assert waiting.count("<tr>") == 1 + 5  # the header row, then five
    assert "Personne6" in waiting and "Personne0" not in waiting


# --- prospects -------------------------------------------------------------------------


def prospect(org, first: str, position: str, company: str = "", *, age_days: int = 0, **fields):
    row = Prospect(
        organization_id=org.id,
        match_key=f"name:{first}",
        first_name=first,
        last_name="Prospect",
        position=position,
        company=company,
        created_at=utcnow() - timedelta(days=age_days),
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def prospects(org):
    comptable = make_role(org, title="Comptable bénévole", cause="sécurité alimentaire")
    comms = make_role(org, title="Bénévole aux communications")
    comms.skills.append(RoleSkill(name="rédaction"))
    make_role(org, title="Chauffeur", status=RoleStatus.CLOSED)
    db.session.commit()
    prospect(org, "Alain", "Senior Accountant", "KPMG", age_days=3)  # English, same occupation
    prospect(org, "Béatrice", "Comptable", "Banque alimentaire de Laval", age_days=0)
    prospect(org, "Céline", "Directrice des communications", "Centraide", age_days=2)
    prospect(org, "Denise", "Chef cuisinière", "Restaurant Chez Lili", age_days=1)
    prospect(org, "Émile", "Chauffeur-livreur", "Transport Québec", age_days=1)  # closed role
    prospect(org, "Fernand", "Comptable", "Ville de Laval", invited_at=utcnow())  # invited
    prospect(org, "Gisèle", "Bénévole", "Croix-Rouge", age_days=1)  # only a generic word
    return {"comptable": comptable, "comms": comms}


def test_prospects_who_may_fit_an_open_role(app, org, prospects):
    page = login(app, org).get(DASHBOARD)
    fits = section(page.text, "Prospects who may fit an open role")
    rows = fits.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]
    listed = {re.search(r"(\w+) Prospect</a>", row).group(1): row for row in rows}
    assert set(listed) == {"Alain", "Béatrice", "Céline"}
    assert "Comptable bénévole" in listed["Alain"] and "Comptable bénévole" in listed["Béatrice"]
    assert "same occupation as the role" in listed["Béatrice"]
    assert "Bénévole aux communications" in listed["Céline"]
    assert "communication" in listed["Céline"]
    assert 'href="/o/banque-alimentaire/prospects?q=B%C3%A9atrice+Prospect"' in listed["Béatrice"]
    assert 'href="/o/banque-alimentaire/prospects"' in fits


def test_the_best_fits_come_first(org, prospects):
    fits = prospect_fit.prospect_fits(org, [prospects["comptable"], prospects["comms"]])
    names = [fit.prospect.first_name for fit in fits]
    assert names[0] == "Béatrice"  # same occupation and a food-security company
    assert "works in the role's cause" in fits[0].reasons
    assert fits[0].score > fits[-1].score


def test_scanning_stops_at_the_most_recent_prospects(org, prospects):
    roles = [prospects["comptable"], prospects["comms"]]
    recent = prospect_fit.prospect_fits(org, roles, scan=2)
    assert {fit.prospect.first_name for fit in recent} <= {"Béatrice", "Denise", "Émile", "Gisèle"}
    assert {fit.prospect.first_name for fit in recent} == {"Béatrice"}
    assert len(prospect_fit.prospect_fits(org, roles, limit=1)) == 1


def test_positions_not_looked_up_yet_still_fit_by_words(org, prospects, monkeypatch):
    monkeypatch.setattr(prospect_fit, "_titles", {})
    fits = prospect_fit.prospect_fits(org, [prospects["comms"]], new_titles=0)
    assert [fit.prospect.first_name for fit in fits] == ["Céline"]


def test_board_chairs_do_not_see_prospects(app, org, prospects):
    page = login(app, org, MemberRole.BOARD_CHAIR).get(DASHBOARD)
    assert page.status_code == 200
    assert "Prospects who may fit" not in page.text
    assert "Béatrice" not in page.text


def test_no_fit_says_so(app, org):
    make_role(org, title="Chauffeur")
    prospect(org, "Hubert", "Pianiste")
    page = login(app, org).get(DASHBOARD)
    assert "No prospect not yet invited seems to fit an open role." in page.text


def test_the_dashboard_in_french(app, org, pipeline_data, prospects):
    page = login(app, org, lang="fr").get(DASHBOARD)
    assert "demandes en attente depuis plus de 10 jours" in page.text
    assert "Attente la plus longue" in page.text
    assert "Prospects qui pourraient convenir à un poste ouvert" in page.text
    assert "Liste restreinte" in page.text
