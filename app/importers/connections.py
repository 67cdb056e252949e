"""A recruiter's LinkedIn ``Connections.csv`` → :class:`ConnectionsFile`.

Every shape seen since 2018 is read: no preamble (2018), LinkedIn's 3-line
``Notes:`` preamble (2021+), with or without the ``URL`` column (mid-2023+),
and spreadsheet re-saves (``Notes:,,`` padding, CRLF, ``;`` or tab delimiters,
UTF-16, cp1252, dates such as ``9-Sep-22``, ``16.09.2021`` or ``02 Jan 2024``,
name columns deleted). Names lose appended credentials ("Dupont, CPA, MBA"),
pronouns and emoji. A row that names nobody is skipped with its line and why.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from flask_babel import lazy_gettext as _l

from app.importers.csvfile import iter_values, one_line, parse_date, read_table
from app.importers.records import ConnectionRecord, ConnectionsFile
from app.importers.vocab import normalize_linkedin_url

# Header keys LinkedIn (and people editing the file) use for each field.
FIELDS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "firstname", "given name", "prénom", "prenom"),
    "last_name": ("last name", "lastname", "surname", "family name", "nom", "nom de famille"),
    "profile_url": ("url", "profile url", "linkedin url", "public profile url"),
    "email": (
        "email address",
        "e-mail address",
        "email",
        "e-mail",
        "adresse e-mail",
        "adresse courriel",
        "courriel",
    ),
    "company": ("company", "entreprise"),
    "position": ("position", "poste"),
    "connected_on": ("connected on", "connecté le", "connecte le"),
}
KNOWN = frozenset(alias for aliases in FIELDS.values() for alias in aliases)
EXPECTED = "First Name, Last Name, URL, Email Address, Company, Position, Connected On"

NO_IDENTITY = _l("No name, e-mail address or profile URL.")

# Credentials people append to their names without a comma ("Jean Dupont CPA").
CREDENTIALS = frozenset(
    " ".join(
        (
            "CPA CA CGA CMA FCPA FCA MBA EMBA DBA PHD PhD MSc BSc MEng BEng PEng MA BA BAA BCom",
            "LLB LLM JD MD PMP CFA CFP CHRP CHRL CPHR CRHA CRIA SHRM-CP SHRM-SCP PHR SPHR ASC",
            "IASA ICDD CFRE CAE RN MSW RSW CIM CIA CISA CISSP ADMA",
        )
    ).split()
)
_BRACKETS = re.compile(r"\([^)]*\)?|\[[^\]]*\]?|\{[^}]*\}?")
_EXTRA = re.compile(r"[,|•(\[{]")
_AFTER_SEPARATOR = re.compile(r"[,|•].*", re.DOTALL)
# Letters (any script), spaces and name punctuation: nothing to strip, skip the slow path.
_ODD_CHARACTER = re.compile(r"[^\w\s'’.\-]")
_CANONICAL_URL = "https://www.linkedin.com/in/"
_PLAIN_HANDLE = re.compile(r"[A-Za-z0-9%_-]+/?")
_DROPPED = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def parse_connections(data: bytes, *, name: str) -> ConnectionsFile:
    """Read a ``Connections.csv`` export, whichever year or spreadsheet wrote it.

    Parameters
    ----------
    data
        The file's bytes, in any encoding LinkedIn or a spreadsheet writes.
    name
        The file name shown in errors.

    Returns
    -------
    ConnectionsFile
        One record per row that names someone (a name, an e-mail or a profile
        URL), in file order, each with its line; ``skipped`` lists the other
        non-blank rows as ``(line, reason)``, the reason a lazy translatable
        string. Blank rows are ignored.

    Raises
    ------
    ImportFileError
        The file is not a ``Connections.csv`` (its header is not recognized),
        cannot be decoded, or is malformed CSV; the error names the file and line.
    """
    table = read_table(data, name=name, known=KNOWN, expected=EXPECTED)
    indexes = [table.index(*aliases) for aliases in FIELDS.values()]
    result = ConnectionsFile()
    for line, values in iter_values(table, *indexes):
        first, last, url, email, company, position, connected = values
        first, last = clean_name(first), clean_name(last)
        url = _profile_url(url) if url else ""
        email = email if "@" in email and " " not in email else ""
        if not (first or last or url or email):
            result.skipped.append((line, NO_IDENTITY))
            continue
        result.records.append(
            ConnectionRecord(
                line=line,
                first_name=first,
                last_name=last,
                email=email,
                company=one_line(company),
                position=one_line(position),
                profile_url=url,
                connected_on=parse_date(connected) if connected else None,
            )
        )
    return result


def clean_name(value: str) -> str:
    """A name without appended credentials, pronouns or emoji.

    >>> clean_name("Dupont, CPA, MBA"), clean_name("Marie 🌟"), clean_name("Lee (she/her) PhD")
    ('Dupont', 'Marie', 'Lee')
    """
    if not value:
        return ""
    if _EXTRA.search(value):
        value = _BRACKETS.sub(" ", _AFTER_SEPARATOR.sub("", value))
    if not value.isascii() and _ODD_CHARACTER.search(value):
        value = "".join(c for c in value if not _is_decoration(c))
    words = value.split()
    while len(words) > 1 and words[-1].replace(".", "") in CREDENTIALS:
        words.pop()
    return " ".join(words)


def _profile_url(url: str) -> str:
    """:func:`normalize_linkedin_url`, with a shortcut for the URLs LinkedIn writes."""
    if url.startswith(_CANONICAL_URL):
        handle = url[len(_CANONICAL_URL) :]
        if _PLAIN_HANDLE.fullmatch(handle):
            handle = handle.rstrip("/")
            if "%" in handle:
                handle = unquote(handle)
            if handle and "/" not in handle:
                return _CANONICAL_URL + handle.lower()
    return normalize_linkedin_url(url)


def _is_decoration(char: str) -> bool:
    """Emoji, symbols and invisible joiners that are not part of anyone's name."""
    if char in _DROPPED:
        return True
    category = unicodedata.category(char)
    return category[0] == "S" or category in {"Cc", "Co", "Cs", "Cn"}
