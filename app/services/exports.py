"""A role's shortlist as a spreadsheet (CSV) and as a ZIP of JSON Resume files.

CSV: UTF-8 with a byte-order mark, so Excel opens accents correctly; commas and
CRLF line ends (RFC 4180). Every cell whose first character is ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a single quote in front of it
(:func:`neutralize`), so a spreadsheet shows the text instead of running it as a
formula (OWASP, "CSV injection"). Names, e-mails, phones and cities appear only
for people whose identity blind review no longer hides; the others are
"Candidate #12" with empty contact cells.

ZIP: one JSON Resume file per shortlisted person whose identity is visible,
named ``01-eloise-daragon-lefebvre.json`` (position, then the name folded to
ASCII). A résumé reveals who someone is, so people still hidden by blind review
are left out; ``README.txt`` in the archive lists them by number and says why.

Both exports are audited (``shortlist.exported``, with the format and counts only).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.importers.jsonresume import to_json_resume
from app.importers.vocab import plain_words
from app.models import Candidate, Organization, Role, User
from app.services import audit
from app.services.evidence import describe_unmet
from app.services.profile_sections import SECTIONS
from app.services.profiles import candidate_to_record
from app.services.shortlists import ShortlistEntry, shortlist

BOM = "\ufeff"
#: A cell starting with one of these is a formula (or hides one) in Excel, LibreOffice, Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> str:
    """The cell's text, made inert for spreadsheets.

    Examples
    --------
    >>> [neutralize(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "\\t=1", "Éloïse", 42)]
    ["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\\t=1", 'Éloïse', '42']
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows as formula-safe CSV text in UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def csv_rows(entries: Sequence[ShortlistEntry], locale: str) -> list[list[object]]:
    """The header and one row per person, in shortlist order."""
    header = [
        _("Order"),
        _("Name"),
        _("E-mail"),
        _("Phone"),
        _("City"),
        _("Score"),
        _("Coverage (%)"),
        _("Stage"),
        _("Rating"),
        _("Matched skills"),
        _("Missing required items"),
    ]
    rows: list[list[object]] = [header]
    for entry in entries:
        person = entry.candidate
        visible = not entry.hidden
        match = entry.match
        rows.append(
            [
                entry.position,
                entry.display_name,
                person.email if visible else "",
                person.phone if visible else "",
                person.city if visible else "",
                _percent(match.score) if match else "",
                _percent(match.coverage * 100) if match else "",
                entry.stage.label(locale) if entry.stage else entry.application.stage,
                entry.application.rating or "",
                "; ".join(entry.matched_skills),
                "; ".join(describe_unmet(item) for item in entry.missing_required),
            ]
        )
    return rows


@dataclass(frozen=True)
class Export:
    """A file to download: its name, media type and bytes."""

    filename: str
    mimetype: str
    data: bytes


def slug(text: str, fallback: str) -> str:
    """Lower-case ASCII words joined by hyphens, for file names.

    Examples
    --------
    >>> slug("Éloïse D'Aragon-Lefebvre", "x"), slug("李小龍", "candidate-7")
    ('eloise-d-aragon-lefebvre', 'candidate-7')
    """
    folded = plain_words(text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or fallback


def _audit(
    role: Role, actor: User, kind: str, entries: Sequence[ShortlistEntry], **counts: int
) -> None:
    audit.record(
        "shortlist.exported",
        organization_id=role.organization_id,
        actor_id=actor.id,
        target_type="role",
        target_id=role.id,
        format=kind,
        count=len(entries),
        **counts,
    )


def export_csv(org: Organization, role: Role, *, actor: User, locale: str) -> Export:
    """The shortlist as formula-safe CSV (audited); flushes nothing else."""
    entries = shortlist(org, role)
    data = csv_bytes(csv_rows(entries, locale))
    _audit(role, actor, "csv", entries, hidden=sum(1 for e in entries if e.hidden))
    return Export(f"shortlist-{role.id}-{slug(role.title, 'role')}.csv", "text/csv", data)


def _readme(role: Role, included: list[str], hidden: list[ShortlistEntry]) -> str:
    lines = [
        _("Shortlist for the role: %(title)s", title=role.title),
        "",
        _("One JSON Resume file per person (https://jsonresume.org), in shortlist order."),
    ]
    lines += [f"  {name}" for name in included]
    if hidden:
        lines += [
            "",
            _(
                "Blind review is on for this role: these people are not included, because "
                "a résumé shows who they are. Their identity is revealed when they are "
                "shortlisted in Rallier."
            ),
        ]
        lines += [f"  {e.position}. {e.display_name}" for e in hidden]
    return "\r\n".join(lines) + "\r\n"


def _load_profiles(candidate_ids: list[int]) -> None:
    """Every profile section of these candidates in one query per section, not per person."""
    if candidate_ids:
        sections = (selectinload(getattr(Candidate, section.name)) for section in SECTIONS)
        db.session.scalars(
            select(Candidate).where(Candidate.id.in_(candidate_ids)).options(*sections)
        ).all()


def export_zip(org: Organization, role: Role, *, actor: User) -> Export:
    """The shortlist as a ZIP of JSON Resume files plus README.txt (audited)."""
    entries = shortlist(org, role, scores=False)
    shown = [e for e in entries if not e.hidden]
    _load_profiles([e.candidate.id for e in shown])
    hidden = [e for e in entries if e.hidden]
    buffer = io.BytesIO()
    names: list[str] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in shown:
            fallback = f"candidate-{entry.candidate.id}"
            name = f"{entry.position:02d}-{slug(entry.candidate.full_name, fallback)}.json"
            document = to_json_resume(candidate_to_record(entry.candidate))
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            archive.writestr(name, text.encode("utf-8"))
            names.append(name)
        archive.writestr("README.txt", _readme(role, names, hidden).encode("utf-8"))
    _audit(role, actor, "zip", entries, files=len(names), hidden=len(hidden))
    filename = f"shortlist-{role.id}-{slug(role.title, 'role')}.zip"
    return Export(filename, "application/zip", buffer.getvalue())
