"""Shortlist exports: formula-safe CSV with a BOM, a ZIP of JSON Resume files, both audited."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from app.extensions import db
from app.importers.jsonresume import parse_json_resume
from app.models import AuditEvent, MemberRole, RoleSkill
from app.services import exports, matching
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
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def client(app, org):
    make_user("recrutement@example.org", org, MemberRole.RECRUITER)
    client = make_client(app, accept_language="en")
    client.post(
        "/login", data={"email": "recrutement@example.org", "password": "correct-horse-battery"}
    )
    return client


def url(role, kind: str) -> str:
    return f"/o/{SLUG}/roles/{role.id}/shortlist.{kind}"


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def shortlisted(role, candidate, position: int, **fields):
    return make_application(
        role, candidate, stage="shortlisted", shortlist_position=position, **fields
    )


# --- the neutralizing rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example","clic")', '\'=HYPERLINK("http://evil.example","clic")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Éloïse", "Éloïse"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_neutralize(cell, expected):
    assert exports.neutralize(cell) == expected


# --- CSV -------------------------------------------------------------------------------


@pytest.fixture
def hostile(org):
    """A role and three shortlisted people whose names and skills try to be formulas."""
    role = make_role(org, title="Bénévole à la comptabilité")
    role.skills.extend(
        [RoleSkill(name="@SUM(1+1)"), RoleSkill(name="-Excel avancé"), RoleSkill(name="+paie")]
    )
    db.session.commit()
    people = [
        make_candidate(
            org,
            first_name='=HYPERLINK("http://evil.example","clic")',
            last_name="+1",
            email="formule@example.org",
            phone="-2",
            city="@SUM(A1)",
        ),
        make_candidate(
            org,
            first_name="\t=1",
            last_name="Tabulation",
            email="tab@example.org",
            phone="\t=1",
            city="\r=1",
        ),
        make_candidate(
            org,
            first_name="Éloïse",
            last_name="D'Aragon-Lefebvre",
            email="eloise@example.org",
            city="Montréal",
        ),
    ]
    add_profile_items(people[0], skills=["@SUM(1+1)", "-Excel avancé", "+paie"])
    for n, who in enumerate(people, start=1):
        shortlisted(role, who, n, rating=n)
    return role, people


def test_the_csv_is_formula_safe_with_a_bom_and_accents(client, hostile):
    role, _people = hostile
    response = client.get(url(role, "csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "shortlist-" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)

    assert rows[0] == [
        "Order",
        "Name",
        "E-mail",
        "Phone",
        "City",
        "Score",
        "Coverage (%)",
        "Stage",
        "Rating",
        "Matched skills",
        "Missing required items",
    ]
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS), repr(cell)
    first, second, third = rows[1:]
    assert first[1] == '\'=HYPERLINK("http://evil.example","clic") +1'
    assert (first[3], first[4]) == ("'-2", "'@SUM(A1)")
    assert first[9].startswith("'")  # "@SUM(1+1); -Excel avancé; +paie"
    assert {"@SUM(1+1)", "-Excel avancé", "+paie"} == set(first[9][1:].split("; "))
    assert second[1] == "'=1 Tabulation"  # the name is trimmed, then neutralized
    assert (second[3], second[4]) == ("'\t=1", "'\r=1")
    assert third[:5] == ["3", "Éloïse D'Aragon-Lefebvre", "eloise@example.org", "", "Montréal"]
    assert [row[7] for row in rows[1:]] == ["Shortlisted"] * 3
    assert [row[8] for row in rows[1:]] == ["1", "2", "3"]
    assert all(row[5].isdigit() and row[6].isdigit() for row in rows[1:])


def test_the_csv_hides_who_blind_review_still_hides(client, org):
    role = make_role(org, title="Trésorerie", blind_review=True)
    hidden = make_candidate(
        org, first_name="Huguette", last_name="Hamel", email="hh@example.org", phone="514"
    )
    shown = make_candidate(org, first_name="Samuel", last_name="Simard", email="ss@example.org")
    make_application(role, hidden, stage="interview")
    from app.models.base import utcnow

    shortlisted(role, shown, 1, revealed_at=utcnow())
    response = client.get(url(role, "csv"))
    text = response.data.decode("utf-8-sig")
    assert "Huguette" not in text and "hh@example.org" not in text and "514" not in text
    rows = read_csv(response.data)
    assert rows[1][:3] == ["1", "Samuel Simard", "ss@example.org"]
    assert rows[2][:5] == ["2", f"Candidate #{hidden.id}", "", "", ""]


def test_the_csv_export_is_audited_with_counts_only(client, org, hostile):
    role, _people = hostile
    client.get(url(role, "csv"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "shortlist.exported"))
    assert (event.target_type, event.target_id) == ("role", role.id)
    assert event.details == {"format": "csv", "count": 3, "hidden": 0}
    assert event.actor_id is not None


def test_the_csv_headers_and_stages_are_in_french(app, org, hostile):
    role, _people = hostile
    make_user("francine@example.org", org, MemberRole.RECRUITER)
    client = make_client(app, accept_language="fr")
    client.post(
        "/login", data={"email": "francine@example.org", "password": "correct-horse-battery"}
    )
    rows = read_csv(client.get(url(role, "csv")).data)
    assert rows[0][:2] == ["Ordre", "Nom"]
    assert rows[0][2] == "Courriel"
    assert rows[1][7] == "Présélectionné"


def test_an_empty_shortlist_exports_a_header_only(client, org):
    role = make_role(org)
    rows = read_csv(client.get(url(role, "csv")).data)
    assert len(rows) == 1 and rows[0][0] == "Order"


# --- ZIP -------------------------------------------------------------------------------


def test_the_zip_holds_one_json_resume_per_visible_person(client, org):
    role = make_role(org, title="Trésorerie", blind_review=True)
    from app.models.base import utcnow

    eloise = make_candidate(
        org, first_name="Éloïse", last_name="D'Aragon-Lefebvre", email="eloise@example.org"
    )
    add_profile_items(eloise, skills=["comptabilité"])
    sneaky = make_candidate(
        org, first_name="../../etc/", last_name="passwd", email="sneaky@example.org"
    )
    chinese = make_candidate(org, first_name="小龍", last_name="李", email="li@example.org")
    hidden = make_candidate(org, first_name="Huguette", last_name="Hamel", email="hh@example.org")
    shortlisted(role, eloise, 1, revealed_at=utcnow())
    shortlisted(role, sneaky, 2, revealed_at=utcnow())
    shortlisted(role, chinese, 3, revealed_at=utcnow())
    make_application(role, hidden, stage="interview")  # still hidden by blind review

    response = client.get(url(role, "zip"))
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert names == [
        "01-eloise-d-aragon-lefebvre.json",
        "02-etc-passwd.json",
        f"03-candidate-{chinese.id}.json",
        "README.txt",
    ]
    assert all(name.isascii() and "/" not in name for name in names)

    record = parse_json_resume(archive.read(names[0]), name=names[0])
    assert (record.first_name, record.last_name) == ("Éloïse", "D'Aragon-Lefebvre")
    assert record.email == "eloise@example.org"
    assert "comptabilité" in record.skills
    document = json.loads(archive.read(names[2]).decode("utf-8"))
    assert "李" in document["basics"]["name"]

    readme = archive.read("README.txt").decode("utf-8")
    assert "Shortlist for the role: Trésorerie" in readme
    assert f"Candidate #{hidden.id}" in readme
    assert "Huguette" not in readme
    assert all(b"Huguette" not in archive.read(name) for name in names)

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "shortlist.exported"))
    assert event.details == {"format": "zip", "count": 4, "files": 3, "hidden": 1}


def test_exports_need_a_staff_member(app, org):
    role = make_role(org)
    make_user("someone@example.org", org, MemberRole.CANDIDATE)
    client = make_client(app, accept_language="en")
    client.post(
        "/login", data={"email": "someone@example.org", "password": "correct-horse-battery"}
    )
    assert client.get(url(role, "csv")).status_code == 403
    assert client.get(url(role, "zip")).status_code == 403
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("shortlist%"))) is None
