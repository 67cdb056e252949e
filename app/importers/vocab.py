"""Words shared by every importer: LinkedIn's language levels, language names, URLs.

Everything here is pure and compares text with :func:`plain_words` (lowercase,
no accents, single spaces), so "Français", "francais" and "FRANÇAIS" agree.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from app.models.candidates import LanguageLevel

# LinkedIn's wording (English and French), without "proficiency".
FLUENCY = {
    LanguageLevel.ELEMENTARY: ("elementary", "notions", "competence elementaire"),
    LanguageLevel.LIMITED_WORKING: ("limited working", "competence professionnelle limitee"),
    LanguageLevel.PROFESSIONAL_WORKING: ("professional working", "competence professionnelle"),
    LanguageLevel.FULL_PROFESSIONAL: (
        "full professional",
        "capacite professionnelle complete",
        "competence professionnelle complete",
    ),
    LanguageLevel.NATIVE_OR_BILINGUAL: (
        "native or bilingual",
        "bilingue ou langue maternelle",
        "bilingue ou langue natale",
        "langue maternelle ou bilingue",
    ),
}
FLUENCY_OUT = {level: words[0].capitalize() for level, words in FLUENCY.items()}

LANGUAGE_NAMES = {
    "fr": ("French", "francais"),
    "en": ("English", "anglais"),
    "es": ("Spanish", "espagnol"),
    "ar": ("Arabic", "arabe"),
    "vi": ("Vietnamese", "vietnamien"),
    "ht": ("Haitian Creole", "creole haitien"),
    "zh": ("Chinese", "chinois", "mandarin"),
    "pt": ("Portuguese", "portugais"),
    "it": ("Italian", "italien"),
    "de": ("German", "allemand"),
}


def plain_words(text: str) -> str:
    """Lowercase, without accents or extra spaces, for comparing words."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


LANGUAGE_CODES = {
    plain_words(name): code for code, names in LANGUAGE_NAMES.items() for name in names
}


def fluency_level(value: str | None) -> LanguageLevel | bool | None:
    """The level a fluency names; None when absent, False when not understood.

    Accepts LinkedIn's wording in English and French, with or without
    "proficiency", and the stored values (``professional_working``).
    """
    if value is None or not value.strip():
        return None
    word = plain_words(value).replace("_", " ").removesuffix(" proficiency")
    for level, words in FLUENCY.items():
        if word in words:
            return level
    return False


def language_code(name: str) -> str:
    """The ISO 639-1 code of a language named in English or French, else the name."""
    plain = plain_words(name)
    if len(plain) == 2 and plain.isalpha():
        return plain
    return LANGUAGE_CODES.get(plain, name.strip())


def normalize_linkedin_url(url: str) -> str:
    """``https://www.linkedin.com/in/<handle>`` for any way of writing a profile URL.

    Percent-encoding is decoded, the scheme, ``www.``, country subdomains, query,
    fragment and trailing slash dropped, the handle lowercased; anything that is not
    a LinkedIn ``/in/`` profile comes back stripped but otherwise unchanged.

    >>> normalize_linkedin_url("linkedin.com/in/Jos%C3%A9-Tremblay-12/?trk=x")
    'https://www.linkedin.com/in/josé-tremblay-12'
    >>> normalize_linkedin_url("https://ca.linkedin.com/in/marie-eve/")
    'https://www.linkedin.com/in/marie-eve'
    """
    text = url.strip()
    if not text:
        return ""
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    segments = [s for s in unquote(parts.path).split("/") if s]
    is_linkedin = host == "linkedin.com" or host.endswith(".linkedin.com")
    if is_linkedin and len(segments) >= 2 and segments[0].lower() in {"in", "pub"}:
        return f"https://www.linkedin.com/in/{segments[1].lower()}"
    return text
