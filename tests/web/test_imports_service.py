"""Importing profile files: batches with per-file outcomes, savepoints, consent, previews."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.importers.errors import ImportFileError
from app.models import (
    AuditEvent,
    Candidate,
    CandidateSkill,
    Consent,
    ConsentPurpose,
    ImportBatch,
    MatchingState,
    MemberRole,
    PendingImport,
    Position,
    Source,
)
from app.models.base import utcnow
from app.services import imports, profiles, ranking
from tests.factories import make_org, make_role, make_user

FIXTURES = Path(__file__).parents[1] / "fixtures" / "profiles"


def resume(name: str = "José Tremblay", email: str = "jose.tremblay@example.org", **extra) -> bytes:
    doc = {"basics": {"name": name, "email": email, "label": "Comptable"}, **extra}
    doc.setdefault("skills", [{"name": "Comptabilité"}])
    return json.dumps(doc).encode()


def linkedin_zip(folder: Path = FIXTURES / "marie-eve-gagnon-linkedin") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"Basic_LinkedInDataExport/{path.name}")
    return buffer.getvalue()


def bundle(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def recruiter(org):
    return make_user("recrue@example.org", org, MemberRole.RECRUITER)


def run(org, recruiter, *uploads: tuple[str, bytes], consented: bool = False):
    batch = imports.start_batch(org, recruiter, consented=consented)
    for filename, data in uploads:
        imports.import_upload(batch, filename, data)
    result = imports.finish_batch(batch)
    db.session.commit()
    return result


def candidates(org) -> list[Candidate]:
    stmt = select(Candidate).where(Candidate.organization_id == org.id).order_by(Candidate.id)
    return list(db.session.scalars(stmt))


def test_batch_creates_candidates_and_records_outcomes(org, recruiter):
    result = run(org, recruiter, ("jose.json", resume()), ("export.zip", linkedin_zip()))
    assert [(f.path, f.status) for f in result.files] == [
        ("jose.json", "created"),
        ("export.zip", "created"),
    ]
    assert (result.created, result.errors) == (2, 0)
    stored = candidates(org)
    assert [c.full_name for c in stored] == ["José Tremblay", "Marie-Ève Gagnon"]
    assert [c.source for c in stored] == [Source.JSON_RESUME, Source.LINKEDIN]
    assert {p.company for p in stored[1].positions} == {
        "Centre d'action bénévole de Québec",
        "Maison des jeunes",
    }
    batch = db.session.get(ImportBatch, result.batch_id)
    assert batch.file_count == 2 and batch.finished_at is not None
    assert batch.summary[0] == {
        "path": "jose.json",
        "status": "created",
        "candidate_id": stored[0].id,
        "error": None,
        "reason": None,
    }
    assert "SECRET-MESSAGE-CONTENT" not in json.dumps(batch.summary)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "candidate")
    )
    assert sorted(actions) == ["profile.imported", "profile.imported"]


def test_reimport_updates_skips_or_merges_instead_of_duplicating(org, recruiter):
    run(org, recruiter, ("jose.json", resume()))
    again = run(org, recruiter, ("jose.json", resume()))
    assert [(f.status, f.reason) for f in again.files] == [
        ("skipped", "Nothing in the file is new.")
    ]
    changed = run(org, recruiter, ("jose.json", resume(skills=[{"name": "Budgets"}])))
    assert changed.files[0].status == "updated"
    export = bundle(
        {
            "jose/Profile.csv": b"First Name,Last Name,Headline\nJose,Tremblay,Tr\xc3\xa9sorier\n",
            "jose/Email Addresses.csv": (
                b"Email Address,Confirmed,Primary\nJOSE.TREMBLAY@example.org,Yes,Yes\n"
            ),
        }
    )
    merged = run(org, recruiter, ("linkedin.zip", export))
    assert merged.files[0].status == "merged"
    [jose] = candidates(org)
    assert {(s.label, s.source) for s in jose.skills} == {("Budgets", Source.JSON_RESUME)}
    assert jose.headline == "Trésorier"
    assert jose.field_sources["headline"]["source"] == "linkedin"


def test_bad_files_are_reported_and_do_not_undo_the_good_ones(org, recruiter):
    result = run(
        org,
        recruiter,
        ("broken.json", (FIXTURES / "broken.json").read_bytes()),
        ("not-a-zip.zip", b"hello"),
        (
            "bundle.zip",
            bundle(
                {
                    "a.json": resume(),
                    "b.json": b"[1, 2]",
                    "c.json": resume("Nadia Haddad", "nadia@example.org"),
                }
            ),
        ),
    )
    statuses = [(f.path, f.status) for f in result.files]
    assert statuses == [
        ("broken.json", "error"),
        ("not-a-zip.zip", "error"),
        ("bundle.zip/a.json", "created"),
        ("bundle.zip/b.json", "error"),
        ("bundle.zip/c.json", "created"),
    ]
    assert result.files[0].error.startswith("broken.json, line ")
    assert result.files[3].error.startswith("bundle.zip/b.json")
    assert (result.created, result.errors) == (2, 3)
    assert [c.full_name for c in candidates(org)] == ["José Tremblay", "Nadia Haddad"]


def refuse(record):
    raise ImportFileError("disk on fire", file="paul.json")


def break_the_database(record):
    # A real database error: PostgreSQL aborts the whole transaction unless the
    # SAVEPOINT is rolled back.
    db.session.execute(text("INSERT INTO candidate_skills (id) VALUES (NULL)"))


@pytest.mark.parametrize(
    ("fail", "message"),
    [(refuse, "paul.json: disk on fire"), (break_the_database, "could not be stored")],
)
def test_a_profile_failing_while_stored_leaves_nothing_behind(
    org, recruiter, monkeypatch, fail, message
):
    """The SAVEPOINT rolls back one profile's rows, on SQLite as on PostgreSQL."""
    real = profiles.apply_record

    def failing(candidate, record):
        changed = real(candidate, record)  # rows written and flushed, matching touched…
        if record.first_name == "Paul":
            fail(record)  # …then it fails
        return changed

    monkeypatch.setattr(imports, "create_candidate", _creator(failing))
    version_before = _version(org)
    result = run(
        org,
        recruiter,
        ("paul.json", resume("Paul Nguyen", "paul@example.org", skills=[{"name": "Excel"}])),
        ("jose.json", resume()),
        consented=True,
    )
    assert [f.status for f in result.files] == ["error", "created"]
    assert message in result.files[0].error
    assert [c.full_name for c in candidates(org)] == ["José Tremblay"]
    assert db.session.scalar(select(func.count()).select_from(CandidateSkill)) == 1
    assert db.session.scalar(select(func.count()).select_from(Consent)) == 1
    # The version bump made inside the failed SAVEPOINT was made again for José.
    assert _version(org) == version_before + 1


def _creator(apply):
    def create(org, record, *, user=None):
        candidate = Candidate(organization_id=org.id, first_name="", source=record.source)
        db.session.add(candidate)
        db.session.flush()
        apply(candidate, record)
        return candidate

    return create


def _version(org) -> int:
    return (
        db.session.scalar(
            select(MatchingState.version).where(MatchingState.organization_id == org.id)
        )
        or 0
    )


@pytest.mark.parametrize("consented", [True, False])
def test_consent_at_import_decides_ranking(org, recruiter, consented):
    role = make_role(org, title="Trésorier bénévole")
    run(org, recruiter, ("jose.json", resume()), consented=consented)
    [jose] = candidates(org)
    consents = db.session.scalars(select(Consent).where(Consent.candidate_id == jose.id)).all()
    ranked = [entry.candidate.id for entry in ranking.ranked_candidates(org, role)]
    if consented:
        assert [(c.purpose, c.recorded_by_id) for c in consents] == [
            (ConsentPurpose.MATCHING, recruiter.id)
        ]
        assert ranked == [jose.id]
    else:
        assert consents == [] and ranked == []


def test_import_path_reads_files_and_unpacked_exports(org, recruiter):
    batch = imports.start_batch(org, recruiter, consented=False)
    outcomes = imports.import_path(batch, FIXTURES / "marie-eve-gagnon-linkedin")
    outcomes += imports.import_path(batch, FIXTURES / "jose-tremblay.resume.json")
    outcomes += imports.import_path(batch, FIXTURES / "missing.json")
    db.session.commit()
    assert [(o.path, o.status) for o in outcomes] == [
        ("marie-eve-gagnon-linkedin", "created"),
        ("jose-tremblay.resume.json", "created"),
        (str(FIXTURES / "missing.json"), "error"),
    ]
    assert "does not exist" in outcomes[2].error


# --- a candidate's own import with preview -------------------------------------------------


@pytest.fixture
def member(org):
    user = make_user(
        "marie-eve.gagnon@example.org", org, MemberRole.CANDIDATE, full_name="Marie-Ève Gagnon"
    )
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    return user, candidate


def test_stage_preview_confirm(org, member):
    user, candidate = member
    pending = imports.stage_import(org, user, candidate, "export.zip", linkedin_zip())
    db.session.commit()
    assert imports.pending_for(org, user, pending.id) is pending
    changes = imports.preview_pending(pending)
    assert ("headline", "added", "Coordonnatrice des bénévoles") in {
        (c.field, c.change, c.after) for c in changes
    }
    assert db.session.scalar(select(func.count()).select_from(Position)) == 0  # nothing yet
    confirmed = imports.confirm_pending(pending, user)
    db.session.commit()
    assert confirmed.id == candidate.id
    assert {p.title for p in candidate.positions} == {"Coordonnatrice des bénévoles", "Animatrice"}
    assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "profile.imported"))
    assert (event.actor_id, event.target_id) == (user.id, candidate.id)
    # The same file again: the preview is empty and confirming is an update.
    again = imports.stage_import(org, user, candidate, "export.zip", linkedin_zip())
    assert imports.preview_pending(again) == []
    imports.confirm_pending(again, user)
    assert (
        db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))
        == "profile.updated"
    )


def test_staging_refuses_a_bundle_and_bad_files(org, member):
    user, candidate = member
    with pytest.raises(ImportFileError, match="It holds 2 profiles"):
        imports.stage_import(
            org,
            user,
            candidate,
            "two.zip",
            bundle({"a.json": resume(), "b.json": resume("B C", "b@example.org")}),
        )
    with pytest.raises(ImportFileError, match=r"broken\.json"):
        imports.stage_import(
            org, user, candidate, "broken.json", (FIXTURES / "broken.json").read_bytes()
        )
    assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 0


def test_pending_imports_are_private_and_short_lived(org, member):
    user, candidate = member
    pending = imports.stage_import(org, user, candidate, "jose.json", resume())
    db.session.commit()
    stranger = make_user("autre@example.org", org, MemberRole.RECRUITER)
    other_org = make_org("autre-org", "Autre")
    assert imports.pending_for(org, stranger, pending.id) is None
    assert imports.pending_for(other_org, user, pending.id) is None
    pending.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    assert imports.pending_for(org, user, pending.id) is None
    # The next import of the same user removes the stale one.
    fresh = imports.stage_import(org, user, candidate, "jose.json", resume())
    db.session.commit()
    assert db.session.scalars(select(PendingImport.id)).all() == [fresh.id]
    imports.cancel_pending(fresh)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 0
    assert candidate.positions == []


def test_savepoints_stay_inside_the_callers_transaction(org, recruiter):
    """On pysqlite a SAVEPOINT opened first would be the transaction: RELEASE would commit."""
    batch = imports.start_batch(org, recruiter, consented=False)
    db.session.commit()  # the upload page may create the batch in an earlier request
    imports.import_upload(batch, "jose.json", resume())
    db.session.rollback()
    assert candidates(org) == []
