"""The French catalog is complete: every string the code and templates show has a translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "app" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def source_messages() -> set[str | tuple[str, ...]]:
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def french_catalog() -> dict[str | tuple[str, ...], object]:
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    return {
        (m.id if isinstance(m.id, str) else tuple(m.id)): m for m in catalog if m.id and not m.fuzzy
    }


def test_every_message_has_a_french_translation():
    catalog = french_catalog()
    missing = sorted(
        str(msg)
        for msg in source_messages()
        if msg not in catalog or not _translated(catalog[msg].string)  # type: ignore[attr-defined]
    )
    assert missing == [], "run `make messages` and translate in " + str(CATALOG.relative_to(ROOT))


def _translated(string: str | tuple[str, ...]) -> bool:
    return bool(string) if isinstance(string, str) else all(string)


def test_translations_keep_the_placeholders():
    catalog = french_catalog()
    wrong = []
    for msgid in source_messages():
        message = catalog.get(msgid)
        if message is None:
            continue  # reported by the completeness test
        originals = [msgid] if isinstance(msgid, str) else list(msgid)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set(PLACEHOLDER.findall(originals[-1]))
        wrong += [s for s in strings if set(PLACEHOLDER.findall(s)) != expected]
    assert wrong == []


def test_pages_render_in_french(client):
    page = client.get("/login", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="fr">' in page
    assert "Se connecter" in page
    assert "Mot de passe oublié?" in page
