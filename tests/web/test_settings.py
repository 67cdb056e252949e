"""Administrators choose how long prospects are kept and when an application counts as waiting."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, MemberRole, Organization
from app.services import accounts
from tests.conftest import AuthActions
from tests.factories import make_client, make_org, make_user

SETTINGS = "/o/banque-alimentaire/settings"


@pytest.fixture
def client(app):
    return make_client(app, accept_language="en")


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def admin(org):
    return make_user("admin@example.org", org, MemberRole.ADMIN, full_name="Adèle Admin")


def retention(slug: str = "banque-alimentaire") -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(Organization.prospect_retention_days).where(Organization.slug == slug)
    )


def test_admin_changes_the_prospect_retention(client, auth, admin):
    auth.login("admin@example.org")
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert 'value="180"' in page.text

    saved = client.post(
        SETTINGS,
        data={"prospect_retention_days": "90", "waiting_days": "14"},
        follow_redirects=True,
    )
    assert "Settings saved." in saved.text
    assert retention() == 90
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings.changed"))
    assert event.details == {"prospect_retention_days": [180, 90]}


@pytest.mark.parametrize("days", ["3", "9999", "", "deux"])
def test_out_of_range_retention_is_refused(client, auth, admin, days):
    auth.login("admin@example.org")
    page = client.post(SETTINGS, data={"prospect_retention_days": days, "waiting_days": "14"})
    assert page.status_code == 400
    assert 'class="errors"' in page.text
    assert retention() == 180


@pytest.mark.parametrize("role", [MemberRole.RECRUITER, MemberRole.CANDIDATE])
def test_only_admins_reach_the_settings(client, auth, org, role):
    make_user("someone@example.org", org, role)
    auth.login("someone@example.org")
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, data={"prospect_retention_days": "30"}).status_code == 403
    assert retention() == 180


def test_new_organizations_start_at_the_configured_retention(app):
    app.config["PROSPECT_RETENTION_DAYS"] = 60
    org = accounts.create_organization("petit-organisme", "Petit organisme")
    db.session.commit()
    assert org.prospect_retention_days == 60


def test_the_settings_page_is_translated(app, admin):
    client = make_client(app, accept_language="fr")
    AuthActions(client).login("admin@example.org")
    page = client.get(SETTINGS)
    assert "Conserver les prospects (jours)" in page.text


def waiting_days(slug: str = "banque-alimentaire") -> int:
    db.session.expire_all()
    return db.session.scalar(select(Organization.waiting_days).where(Organization.slug == slug))


def test_admin_changes_the_waiting_days(client, auth, admin):
    auth.login("admin@example.org")
    page = client.get(SETTINGS)
    assert 'name="waiting_days"' in page.text and 'value="14"' in page.text
    assert "An application is waiting after (days)" in page.text

    saved = client.post(
        SETTINGS,
        data={"prospect_retention_days": "180", "waiting_days": "7"},
        follow_redirects=True,
    )
    assert "Settings saved." in saved.text
    assert waiting_days() == 7
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings.changed"))
    assert event.details == {"waiting_days": [14, 7]}
    dashboard = client.get("/o/banque-alimentaire/dashboard")
    assert "applications waiting more than 7 days" in dashboard.text


def test_both_settings_change_in_one_event(client, auth, admin):
    auth.login("admin@example.org")
    client.post(SETTINGS, data={"prospect_retention_days": "365", "waiting_days": "30"})
    assert (retention(), waiting_days()) == (365, 30)
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "settings.changed"))
    assert event.details == {"prospect_retention_days": [180, 365], "waiting_days": [14, 30]}


def test_saving_unchanged_settings_records_nothing(client, auth, admin):
    auth.login("admin@example.org")
    client.post(SETTINGS, data={"prospect_retention_days": "180", "waiting_days": "14"})
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings.changed")) is None
    )


@pytest.mark.parametrize("days", ["0", "91", "", "-3", "une semaine"])
def test_out_of_range_waiting_days_are_refused(client, auth, admin, days):
    auth.login("admin@example.org")
    page = client.post(SETTINGS, data={"prospect_retention_days": "90", "waiting_days": days})
    assert page.status_code == 400
    assert 'id="waiting_days-error"' in page.text
    assert (retention(), waiting_days()) == (180, 14)


def test_the_service_checks_the_bounds_too(org, admin):
    with pytest.raises(accounts.ServiceError) as refused:
        accounts.update_settings(org, admin, waiting_days=120)
    assert refused.value.field == "waiting_days"
    assert "between 1 and 90 days" in str(refused.value)
    assert waiting_days() == 14


def test_the_waiting_days_setting_in_french(app, admin):
    client = make_client(app, accept_language="fr")
    AuthActions(client).login("admin@example.org")
    page = client.get(SETTINGS)
    assert "Une demande est en attente après (jours)" in page.text
    assert "Lire le journal d’audit" in page.text
