"""The ranked list's filters and sort, read from the URL so that a view can be bookmarked.

Every parameter is optional: ``stage`` (repeatable), ``lang`` and ``level``, ``place``,
``remote=1``, ``hours``, ``schedule`` (repeatable), ``min_score``, ``source``,
``interest=1``, ``sort`` and ``page``. A value that is not understood is ignored and
the page says so; it never fails.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Field, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.labels import LANGUAGE_LABELS, SCHEDULE_LABELS, label
from app.models import LanguageLevel, Role, RoleKind, Source, Stage
from app.profiles.display import SOURCE_NAMES
from app.profiles.fields import language_name
from app.services.ranking import SORTS, Filters

MAX_PLACE = 120
FALSE_VALUES = ("", "0", "false", "no", "off")
MAX_PAGE = 100_000

SORT_LABELS = {
    "score": _l("Score, best first"),
    "name": _l("Name"),
    "updated": _l("Last updated first"),
}
INTEREST_LABELS = {
    RoleKind.VOLUNTEER: _l("Interested in volunteer roles"),
    RoleKind.STAFF: _l("Interested in staff roles"),
    RoleKind.BOARD: _l("Interested in board roles"),
}


class MultiCheckboxField(SelectMultipleField):
    """Several values of one parameter (``stage=new&stage=reviewing``) as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FilterForm(FlaskForm):
    """The filters as a GET form: its values are the URL's, so the form shows them."""

    class Meta:
        csrf = False  # a GET form changes nothing

    stage = MultiCheckboxField(_l("Stage"))
    lang = SelectField(_l("Speaks"), default="")
    level = SelectField(
        _l("At least"),
        choices=[
            SelectChoice("", _l("any level")),
            *(SelectChoice(lv.value, label(lv)) for lv in LanguageLevel),
        ],
        default="",
    )
    place = StringField(_l("City or region"), validators=[Optional(), Length(max=MAX_PLACE)])
    remote = BooleanField(
        _l("Open to remote work"), false_values=FALSE_VALUES, render_kw={"value": "1"}
    )
    hours = IntegerField(
        _l("Hours a week, at least"), validators=[Optional(), NumberRange(min=0, max=168)]
    )
    schedule = MultiCheckboxField(
        _l("Available"), choices=[SelectChoice(k, v) for k, v in SCHEDULE_LABELS.items()]
    )
    min_score = IntegerField(
        _l("Minimum score"), validators=[Optional(), NumberRange(min=0, max=100)]
    )
    source = SelectField(
        _l("Profile from"),
        choices=[
            SelectChoice("", _l("any source")),
            *(SelectChoice(s.value, SOURCE_NAMES[s]) for s in Source),
        ],
        default="",
    )
    interest = BooleanField(
        _l("Interested in this kind of role"), false_values=FALSE_VALUES, render_kw={"value": "1"}
    )
    sort = SelectField(
        _l("Sort by"), choices=[SelectChoice(k, v) for k, v in SORT_LABELS.items()], default="score"
    )


@dataclass
class ListView:
    """What the ranked page was asked to show, and what it could not understand."""

    filters: Filters
    sort: str
    page: int
    form: FilterForm
    notes: list[str] = field(default_factory=list)

    def key(self) -> tuple[tuple[str, object], ...]:
        """What the filter form shows, as a hashable value (the page aside)."""
        args = self.url_args(page=None)
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in args.items()))

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """The URL parameters of this view (only the understood ones), with ``changes``."""
        f = self.filters
        args: dict[str, Any] = {
            "stage": sorted(f.stages),
            "lang": f.lang,
            "level": f.level.value if f.level else None,
            "place": f.place or None,
            "remote": 1 if f.remote else None,
            "hours": f.hours,
            "schedule": sorted(f.schedule),
            "min_score": f.min_score,
            "source": f.source,
            "interest": 1 if f.interest else None,
            "sort": self.sort if self.sort != SORTS[0] else None,
            "page": self.page if self.page > 1 else None,
        }
        args.update(changes)
        return {k: v for k, v in args.items() if v not in (None, [], "")}


def read_view(
    args: MultiDict[str, str], *, role: Role, stages: list[Stage], locale: str
) -> ListView:
    """The filters, sort and page of the URL's ``args``; what is not understood is noted."""
    form = FilterForm(formdata=args)
    form.stage.choices = [SelectChoice(s.key, s.label(locale)) for s in stages]
    form.lang.choices = [SelectChoice("", _l("any language")), *_languages(role, locale)]
    form.interest.label.text = INTEREST_LABELS[role.kind]
    form.validate()
    notes = [_ignored(form[name], args) for name in form.errors]
    sort = form.sort.data = form.sort.data or SORTS[0]
    if sort == "name" and role.blind_review:
        notes.append(_("Sorting by name is off while blind review hides who the candidates are."))
        sort = form.sort.data = SORTS[0]
    filters = _filters(form, role, notes)
    return ListView(filters, sort, _page(args, notes), form, notes)


def _languages(role: Role, locale: str) -> list[SelectChoice]:
    """The role's languages first, then the common ones."""
    codes = dict.fromkeys([*(lang.language for lang in role.languages), *LANGUAGE_LABELS])
    return [SelectChoice(code, language_name(code, locale)) for code in codes]


def _ok(form: FilterForm, name: str) -> bool:
    return name not in form.errors and form[name].data not in (None, "", [], False)


def _filters(form: FilterForm, role: Role, notes: list[str]) -> Filters:
    level = LanguageLevel(form.level.data) if _ok(form, "level") else None
    lang = form.lang.data if _ok(form, "lang") else None
    if level is not None and lang is None:
        notes.append(_("A level needs a language: the level was ignored."))
        level = None
    return Filters(
        stages=frozenset(form.stage.data or ()) if _ok(form, "stage") else frozenset(),
        lang=lang,
        level=level,
        place=form.place.data.strip() if _ok(form, "place") else "",
        remote=bool(form.remote.data),
        hours=form.hours.data if _ok(form, "hours") else None,
        schedule=frozenset(form.schedule.data or ()) if _ok(form, "schedule") else frozenset(),
        min_score=form.min_score.data if "min_score" not in form.errors else None,
        source=form.source.data if _ok(form, "source") else None,
        interest=role.kind.value if form.interest.data else None,
    )


def _ignored(field_: Field, args: MultiDict[str, str]) -> str:
    """The note for a parameter not understood; the field keeps only what it understood."""
    given = args.getlist(field_.name)
    kept: list[str] = []
    if isinstance(field_, SelectMultipleField):
        known = {choice.value for choice in field_.choices}
        kept = [value for value in given if value in known]
        given = [value for value in given if value not in known]
    field_.data = kept if isinstance(field_, SelectMultipleField) else None
    field_.raw_data = kept
    field_.errors = []
    values = {"filter": field_.label.text, "value": ", ".join(given)[:60]}
    if kept:
        return _("%(filter)s: “%(value)s” was not understood and was left out.", **values)
    return _("%(filter)s: “%(value)s” was not understood, so this filter is off.", **values)


def _page(args: MultiDict[str, str], notes: list[str]) -> int:
    raw = args.get("page", "1")
    try:
        page = int(raw)
    except ValueError:
        notes.append(_("Page “%(value)s” does not exist: here is the first.", value=raw[:20]))
        return 1
    return min(max(page, 1), MAX_PAGE)


class Fragments:
    """Rendered pieces of the ranked page that depend only on their key, last used kept.

    The filter form and the bulk bar cost more to render than the ranking itself, and
    a recruiter (or a load test) asks for the same view again and again. A key must
    name everything the piece shows: the locale, the role, the stages, the values.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pieces: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        with self._lock:
            if key in self._pieces:
                self._pieces.move_to_end(key)
                return self._pieces[key]
        piece = Markup(render())  # noqa: S704 - the output of our own templates
        with self._lock:
            self._pieces[key] = piece
            if len(self._pieces) > self.size:
                self._pieces.popitem(last=False)
        return piece

    def clear(self) -> None:
        with self._lock:
            self._pieces.clear()


FRAGMENTS = Fragments()
