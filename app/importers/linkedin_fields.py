"""Reading LinkedIn cells that pack several facts: locations, websites, positions held.

``Geo Location`` ("Montréal, Quebec, Canada") → city, region, country code;
``Websites`` ("[PERSONAL:https://…,COMPANY:https://…]") → one website and the
LinkedIn profile URL if listed; an ``Organizations.csv`` position ("Trésorière",
"Finance Committee member") → board service with its role and committee.
"""

from __future__ import annotations

import functools
import re

from app.importers.records import BoardServiceRecord
from app.importers.vocab import plain_words

# The countries Rallier's users mostly live in, checked before Babel's full list.
_COUNTRIES = {
    "canada": "CA",
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "etats-unis": "US",
    "france": "FR",
    "belgium": "BE",
    "belgique": "BE",
    "switzerland": "CH",
    "suisse": "CH",
    "united kingdom": "GB",
    "uk": "GB",
    "royaume-uni": "GB",
    "haiti": "HT",
    "maroc": "MA",
    "morocco": "MA",
}
_CANADIAN_REGIONS = frozenset(
    plain_words(name)
    for name in (
        "Québec",
        "Ontario",
        "British Columbia",
        "Colombie-Britannique",
        "Alberta",
        "Manitoba",
        "Saskatchewan",
        "Nova Scotia",
        "Nouvelle-Écosse",
        "New Brunswick",
        "Nouveau-Brunswick",
        "Prince Edward Island",
        "Île-du-Prince-Édouard",
        "Newfoundland and Labrador",
        "Terre-Neuve-et-Labrador",
        "Yukon",
        "Northwest Territories",
        "Territoires du Nord-Ouest",
        "Nunavut",
        "QC",
        "ON",
        "BC",
        "AB",
        "MB",
        "SK",
        "NS",
        "NB",
        "PE",
        "NL",
        "YT",
        "NT",
        "NU",
    )
)
_AREA = re.compile(
    r"^(?:greater\s+|région\s+métropolitaine\s+de\s+|région\s+de\s+)|"
    r"\s+(?:metropolitan\s+area|metro\s+area|area|region)$",
    re.IGNORECASE,
)


@functools.cache
def _babel_countries() -> dict[str, str]:
    """Every country name Babel knows in English and French → ISO code (loaded once)."""
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "fr"):
        for code, label in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(plain_words(label), code)
    return names


def country_code(name: str, *, codes: bool = False) -> str:
    """ISO 3166 alpha-2 code of a country named in English or French, else ``""``.

    Two-letter codes are read only with ``codes=True`` (2018's ``Country``
    column): in a location "CA" is as likely California as Canada.
    """
    plain = plain_words(name)
    if not plain:
        return ""
    if codes and len(plain) == 2 and plain.isalpha() and plain != "uk":
        return plain.upper()
    return _COUNTRIES.get(plain) or _babel_countries().get(plain, "")


def parse_geo(geo: str, country: str = "") -> tuple[str, str, str]:
    """``(city, region, country code)`` from ``Geo Location`` (and 2018's ``Country``).

    >>> parse_geo("Montréal, Quebec, Canada")
    ('Montréal', 'Quebec', 'CA')
    >>> parse_geo("Greater Montreal Metropolitan Area")
    ('Montreal', '', '')
    """
    parts = [" ".join(part.split()) for part in geo.split(",")]
    parts = [part for part in parts if part]
    code = country_code(country, codes=True) if country else ""
    if parts and (found := country_code(parts[-1])):
        code = code or found
        parts.pop()
    city = region = ""
    if len(parts) >= 2:
        city, region = parts[0], ", ".join(parts[1:])
    elif parts and _is_region(parts[0]):
        region = parts[0]
    elif parts:
        city = parts[0]
    if not code and region and _is_region(region):
        code = "CA"
    return _AREA.sub("", city).strip(), region, code


def _is_region(name: str) -> bool:
    return plain_words(name) in _CANADIAN_REGIONS


_LABEL = re.compile(r"^[A-Za-z_ ]+:(?!//)")


def pick_websites(cell: str) -> tuple[str, str]:
    """``(website, linkedin url)`` from a ``Websites`` cell; PERSONAL sites come first.

    >>> pick_websites("[COMPANY:https://acme.org,PERSONAL:https://ana.dev]")
    ('https://ana.dev', '')
    """
    website = fallback = linkedin = ""
    for raw in cell.replace("[", ",").replace("]", ",").split(","):
        entry = raw.strip()
        label = _LABEL.match(entry)
        url = entry[label.end() :].strip() if label else entry
        if not url or " " in url:
            continue
        if "linkedin.com/" in url.lower():
            linkedin = linkedin or url
        elif label and label.group().upper().startswith("PERSONAL"):
            website = website or url
        else:
            fallback = fallback or url
    return website or fallback, linkedin


# Roles, most specific first ("secrétaire-trésorière" is a treasurer).
_ROLES = (
    ("vice_chair", re.compile(r"\bvice[- ]?(?:chair\w*|president\w*|presidente?)\b")),
    ("treasurer", re.compile(r"\b(?:treasurer|tresorier|tresoriere)\b")),
    ("secretary", re.compile(r"\b(?:secretary|secretaire)\b")),
    ("chair", re.compile(r"\b(?:chair|chairman|chairwoman|chairperson|president|presidente)\b")),
)
_BOARD = re.compile(
    r"\b(?:board|trustee|governor|conseil\b|administrat(?:eur|rice)|committee|comite)"
    r"|\b(?:du|au) c\.?a\b"
)
_COMMITTEE_FR = re.compile(r"\b(comit[ée]\s+[^,;()/]+)", re.IGNORECASE)
_COMMITTEE_EN = re.compile(
    r"((?:[\w&'’-]+\s+){1,4})committee\b|\bcommittee\s+(?:on|for)\s+([^,;()/]+)",
    re.IGNORECASE,
)
_NOT_A_COMMITTEE_NAME = frozenset(
    " ".join(
        (
            "member members of the on a an and chair chairman chairwoman chairperson co-chair",
            "vice vice-chair secretary treasurer board president",
        )
    ).split()
)


def board_service(organization: str, position: str) -> BoardServiceRecord | None:
    """Board service when an organization position is a board, committee or officer seat.

    >>> board_service("Banque alimentaire", "Trésorière du conseil d'administration").role
    'treasurer'
    >>> board_service("Ordre des CPA", "Member") is None
    True
    """
    plain = plain_words(position)
    if not plain:
        return None
    role = next((name for name, pattern in _ROLES if pattern.search(plain)), "")
    if not role and not _BOARD.search(plain):
        return None
    return BoardServiceRecord(
        organization_name=organization,
        role=role or "member",
        committee=_committee(position),
    )


def _committee(position: str) -> str:
    """The committee a position names ("Finance Committee", "comité de vérification")."""
    french = _COMMITTEE_FR.search(position)
    if french:
        return french.group(1).strip()
    english = _COMMITTEE_EN.search(position)
    if not english:
        return ""
    if english.group(2):
        return f"Committee on {english.group(2).strip()}"
    words = english.group(1).split()
    while words and words[0].lower() in _NOT_A_COMMITTEE_NAME:
        words.pop(0)
    return f"{' '.join(words)} Committee" if words else ""
