"""Importing one's profile from a file: preview field by field, then confirm or cancel."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import (
    AuditEvent,
    CandidateSkill,
    MemberRole,
    PendingImport,
    Position,
    Source,
)
from tests.factories import make_candidate, make_org
from tests.web.profile_support import BASE, fresh, log_in_candidate, log_in_staff, text_of

PROFILES = Path(__file__).resolve().parents[1] / "fixtures" / "profiles"
IMPORT = f"{BASE}/me/import"


@pytest.fixture
def org(app):
    return make_org()


def linkedin_zip() -> bytes:
    """Marie-Ève's export as LinkedIn zips it, messages included (they must stay unread)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((PROFILES / "marie-eve-gagnon-linkedin").iterdir()):
            archive.writestr(f"Basic_LinkedInDataExport/{path.name}", path.read_bytes())
    return buffer.getvalue()


def upload(client, name: str, data: bytes, url: str = IMPORT):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_upload_page_is_a_multipart_form(app, org):
    client, _ = log_in_candidate(app, org)
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    assert 'name="file"' in page.text and "up to 20 MB" in page.text


def test_linkedin_export_preview_then_confirm(app, org):
    client, candidate = log_in_candidate(app, org)
    response = upload(client, "Basic_LinkedInDataExport.zip", linkedin_zip())
    assert response.status_code == 302
    pending = db.session.scalar(select(PendingImport))
    assert response.location == f"{BASE}/profile-imports/{pending.id}"
    assert "SECRET-MESSAGE-CONTENT" not in str(pending.payload)

    preview = text_of(client.get(response.location))
    assert "Nothing is saved until you confirm." in preview
    assert "Coordonnatrice des bénévoles, Centre d'action bénévole de Québec" in preview
    assert "Gestion de bénévoles" in preview and "Marie-Ève" in preview
    assert "added" in preview and "changed" in preview
    assert count(Position) == 0  # a preview stores nothing

    confirmed = client.post(f"{response.location}/confirm")
    assert confirmed.location == f"{BASE}/me"
    fresh(candidate)
    assert candidate.first_name == "Marie-Ève"
    titles = sorted((p.title, p.source) for p in candidate.positions)
    assert titles == [
        ("Animatrice", Source.LINKEDIN),
        ("Coordonnatrice des bénévoles", Source.LINKEDIN),
    ]
    assert candidate.field_sources["headline"]["source"] == "linkedin"
    assert count(PendingImport) == 0
    profile = text_of(client.get(confirmed.location))
    assert "The profile is updated from Basic_LinkedInDataExport.zip." in profile
    assert "Maison des jeunes" in profile and "LinkedIn, " in profile
    assert "Recrutement, accueil & formation" in profile
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_id == candidate.id)
    )
    assert "profile.imported" in set(actions)


def test_cancel_stores_nothing(app, org):
    client, candidate = log_in_candidate(app, org)
    staged = upload(client, "marie.zip", linkedin_zip())
    response = client.post(f"{staged.location}/cancel")
    assert response.location == f"{BASE}/me"
    assert "The import is cancelled: nothing was changed." in text_of(client.get(response.location))
    fresh(candidate)
    assert (candidate.first_name, count(Position), count(CandidateSkill)) == ("Zoë", 0, 0)
    assert count(PendingImport) == 0
    assert client.get(staged.location).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "status", "expected"),
    [
        ("export.zip", b"not a zip", 422, "export.zip: This file is not a ZIP archive"),
        ("broken.json", (PROFILES / "broken.json").read_bytes(), 422, "broken.json, line 2: "),
        ("bad.json", b'{"basics": {"name": 5}}', 422, "bad.json, basics.name: "),
        ("empty.json", b"", 422, "empty.json: The file is empty."),
        ("cv.docx", b"PK", 400, "Choose a LinkedIn export (.zip) or a JSON Resume file (.json)."),
    ],
)
def test_a_bad_file_is_refused_with_where_and_why(app, org, name, data, status, expected):
    client, _ = log_in_candidate(app, org)
    response = upload(client, name, data)
    assert response.status_code == status
    assert expected in text_of(response)
    assert count(PendingImport) == count(Position) == 0


def test_no_file_chosen(app, org):
    client, _ = log_in_candidate(app, org)
    response = client.post(IMPORT, data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a file to import." in response.text


def test_a_file_over_the_limit_gets_the_413_page(app, org):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    client, _ = log_in_candidate(app, org)
    response = upload(client, "big.json", b"{" + b" " * 4096 + b"}")
    assert response.status_code == 413
    assert "The file is larger than this service accepts." in response.text
    assert count(PendingImport) == 0


def test_a_recruiter_imports_on_a_candidates_behalf(app, org):
    candidate = make_candidate(org, email="jose@example.org", first_name="José")
    client = log_in_staff(app, org)
    url = f"{BASE}/candidates/{candidate.id}/import"
    response = upload(
        client, "jose.json", (PROFILES / "jose-tremblay.resume.json").read_bytes(), url
    )
    assert response.status_code == 302
    assert response.location.startswith(f"{BASE}/profile-imports/")
    assert "JSON Resume" in text_of(client.get(response.location))
    assert (
        client.post(f"{response.location}/confirm").location == f"{BASE}/candidates/{candidate.id}"
    )
    fresh(candidate)
    assert candidate.skills and {s.source for s in candidate.skills} == {Source.JSON_RESUME}
    assert "JSON Resume, " in text_of(client.get(f"{BASE}/candidates/{candidate.id}"))


def test_a_staged_import_belongs_to_its_uploader_and_candidate(app, org):
    candidate = make_candidate(org, email="jose@example.org", first_name="José")
    recruiter = log_in_staff(app, org)
    url = f"{BASE}/candidates/{candidate.id}/import"
    staged = upload(
        recruiter, "jose.json", (PROFILES / "jose-tremblay.resume.json").read_bytes(), url
    )
    assert recruiter.get(staged.location).status_code == 200

    admin = log_in_staff(app, org, MemberRole.ADMIN, email="admin@example.org")
    chair = log_in_staff(app, org, MemberRole.BOARD_CHAIR, email="chair@example.org")
    student, _ = log_in_candidate(app, org)
    for stranger in (admin, chair, student):  # not the uploader
        assert stranger.get(staged.location).status_code == 404
        assert stranger.post(f"{staged.location}/confirm").status_code == 404
    own = upload(student, "jose.json", (PROFILES / "jose-tremblay.resume.json").read_bytes())
    mine = db.session.get(PendingImport, int(own.location.rsplit("/", 1)[1]))
    mine.candidate_id = candidate.id  # a staged import pointing at someone else's profile
    db.session.commit()
    assert student.get(own.location).status_code == 404
    assert count(PendingImport) == 2 and count(CandidateSkill) == 0


def test_the_import_pages_speak_french(app, org):
    client, _ = log_in_candidate(app, org, lang="fr")
    assert "Importer mon profil" in text_of(client.get(IMPORT))
    response = upload(client, "broken.json", (PROFILES / "broken.json").read_bytes())
    assert response.status_code == 422
    assert "broken.json, ligne 2 : " in text_of(response)
