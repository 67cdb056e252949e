"""``flask import-profiles``, ``import-connections``, ``purge-prospects``, ``export-candidate``."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Candidate, Consent, ConsentPurpose, MemberRole, Prospect
from app.models.base import utcnow
from tests.factories import make_org, make_user

FIXTURES = Path(__file__).parents[1] / "fixtures" / "profiles"
JOSE = FIXTURES / "jose-tremblay.resume.json"
MARIE = FIXTURES / "marie-eve-gagnon-linkedin"


@pytest.fixture
def org(app):
    return make_org()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def invoke(runner, *args):
    return runner.invoke(args=[str(a) for a in args])


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"Complete_LinkedInDataExport_11-24-2026/{path.name}")
    return target


def test_import_profiles_json_shape(runner, org, tmp_path):
    export = zipped(MARIE, tmp_path / "marie.zip")
    result = invoke(runner, "import-profiles", "--org", org.slug, "--json", JOSE, export)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ids = db.session.scalars(select(Candidate.id).order_by(Candidate.id)).all()
    assert data["files"] == [
        {
            "path": "jose-tremblay.resume.json",
            "status": "created",
            "candidate_id": ids[0],
            "error": None,
            "reason": None,
        },
        {
            "path": "marie.zip",
            "status": "created",
            "candidate_id": ids[1],
            "error": None,
            "reason": None,
        },
    ]
    assert {k: data[k] for k in ("created", "updated", "merged", "skipped", "errors")} == {
        "created": 2,
        "updated": 0,
        "merged": 0,
        "skipped": 0,
        "errors": 0,
    }
    assert isinstance(data["batch_id"], int)
    assert count(Consent) == 0  # not --consented: they wait for their own consent
    # Only the profile sections were read: the archive's messages are nowhere.
    assert "SECRET-MESSAGE-CONTENT" not in json.dumps(
        [list(map(str, row)) for row in db.session.execute(select(Candidate))]
    )


def test_import_profiles_consented_and_reimport(runner, org, tmp_path):
    recruiter = make_user("recrue@example.org", org, MemberRole.RECRUITER)
    folder = shutil.copytree(MARIE, tmp_path / "marie")
    first = invoke(
        runner, "import-profiles", "--org", org.slug, "--consented", "--as", recruiter.email, folder
    )
    assert first.exit_code == 0, first.output
    assert "created  marie #" in first.output
    assert (
        "1 created, 0 updated, 0 merged, 0 skipped, 0 errors (matching consent recorded)."
        in first.output
    )
    consent = db.session.scalar(select(Consent))
    assert (consent.purpose, consent.recorded_by_id) == (ConsentPurpose.MATCHING, recruiter.id)
    (folder / "Skills.csv").write_text("Name\nGestion de bénévoles\nLeadership\n", encoding="utf-8")
    again = invoke(runner, "import-profiles", "--org", org.slug, "--json", folder)
    assert json.loads(again.output)["files"][0]["status"] == "updated"
    assert count(Candidate) == 1
    same = invoke(runner, "import-profiles", "--org", org.slug, "--json", folder)
    assert json.loads(same.output)["skipped"] == 1


def test_import_profiles_folder_of_files_keeps_going_after_a_bad_one(runner, org, tmp_path):
    shutil.copy(JOSE, tmp_path / "a-jose.json")
    shutil.copy(FIXTURES / "broken.json", tmp_path / "b-broken.json")
    result = invoke(runner, "import-profiles", "--org", org.slug, tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("created  ")
    assert lines[1].startswith("error    ") and "b-broken.json, line 2" in lines[1]
    assert count(Candidate) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "inconnu", "JOSE"], "No organization has the short name inconnu."),
        (["--org", "banque-alimentaire", "missing.json"], "does not exist"),
        (["--org", "banque-alimentaire", "BROKEN"], "No file could be imported."),
        (["--org", "banque-alimentaire", "--as", "nobody@example.org", "JOSE"], "is not a member"),
    ],
)
def test_import_profiles_refuses_bad_input(runner, org, args, message):
    paths = {"JOSE": str(JOSE), "BROKEN": str(FIXTURES / "broken.json")}
    result = invoke(runner, "import-profiles", *[paths.get(a, a) for a in args])
    assert result.exit_code != 0
    assert message in result.output
    assert count(Candidate) == 0


def test_import_connections_json_and_refusals(runner, org, tmp_path):
    result = invoke(
        runner, "import-connections", "--org", org.slug, "--json", FIXTURES / "connections.csv"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "created": 3,
        "updated": 0,
        "skipped": 0,
        "errors": ["connections.csv, line 9: No name, e-mail address or profile URL."],
    }
    human = invoke(runner, "import-connections", "--org", org.slug, FIXTURES / "connections.csv")
    assert "0 prospects created, 3 updated, 0 skipped, 1 rows unreadable." in human.output
    not_connections = tmp_path / "notes.csv"
    not_connections.write_text("Name,Phone\nA,1\n", encoding="utf-8")
    bad = invoke(runner, "import-connections", "--org", org.slug, not_connections)
    assert bad.exit_code != 0 and "notes.csv" in bad.output
    unknown = invoke(runner, "import-connections", "--org", "inconnu", FIXTURES / "connections.csv")
    assert unknown.exit_code != 0 and "inconnu" in unknown.output
    assert count(Prospect) == 3


def test_purge_prospects(runner, org):
    invoke(runner, "import-connections", "--org", org.slug, FIXTURES / "connections.csv")
    old = db.session.scalars(select(Prospect).limit(2)).all()
    for prospect in old:
        prospect.created_at = utcnow() - timedelta(days=200)
    db.session.commit()
    result = invoke(runner, "purge-prospects", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"removed": 2}
    assert "0 prospects removed." in invoke(runner, "purge-prospects", "--org", org.slug).output
    assert invoke(runner, "purge-prospects", "--org", "inconnu").exit_code != 0
    assert count(Prospect) == 1


def test_export_candidate_round_trips(runner, org, tmp_path):
    invoke(runner, "import-profiles", "--org", org.slug, JOSE, MARIE)
    marie = db.session.scalar(select(Candidate).where(Candidate.first_name == "Marie-Ève"))
    result = invoke(runner, "export-candidate", marie.id)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["basics"]["email"] == "marie-eve.gagnon@example.org"
    assert {w["name"] for w in document["work"]} == {
        "Centre d'action bénévole de Québec",
        "Maison des jeunes",
    }
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.exported"))
    assert event.target_id == marie.id
    # The download goes back in without changing anything.
    exported = tmp_path / "marie.json"
    exported.write_text(result.output, encoding="utf-8")
    again = json.loads(
        invoke(runner, "import-profiles", "--org", org.slug, "--json", exported).output
    )
    assert [f["status"] for f in again["files"]] == ["skipped"]
    assert invoke(runner, "export-candidate", 999_999).exit_code != 0


def test_import_profiles_reads_a_bundle_zip(runner, org, tmp_path):
    bundle = tmp_path / "bundle.zip"
    inner = io.BytesIO()
    zipped(MARIE, tmp_path / "inner.zip")
    inner.write((tmp_path / "inner.zip").read_bytes())
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(JOSE, "jose.json")
        archive.writestr("marie.zip", inner.getvalue())
        archive.writestr("README.txt", "not a profile")
    data = json.loads(invoke(runner, "import-profiles", "--org", org.slug, "--json", bundle).output)
    assert [(f["path"], f["status"]) for f in data["files"]] == [
        ("bundle.zip/jose.json", "created"),
        ("bundle.zip/marie.zip", "created"),
    ]
