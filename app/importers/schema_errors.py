"""JSON Schema errors as the reader should see them: a JSON path and a translatable message.

Shared by every file format Rallier validates with :mod:`jsonschema` (role files,
JSON Resume). Paths read like ``work[2].startDate``; messages are lazy strings
(``flask_babel.lazy_gettext``), translated when shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from jsonschema import ValidationError

PathParts = tuple[str | int, ...]

JSON_TYPES = {
    "string": _l("text"),
    "integer": _l("a whole number"),
    "number": _l("a number"),
    "array": _l("a list"),
    "object": _l("an object"),
    "boolean": _l("true or false"),
}

# Messages for the custom formats a validator's format checker may report.
FORMAT_MESSAGES = {
    "partial-date": _l("this date does not exist."),
}


def json_path(parts: Iterable[str | int]) -> str:
    """``("work", 2, "startDate")`` as ``work[2].startDate``.

    >>> json_path(["skills", 0, "name"])
    'skills[0].name'
    >>> json_path([])
    ''
    """
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(error: ValidationError) -> list[tuple[PathParts, object]]:
    """(path, translatable message) for one schema error; ``required`` gives one per key."""
    path: PathParts = tuple(error.absolute_path)
    rule, value = error.validator, error.validator_value
    if rule == "required":
        missing = [key for key in value if key not in error.instance]
        return [((*path, key), _l("this field is missing.")) for key in missing]
    return [(path, _message(rule, value, error))]


def _message(rule: Any, value: Any, error: ValidationError) -> object:
    if rule == "type":
        expected = JSON_TYPES.get(value, value) if isinstance(value, str) else value
        return _l("expected %(type)s.", type=expected)
    if rule == "enum":
        return _l("must be one of: %(values)s.", values=", ".join(str(v) for v in value))
    if rule == "pattern":
        return _l("expected a date such as 2025-09 or 2025-09-15.")
    if rule == "format" and value in FORMAT_MESSAGES:
        return FORMAT_MESSAGES[value]
    if rule == "maxLength":
        return _l("at most %(num)d characters.", num=value)
    if rule == "minLength":
        return _l("must not be empty.")
    if rule == "minimum":
        return _l("must be at least %(num)d.", num=value)
    if rule == "maximum":
        return _l("must be at most %(num)d.", num=value)
    if rule == "uniqueItems":
        return _l("the same value appears twice.")
    return _l("invalid value (%(reason)s).", reason=error.message)


def schema_problems(document: Any, validators: Iterable[Any]) -> list[tuple[PathParts, object]]:
    """Every problem the validators find, once each, in path order (``[2]`` before ``[10]``)."""
    seen: dict[tuple[PathParts, str], object] = {}
    for validator in validators:
        for error in validator.iter_errors(document):
            for path, message in describe(error):
                seen.setdefault((path, str(message)), message)
    ordered = sorted(seen, key=lambda key: (_sort_key(key[0]), key[1]))
    return [(path, seen[path, text]) for path, text in ordered]


def _sort_key(path: PathParts) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in path)
