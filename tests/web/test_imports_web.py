"""Recruiters' bulk profile import: the upload page, its script's endpoints, the summaries."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import (
    Candidate,
    Consent,
    ConsentPurpose,
    ImportBatch,
    MemberRole,
    Position,
)
from tests.factories import make_client, make_org, make_user

SLUG = "banque-alimentaire"
NEW = f"/o/{SLUG}/imports/new"
QUESTION = "Did these people consent to be matched to this organization"


@pytest.fixture
def org(app):
    return make_org()


def login(app, org, role=MemberRole.RECRUITER, *, lang="en", email="recrutement@example.org"):
    make_user(email, org, role)
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return client


def resume(name: str, email: str, **extra: object) -> bytes:
    """A small JSON Resume file."""
    basics = {"name": name, "email": email, "location": {"city": "Montréal"}}
    return json.dumps({"basics": basics, **extra}, ensure_ascii=False).encode()


def linkedin_zip(first: str, last: str, company: str) -> bytes:
    """A LinkedIn export with a profile and one position, as LinkedIn zips it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "Profile.csv",
            "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
            "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
            f'{first},{last},,,,Comptable,,Accounting,,"Montréal, Québec",,,\n',
        )
        archive.writestr(
            "Positions.csv",
            "Company Name,Title,Description,Location,Started On,Finished On\n"
            f"{company},Trésorière,,Montréal,Mar 2019,\n",
        )
    return buffer.getvalue()


def post_files(client, url: str, files: list[tuple[str, bytes]], **fields: str):
    # Encoded in memory: the test client would spool a big body to a file it never closes.
    uploads = [FileStorage(io.BytesIO(data), filename=name) for name, data in files]
    boundary, body = encode_multipart({**fields, "files": uploads})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def post_one(client, url: str, name: str, data: bytes):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def plain(html: str) -> str:
    """The text of some HTML, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def summary_rows(page) -> dict[str, str]:
    """File name → the row's text, from the summary table."""
    rows = re.findall(
        r'<tr class="status-\w+">\s*<th scope="row">(.*?)</th>(.*?)</tr>', page.text, re.S
    )
    return {name: plain(rest) for name, rest in rows}


# --- the form ---------------------------------------------------------------------------------


def test_the_form_asks_the_consent_question_with_no_answer_chosen(app, org):
    page = login(app, org).get(NEW)
    assert page.status_code == 200
    assert QUESTION in page.text
    assert 'type="file"' in page.text and "multiple" in page.text
    radios = re.findall(r'<input[^>]*name="consented"[^>]*>', page.text)
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)
    assert "<progress" in page.text and 'aria-live="polite"' in page.text
    assert "js/imports.js" in page.text


# --- without JavaScript: every file in one post -----------------------------------------------


def test_several_files_give_one_summary_row_per_file(app, org):
    client = login(app, org)
    response = post_files(
        client,
        NEW,
        [
            ("jose.json", resume("José Tremblay", "jose@example.org")),
            ("broken.json", '{"basics": {"name": "Zoë"'.encode()),
            ("marie.json", resume("Marie-Ève Gagnon", "marie@example.org")),
            ("wrong.json", b'{"basics": {"name": "Luc", "email": 42}}'),
        ],
        consented="yes",
    )
    assert response.status_code == 302
    batch = db.session.scalar(select(ImportBatch))
    assert response.location == f"/o/{SLUG}/imports/{batch.id}"

    page = client.get(response.location)
    rows = summary_rows(page)
    assert list(rows) == ["jose.json", "broken.json", "marie.json", "wrong.json"]
    assert rows["jose.json"].startswith("created")
    assert rows["marie.json"].startswith("created")
    assert rows["broken.json"].startswith("error broken.json, line 1")
    assert rows["wrong.json"].startswith("error wrong.json, basics.email")
    assert "Import finished: 2 created, 0 updated, 0 merged, 0 skipped, 2 errors." in page.text

    # The bad files left nothing; the good ones are stored, with their consent.
    names = sorted(c.full_name for c in db.session.scalars(select(Candidate)))
    assert names == ["José Tremblay", "Marie-Ève Gagnon"]
    jose = db.session.scalar(select(Candidate).where(Candidate.first_name == "José"))
    assert f'href="/o/{SLUG}/candidates/{jose.id}"' in page.text
    assert jose.active_consent(ConsentPurpose.MATCHING)
    assert batch.consented is True and batch.finished_at is not None
    assert [entry["status"] for entry in batch.summary] == ["created", "error", "created", "error"]


def test_a_second_import_of_the_same_person_updates_or_skips(app, org):
    client = login(app, org)
    post_files(
        client, NEW, [("jose.json", resume("José Tremblay", "jose@example.org"))], consented="no"
    )
    newer = resume(
        "José Tremblay", "JOSE@example.org", work=[{"name": "Centraide", "position": "Trésorier"}]
    )
    response = post_files(
        client,
        NEW,
        [("jose-2025.json", newer), ("jose-again.json", newer)],
        consented="no",
    )
    rows = summary_rows(client.get(response.location))
    assert rows["jose-2025.json"].startswith("updated")
    assert rows["jose-again.json"].startswith("skipped Nothing in the file is new.")
    jose = db.session.scalar(select(Candidate))
    assert count(Candidate) == 1
    assert [p.company for p in jose.positions] == ["Centraide"]


def test_without_consent_the_candidates_wait_for_their_own(app, org):
    client = login(app, org)
    response = post_files(
        client, NEW, [("jose.json", resume("José Tremblay", "jose@example.org"))], consented="no"
    )
    assert response.status_code == 302
    assert db.session.scalar(select(ImportBatch.consented)) is False
    assert count(Consent) == 0
    page = client.get(response.location)
    assert "No: these candidates are not ranked until they consent" in page.text


def test_a_linkedin_export_and_a_bundle_import_together(app, org):
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("alice.json", resume("Alice Bérubé", "alice@example.org"))
        archive.writestr("bob.zip", linkedin_zip("Bob", "Côté", "Moisson Montréal"))
    client = login(app, org)
    response = post_files(
        client,
        NEW,
        [
            ("Basic_LinkedInDataExport.zip", linkedin_zip("Chloé", "Nadeau", "Centraide")),
            ("bundle.zip", bundle.getvalue()),
        ],
        consented="yes",
    )
    rows = summary_rows(client.get(response.location))
    assert set(rows) == {
        "Basic_LinkedInDataExport.zip",
        "bundle.zip/alice.json",
        "bundle.zip/bob.zip",
    }
    assert all(text.startswith("created") for text in rows.values()), rows
    companies = sorted(db.session.scalars(select(Position.company)))
    assert companies == ["Centraide", "Moisson Montréal"]


@pytest.mark.parametrize(
    ("fields", "files", "expected"),
    [
        ({}, [("jose.json", b"{}")], "Answer the consent question."),
        ({"consented": "maybe"}, [("jose.json", b"{}")], "Not a valid choice"),
        ({"consented": "yes"}, [], "Choose at least one file to import."),
    ],
)
def test_an_incomplete_form_is_refused_and_nothing_starts(app, org, fields, files, expected):
    response = post_files(login(app, org), NEW, files, **fields)
    assert response.status_code == 400
    assert expected in response.text
    assert count(ImportBatch) == count(Candidate) == 0


def test_an_upload_over_the_limit_gets_the_413_page(app, org):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    client = login(app, org)
    response = post_files(client, NEW, [("big.json", b" " * 8000)], consented="yes")
    assert response.status_code == 413
    assert "File too large" in response.text
    assert count(ImportBatch) == 0


def test_an_archive_that_is_not_one_is_an_error_row_not_a_crash(app, org):
    client = login(app, org)
    response = post_files(
        client,
        NEW,
        [("export.zip", b"PK\x03\x04 not really a zip"), ("notes.txt", b"hello")],
        consented="yes",
    )
    rows = summary_rows(client.get(response.location))
    assert (
        rows["export.zip"] == "error export.zip: This file is not a ZIP archive, or it is damaged."
    )
    assert rows["notes.txt"].startswith("error notes.txt: Upload a LinkedIn data export")


# --- with JavaScript: open, one file at a time, finish ----------------------------------------


def test_the_scripts_endpoints_import_file_by_file(app, org):
    client = login(app, org)
    started = client.post(f"/o/{SLUG}/imports", data={"consented": "yes"})
    assert started.status_code == 201
    batch_id = started.json["batch_id"]
    assert started.json["files_url"] == f"/o/{SLUG}/imports/{batch_id}/files"
    assert started.json["finish_url"] == f"/o/{SLUG}/imports/{batch_id}/finish"
    assert started.json["summary_url"] == f"/o/{SLUG}/imports/{batch_id}"

    good = post_one(
        client, started.json["files_url"], "jose.json", resume("José Tremblay", "j@example.org")
    )
    assert good.status_code == 200
    [outcome] = good.json["files"]
    candidate = db.session.scalar(select(Candidate))
    assert outcome["path"] == "jose.json"
    assert outcome["status"] == "created" and outcome["label"] == "created"
    assert outcome["candidate_id"] == candidate.id
    assert outcome["candidate_url"] == f"/o/{SLUG}/candidates/{candidate.id}"

    bad = post_one(client, started.json["files_url"], "broken.json", b'{"basics": [')
    assert bad.status_code == 422
    [outcome] = bad.json["files"]
    assert outcome["status"] == "error"
    assert outcome["error"].startswith("broken.json, line 1")
    assert count(Candidate) == 1

    finished = client.post(started.json["finish_url"])
    assert finished.status_code == 200
    assert (finished.json["created"], finished.json["errors"]) == (1, 1)
    assert [f["status"] for f in finished.json["files"]] == ["created", "error"]
    assert finished.json["summary_url"] == started.json["summary_url"]
    rows = summary_rows(client.get(finished.json["summary_url"]))
    assert list(rows) == ["jose.json", "broken.json"]

    late = post_one(
        client, started.json["files_url"], "late.json", resume("Late Comer", "l@example.org")
    )
    assert late.status_code == 409
    assert late.json["errors"] == ["This import is finished: start a new one."]


def test_the_scripts_requests_carry_the_pages_csrf_token(app, org):
    client = login(app, org)
    app.config["WTF_CSRF_ENABLED"] = True  # as in production, once logged in
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(NEW).text)
    assert token, "the form carries its token for the script"
    refused = client.post(f"/o/{SLUG}/imports", data={"consented": "yes"})
    assert refused.status_code == 400
    assert count(ImportBatch) == 0
    started = client.post(
        f"/o/{SLUG}/imports", data={"consented": "yes", "csrf_token": token.group(1)}
    )
    assert started.status_code == 201
    uploads = {"csrf_token": token.group(1), "file": FileStorage(io.BytesIO(b"{}"), "a.json")}
    boundary, body = encode_multipart(uploads)
    sent = client.post(
        started.json["files_url"],
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert sent.status_code == 422  # a file with no name, refused by the importer, not by CSRF
    assert sent.json["files"][0]["error"] == "a.json: The profile gives no name."


def test_the_script_must_answer_the_consent_question_too(app, org):
    response = login(app, org).post(f"/o/{SLUG}/imports", data={})
    assert response.status_code == 400
    assert response.json["errors"] == ["Answer the consent question."]
    assert count(ImportBatch) == 0


def test_a_file_request_without_a_file_is_a_400(app, org):
    client = login(app, org)
    batch_id = client.post(f"/o/{SLUG}/imports", data={"consented": "no"}).json["batch_id"]
    response = client.post(f"/o/{SLUG}/imports/{batch_id}/files", data={})
    assert response.status_code == 400
    assert response.json["errors"] == ["Choose a file to import."]


def test_the_form_tells_the_script_its_words_and_limit(app, org):
    app.config["MAX_CONTENT_LENGTH"] = 5 * 1024 * 1024
    page = login(app, org, lang="fr").get(NEW)
    assert 'data-max-bytes="5242880"' in page.text
    words = json.loads(re.search(r"data-import-messages>(.*?)</script>", page.text, re.S).group(1))
    assert set(words) >= {"sending", "fileDone", "tooLarge", "finishing", "summary"}
    assert "%(name)s" in words["sending"]


# --- past batches, permissions, French ------------------------------------------------------------


def test_past_batches_are_listed_newest_first(app, org):
    client = login(app, org)
    post_files(client, NEW, [("a.json", resume("Ana Roy", "ana@example.org"))], consented="yes")
    post_files(client, NEW, [("b.json", b"nope"), ("c.json", b"{")], consented="no")
    page = client.get(f"/o/{SLUG}/imports")
    assert page.status_code == 200
    first, second = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
    assert page.text.index(f"/imports/{second.id}") < page.text.index(f"/imports/{first.id}")
    assert "Gabrielle Lévesque-O&#39;Hara" in page.text


@pytest.mark.parametrize("role", [MemberRole.CANDIDATE, MemberRole.BOARD_CHAIR])
def test_only_admins_and_recruiters_import(app, org, role):
    client = login(app, org, role)
    for url in (NEW, f"/o/{SLUG}/imports"):
        assert client.get(url).status_code == 403
    assert client.post(f"/o/{SLUG}/imports", data={"consented": "yes"}).status_code == 403
    assert count(ImportBatch) == 0


def test_pages_render_in_french(app, org):
    client = login(app, org, lang="fr")
    response = post_files(
        client, NEW, [("jose.json", resume("José Tremblay", "jose@example.org"))], consented="yes"
    )
    for url in (NEW, f"/o/{SLUG}/imports", response.location):
        page = client.get(url)
        assert page.status_code == 200
        assert '<html lang="fr">' in page.text
    assert "Importer des profils" in client.get(NEW).text
    assert "créé" in client.get(response.location).text
