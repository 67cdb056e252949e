"""Reading the CSV files people really upload: any encoding, delimiter or preamble.

LinkedIn writes UTF-8 (some 2018–2022 files UTF-16 LE with a BOM and tabs);
spreadsheet programs re-save as cp1252, with ``;`` or tabs, CRLF and padded
rows (``Notes:,,``). :func:`read_table` copes with all of them and finds the
header row among the first lines, so LinkedIn's ``Notes:`` preamble is skipped.
Cell helpers (:func:`clean`, :func:`parse_date`) are shared by the LinkedIn and
``Connections.csv`` parsers.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import operator
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from app.importers.errors import ImportFileError
from app.importers.vocab import plain_words

DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 12  # LinkedIn's preamble is 3 lines; leave room for re-saves
_HEAD_CHARS = 16_384

_TOKENS = re.compile(r"\d+|[^\W\d_]+")

# Month names and abbreviations in English and French, accents removed.
_MONTH_WORDS = (
    "jan january janv janvier",
    "feb february fev fevr fevrier",
    "mar march mars",
    "apr april avr avril",
    "may mai",
    "jun june juin",
    "jul july juil juillet",
    "aug august aout",
    "sep sept september septembre",
    "oct october octobre",
    "nov november novembre",
    "dec december decembre",
)
MONTHS = {word: month for month, words in enumerate(_MONTH_WORDS, 1) for word in words.split()}
CURRENT_WORDS = frozenset({"present", "current", "now", "aujourd'hui", "aujourdhui", "actuel"})


@dataclass(slots=True)
class Table:
    """The rows of one CSV file under its recognized header.

    ``columns`` maps each header cell, as :func:`header_key` writes it, to its
    index; ``rows`` holds ``(line, cells)`` with the 1-based line where the row
    starts, blank rows left out.
    """

    name: str
    header_line: int
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def index(self, *aliases: str) -> int | None:
        """The index of the first of ``aliases`` present in the header, else None."""
        for alias in aliases:
            if alias in self.columns:
                return self.columns[alias]
        return None


def header_key(cell: str) -> str:
    """A header cell compared loosely: ``"Connected on"`` and ``"Connected_On "`` agree."""
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").lower().split())


def decode(data: bytes, *, name: str) -> str:
    """Text of ``data``: UTF-8 (BOM or not), UTF-16 (BOM or detected), else cp1252.

    Raises
    ------
    ImportFileError
        When the bytes claim or look like UTF-16 but do not decode.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", name)
    utf16 = _utf16_without_bom(data[:400])
    if utf16:
        return _decode(data, utf16, name)
    for encoding in ("utf-8", "cp1252"):  # cp1252: what spreadsheets re-save as
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _l("The text encoding of this file could not be read (damaged UTF-16 or UTF-8)."),
            file=name,
        ) from exc


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of mostly-ASCII text is zero."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd_zeros = head[1 : pairs * 2 : 2].count(0)
    even_zeros = head[0 : pairs * 2 : 2].count(0)
    if odd_zeros >= 0.6 * pairs and even_zeros < 0.1 * pairs:
        return "utf-16-le"
    if even_zeros >= 0.6 * pairs and odd_zeros < 0.1 * pairs:
        return "utf-16-be"
    return None


def read_table(
    data: bytes,
    *,
    name: str,
    known: Collection[str],
    expected: str = "",
) -> Table:
    """Decode ``data``, find its header row and return its rows.

    Parameters
    ----------
    data
        The file's bytes.
    name
        The file name shown in errors (``export.zip/Positions.csv``).
    known
        Header keys (see :func:`header_key`) this kind of file may have. The
        header is the first of the first rows where at least two cells (or every
        non-empty cell, for one-column files) are known.
    expected
        Columns to suggest when no header is found.

    Raises
    ------
    ImportFileError
        Undecodable text, no recognizable header, or malformed CSV (with its line).
    """
    text = decode(data, name=name)
    delimiter, header_index = _sniff(text, known)
    if header_index is None:
        raise ImportFileError(
            _l(
                "The header row was not recognized; expected columns such as %(columns)s.",
                columns=expected or ", ".join(sorted(known)[:6]),
            ),
            file=name,
            line=_first_text_line(text),
        )
    return _rows(text, name=name, delimiter=delimiter, header_index=header_index)


def _first_text_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip(" \t,;\x00"):
            return number
    return 1


def _header_score(cells: list[str], known: Collection[str]) -> int:
    filled = [c for c in (header_key(cell) for cell in cells) if c]
    hits = sum(1 for cell in filled if cell in known)
    return hits if hits and hits >= min(2, len(filled)) else 0


def _sniff(text: str, known: Collection[str]) -> tuple[str, int | None]:
    """The delimiter and the index of the header row among the first rows."""
    head = text[:_HEAD_CHARS]
    best: tuple[int, int, int] = (0, 0, 0)  # (score, -index, -preference)
    for preference, delimiter in enumerate(DELIMITERS):
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        try:
            for index, cells in enumerate(reader):
                if index >= HEADER_SEARCH_ROWS:
                    break
                score = _header_score(cells, known)
                if score:
                    best = max(best, (score, -index, -preference))
                    break
        except csv.Error:
            continue
    score, neg_index, neg_preference = best
    return DELIMITERS[-neg_preference], (-neg_index if score else None)


def _rows(text: str, *, name: str, delimiter: str, header_index: int) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = Table(name=name, header_line=1, columns={})
    previous_end = 0
    try:
        for index, cells in enumerate(reader):
            line = previous_end + 1
            previous_end = reader.line_num
            if index < header_index:
                continue
            if index == header_index:
                table.header_line = line
                for position, cell in enumerate(cells):
                    table.columns.setdefault(header_key(cell), position)
                continue
            joined = "".join(cells)
            if joined and not joined.isspace():
                table.rows.append((line, cells))
    except csv.Error as exc:
        raise ImportFileError(
            _l("Malformed CSV: a quote is not closed or a row is too long."),
            file=name,
            line=reader.line_num,
        ) from exc
    return table


def iter_values(table: Table, *indexes: int | None) -> Iterator[tuple[int, list[str]]]:
    """``(line, [cleaned cell at each index])`` for every row; a missing index gives ``""``.

    Written for speed (30,000-row files): padding every row with blanks makes
    short rows and absent columns (index ``-1``) read as ``""`` without a test
    per cell, and :func:`clean` runs only on rows that need more than ``strip``.
    """
    wanted = [-1 if i is None else i for i in indexes]
    padding = [""] * (max(wanted, default=0) + 2)
    pick = operator.itemgetter(*wanted) if len(wanted) > 1 else None
    for line, cells in table.rows:
        row = cells + padding
        values = [v.strip() for v in pick(row)] if pick else [row[wanted[0]].strip()]
        joined = "".join(values)
        if "&" in joined or "\x00" in joined:
            values = [clean(value) for value in values]
        yield line, values


def clean(value: str) -> str:
    """A cell's text: HTML entities decoded (``&amp;``), outer spaces and NULs removed."""
    if "&" in value:
        value = html.unescape(value)
    if "\x00" in value:
        value = value.replace("\x00", "")
    return value.strip()


def one_line(value: str) -> str:
    """Text on one line with single spaces (names, titles)."""
    return " ".join(value.split())


@functools.lru_cache(maxsize=8192)
def parse_date(value: str) -> date | None:
    """The date a cell gives, or None; a month or a year gives its first day.

    Reads ``2019``, ``Mar 2019``, ``janv. 2019``, ``2019-03``, ``2019-03-15``,
    ``02 Jan 2024``, ``9-Sep-22``, ``Jan 1, 1990``, ``16.09.2021`` and
    ``9/16/2021`` (slashes: month first unless the first number is over 12).

    >>> parse_date("janv. 2019"), parse_date("9-Sep-22"), parse_date("Present")
    (datetime.date(2019, 1, 1), datetime.date(2022, 9, 9), None)
    """
    tokens = _TOKENS.findall(value)
    if not tokens or len(tokens) > 3:
        return None
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if len(words) > 1:
        return None
    if words:
        month = MONTHS.get(plain_words(words[0]))
        if month is None:
            return None
        return _month_date(numbers, month)
    return _numeric_date(numbers, slash="/" in value)


def _month_date(numbers: list[str], month: int) -> date | None:
    if len(numbers) == 1:
        return _safe_date(_year(numbers[0]), month, 1)
    if len(numbers) == 2:
        day, year = numbers
        if len(day) == 4:  # "2024 Jan 02" is not LinkedIn's, but cheap to read
            day, year = year, day
        return _safe_date(_year(year), month, int(day))
    return None


def _numeric_date(numbers: list[str], *, slash: bool) -> date | None:
    if len(numbers) == 1:
        return _safe_date(_year(numbers[0]) if len(numbers[0]) == 4 else None, 1, 1)
    if len(numbers) == 2:
        first, second = numbers
        if len(first) == 4:
            return _safe_date(int(first), int(second), 1)
        if len(second) == 4:
            return _safe_date(int(second), int(first), 1)
        return None
    first, second, third = numbers
    if len(first) == 4:
        return _safe_date(int(first), int(second), int(third))
    day, month = int(first), int(second)
    if slash and day <= 12:  # US spreadsheets write month/day/year
        day, month = month, day
    return _safe_date(_year(third), month, day)


def _year(text: str) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        year = int(text)
        return 2000 + year if year < 70 else 1900 + year
    return None


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None or not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_current(value: str) -> bool:
    """True for an empty end date or one that says "Present" / "aujourd'hui"."""
    return not value or plain_words(value) in CURRENT_WORDS
