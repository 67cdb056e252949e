"""Form fields and word lists the profile form needs: months, languages, countries."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from babel import Locale
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget, MonthInput

from app.importers.vocab import language_code, plain_words

LOCALES = ("fr", "en")


class MonthField(DateField):
    """A month (``<input type="month">``): "2021-09"; a year alone ("2021") is accepted too.

    Browsers without a month picker show a text box, hence the plain-text forms.
    """

    widget = MonthInput()

    def __init__(self, label: object = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"placeholder": "YYYY-MM"})
        super().__init__(label, validators, format="%Y-%m", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        for pattern in ("%Y-%m", "%Y-%m-%d", "%Y", "%m/%Y"):
            try:
                self.data = datetime.strptime(text, pattern).date().replace(day=1)
            except ValueError:
                continue
            if 1900 <= self.data.year <= 2100:
                return
        self.data = None
        raise ValueError(_l("Write the month as YYYY-MM, for example 2021-09."))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%Y-%m") if isinstance(self.data, date) else ""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes, all visible (schedules)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ItemIdField(HiddenField):
    """The id of the stored item a row shows; anything else than a number is no id."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0].strip() if valuelist else ""
        self.data = int(text) if text.isdigit() and len(text) < 12 else None

    def _value(self) -> str:
        return str(self.data) if isinstance(self.data, int) else ""


# --- languages and countries ----------------------------------------------------------


@cache
def _language_names(locale: str) -> dict[str, str]:
    names = Locale.parse(locale).languages
    return {code: name[:1].upper() + name[1:] for code, name in names.items() if len(code) == 2}


@cache
def _language_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for locale in LOCALES:
        for code, name in _language_names(locale).items():
            codes.setdefault(plain_words(name), code)
    return codes


def language_name(code: str | None, locale: str) -> str:
    """The language's name in the reader's language: "fr" → "Français" / "French"."""
    if not code:
        return ""
    return _language_names(locale if locale in LOCALES else "en").get(code, code)


def language_code_for(name: str) -> str:
    """The ISO 639-1 code of a language named in French or English; else the name as typed."""
    code = language_code(name)
    if len(code) == 2 and code.isalpha():
        return code.lower()
    return _language_codes().get(plain_words(name), name.strip())


def language_suggestions(locale: str) -> list[str]:
    """Language names for the form's list, in the reader's language, alphabetically."""
    return sorted(_language_names(locale if locale in LOCALES else "en").values(), key=plain_words)


@cache
def _countries(locale: str) -> dict[str, str]:
    names = Locale.parse(locale if locale in LOCALES else "en").territories
    countries = [(code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()]
    return dict(sorted(countries, key=lambda pair: plain_words(pair[1])))


def country_choices(locale: str) -> list[SelectChoice]:
    """Every country (ISO code, name), by name in the reader's language."""
    return [SelectChoice(code, name) for code, name in _countries(locale).items()]


def country_name(code: str | None, locale: str) -> str:
    return _countries(locale).get(code, code) if code else ""
