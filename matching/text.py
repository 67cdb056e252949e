"""Text folding, tokenizing and the small search indexes the taxonomy builds on them.

French and English are treated alike: case, accents, typographic apostrophes and
dashes, and the inclusive spellings of French job titles (``coordonnateur·rice``,
``président(e)``, ``administrateur.trice``) all fold away, so the same words
written by two people meet.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import statistics
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

__all__ = [
    "STOP_WORDS",
    "PrefixIndex",
    "WordIndex",
    "fold",
    "match_key",
    "split_gender_pair",
    "strip_filler",
    "tokenize",
]

_ENGLISH_STOP = """a an and are as at be by for from in into is of on or the their to with within
our your we you will this that these those etc"""
# Already folded: "à" is "a", "où" is "ou".
_FRENCH_STOP = """au aux avec ce ces cette chez d dans de des du en et l la le les leur leurs
n ne nos notre ou par pour qu que qui s sa se ses son sur un une vos votre"""
#: Short French and English function words that carry no meaning for matching.
#: Kept deliberately small: domain words ("gestion", "management") stay.
STOP_WORDS: frozenset[str] = frozenset(_ENGLISH_STOP.split() + _FRENCH_STOP.split())

# Words people wrap around a skill ("strong communication skills", "bonne
# maîtrise d'Excel") that name no skill themselves.
_FILLER = """skill skills experience experienced knowledge ability abilities strong excellent good
great solid proven understanding proficiency proficient familiarity familiar competence competency
competencies expertise expert advanced basic working demonstrated
competences connaissance connaissances experience habilete habiletes aptitude aptitudes capacite
maitrise bonne bon excellente solide solides forte avancee avancees"""

# Apostrophe look-alikes people paste from word processors and phones.
_APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032"
# Hyphens and dashes of every width, plus the soft hyphen and the minus sign.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_TRANSLATE = str.maketrans(
    {
        # Accented Latin letters to their base letter, once, instead of NFKD per call.
        **{
            chr(code): "".join(
                ch
                for ch in unicodedata.normalize("NFKD", chr(code))
                if not unicodedata.combining(ch)
            )
            for code in range(0xC0, 0x250)
            if unicodedata.normalize("NFKD", chr(code)) != chr(code)
        },
        **dict.fromkeys(_APOSTROPHES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        "\u00ad": None,  # soft hyphen: invisible, never meant as a break
        "\u0153": "oe",  # œ does not decompose under NFKD
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
        "\u00df": "ss",
        "\u00f8": "o",
    }
)

# Inclusive writing: a feminine ending glued to the masculine form. The masculine
# form is kept because it is the one every taxonomy lists.
_INCLUSIVE_DOT = re.compile(
    r"(?<=\w)[\u00b7\u2022\u2027\u22c5\u30fb]\w+(?:[\u00b7\u2022\u2027\u22c5]\w+)*"
)
_INCLUSIVE_PAREN = re.compile(r"(?<=[a-z])\((?:e|es|s|ne|le|te|rice|trice|euse|ere|iere|ive)\)")
# "administrateur.trice", "président.e.s": only known endings, so "node.js" survives.
_INCLUSIVE_PERIOD = re.compile(r"(?<=[a-z])\.(?:e|ne|le|te|rice|trice|euse|ere|iere|ive)(?:\.s)?\b")
_TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9+#]|\.(?=[a-z0-9]))*[+#]*")

# Feminine and plural endings mapped to the masculine singular; a longer ending
# comes before the shorter one it contains.
# Applied to both sides of a comparison, so an odd collision ("vente"/"vent")
# costs nothing in practice while "trésorière" meets "trésorier".
_ENDING_PAIRS = """trices>teur trice>teur euses>eur euse>eur ieres>ier iere>ier eures>eur eure>eur
ennes>en enne>en elles>el elle>el onnes>on onne>on antes>ant ante>ant entes>ent ente>ent
ives>if ive>if eres>er ere>er ees>e ee>e aux>al ales>al ale>al"""
_ENDINGS = tuple(tuple(pair.split(">")) for pair in _ENDING_PAIRS.split())


def fold(text: str) -> str:
    """Fold text for comparison: case, accents, apostrophes, dashes, inclusive forms, spaces.

    Parameters
    ----------
    text : str
        Any text, in French or English.

    Returns
    -------
    str
        Lower-case ASCII-ish text with single spaces. Dashes become spaces, so
        ``aide-comptable`` and ``aide comptable`` fold alike; the feminine part
        of an inclusive spelling is dropped.

    Examples
    --------
    >>> fold("  Gestion des  BÉNÉVOLES ")
    'gestion des benevoles'
    >>> fold("Coordonnateur·rice à l’accueil")
    "coordonnateur a l'accueil"
    >>> fold("Président(e) du C.A. — Œuvre")
    'president du c.a. oeuvre'
    """
    # Each step is guarded by a cheap test: folding runs on every label at build
    # time and on every keystroke, and most text is plain ASCII.
    if text.isascii():
        text = text.lower()
    else:
        text = _INCLUSIVE_DOT.sub("", text.casefold().translate(_TRANSLATE))
        if not text.isascii():
            # Letters outside the table (Vietnamese, combining marks typed apart).
            decomposed = unicodedata.normalize("NFKD", text)
            text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    if "(" in text:
        text = _INCLUSIVE_PAREN.sub("", text)
    if "." in text:
        text = _INCLUSIVE_PERIOD.sub("", text)
    return " ".join(text.replace("-", " ").split())


def tokenize(text: str) -> list[str]:
    """Split text into folded word tokens, without stop words.

    Suitable as the ``tokenizer`` of a scikit-learn ``TfidfVectorizer`` (with
    ``lowercase=False``). Elided articles (``l'``, ``d'``) fall away; tokens such
    as ``c++``, ``c#`` and ``node.js`` survive whole.

    Parameters
    ----------
    text : str
        Any text, in French or English.

    Returns
    -------
    list of str
        The tokens in reading order.

    Examples
    --------
    >>> tokenize("Gestion de l’équipe des bénévoles (C++ et Node.js)")
    ['gestion', 'equipe', 'benevoles', 'c++', 'node.js']
    """
    return [tok for tok in _TOKEN.findall(fold(text)) if tok not in STOP_WORDS]


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    if len(token) < 5 or not token.isalpha():
        return token
    for ending, replacement in _ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 2:
            return token[: -len(ending)] + replacement
    if token.endswith(("s", "x")) and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def match_key(text: str) -> str:
    """Reduce a label to the key two spellings of the same thing share.

    Tokens without stop words, feminine and plural endings brought to the
    masculine singular, joined by single spaces. Used to look labels up and as
    the strings fuzzy matching compares.

    Parameters
    ----------
    text : str
        A skill, title or cause as someone wrote it.

    Returns
    -------
    str
        The key; empty when the text holds no meaningful word.

    Examples
    --------
    >>> match_key("Gestion des bénévoles") == match_key("gestion de bénévole")
    True
    >>> match_key("Trésorière"), match_key("administratrice")
    ('tresorier', 'administrateur')
    >>> match_key("the of")
    ''
    """
    return " ".join(_stem(tok) for tok in tokenize(text))


_FILLER_KEYS = frozenset(_stem(word) for word in _FILLER.split())


def strip_filler(key: str) -> str:
    """Drop the words around a skill that name no skill ("strong", "skills", "maîtrise").

    Parameters
    ----------
    key : str
        A :func:`match_key`.

    Returns
    -------
    str
        The key without filler words, or the key itself when nothing else is left.

    Examples
    --------
    >>> strip_filler(match_key("Strong communication skills"))
    'communication'
    >>> strip_filler(match_key("Bonne maîtrise d'Excel"))
    'excel'
    >>> strip_filler(match_key("experience"))
    'experience'
    """
    kept = " ".join(word for word in key.split() if word not in _FILLER_KEYS)
    return kept or key


def split_gender_pair(label: str) -> list[str]:
    """Split a French-style ``masculine/feminine`` label into its two full forms.

    ESCO writes ``directeur financier/directrice financière`` and NOC writes
    ``Teneur/teneuse de livres`` (the words after the feminine form belong to
    both). A slash is taken as a gender pair only when the words on each side
    begin alike, so ``TCP/IP`` or ``employers/contractors`` stay whole.

    Parameters
    ----------
    label : str
        A title or skill label.

    Returns
    -------
    list of str
        The masculine and feminine forms, or ``[label]`` when it is no pair.

    Examples
    --------
    >>> split_gender_pair("Teneur/teneuse de livres")
    ['Teneur de livres', 'teneuse de livres']
    >>> split_gender_pair("directeur financier/directrice financière")
    ['directeur financier', 'directrice financière']
    >>> split_gender_pair("TCP/IP")
    ['TCP/IP']
    """
    for slash in _slash_positions(label):
        left, right = label[:slash].split(), label[slash + 1 :].split()
        if not left or len(right) < len(left):
            continue
        if all(_same_stem(a, b) for a, b in zip(left, right, strict=False)):
            masculine = " ".join(left + right[len(left) :])
            return [masculine, " ".join(right)]
    return [label]


def _slash_positions(label: str) -> list[int]:
    return [i for i, ch in enumerate(label) if ch == "/"]


def _same_stem(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    n = min(3, len(a), len(b))
    return n > 0 and a[:n] == b[:n]


class PrefixIndex:
    """Folded strings sorted for completion: prefix, then word-start, then close spelling.

    Each string carries an integer id; among matches of the same tier, lower ids
    come first, so callers give better strings lower ids.

    Parameters
    ----------
    entries : sequence of (str, int, bool)
        ``(folded_text, id, primary)``. Primary strings are searched first and
        are the only ones searched by word start and by close spelling.

    Examples
    --------
    >>> index = PrefixIndex([("gestion des benevoles", 0, True), ("gestion de projet", 1, True),
    ...                      ("benevolat", 2, False)])
    >>> index.complete("gestion de", limit=5)
    [0, 1]
    >>> index.complete("benev", limit=5)
    [2, 0]
    >>> index.complete("gestoin", limit=5)
    [0, 1]
    """

    def __init__(self, entries: Sequence[tuple[str, int, bool]]) -> None:
        primary = sorted((text, i) for text, i, main in entries if main)
        secondary = sorted((text, i) for text, i, main in entries if not main)
        words = sorted(
            (suffix, i) for text, i, main in entries if main for suffix in _later_words(text)
        )
        self._tiers = [
            ([t for t, _ in tier], [i for _, i in tier]) for tier in (primary, secondary, words)
        ]

    def complete(self, query: str, *, limit: int, fuzzy_min_length: int = 4) -> list[int]:
        """Ids of the strings that complete ``query`` (already folded), best first.

        Close spellings are tried only when the exact tiers found fewer than
        ``limit`` and the query has at least ``fuzzy_min_length`` characters:
        they share the query's first letter and their start is at least 85 %
        similar to it (``rapidfuzz.fuzz.ratio``).
        """
        out: list[int] = []
        for texts, ids in self._tiers:
            lo = bisect.bisect_left(texts, query)
            hi = bisect.bisect_left(texts, query + "\uffff", lo)
            out.extend(i for i in heapq.nsmallest(limit, ids[lo:hi]) if i not in out)
            if len(out) >= limit:
                return out[:limit]
        if len(query) >= fuzzy_min_length:
            texts, ids = self._tiers[0]
            lo = bisect.bisect_left(texts, query[0])
            hi = bisect.bisect_left(texts, query[0] + "\uffff", lo)
            n = len(query)
            scored = [
                (-score, ids[j])
                for j in range(lo, hi)
                if (score := fuzz.ratio(query, texts[j][:n], score_cutoff=85)) and ids[j] not in out
            ]
            out.extend(i for _, i in sorted(scored))
        return out[:limit]


def _later_words(text: str) -> list[str]:
    """Every tail of ``text`` that starts at its second, third… word."""
    tails = []
    pos = text.find(" ")
    while pos != -1:
        tails.append(text[pos + 1 :])
        pos = text.find(" ", pos + 1)
    return tails


class WordIndex:
    """Keys searchable by shared words, weighted by rarity and tolerant of typos.

    A query's words meet the keys' words exactly or, for words of four letters
    or more, through the three closest words of the vocabulary (``fuzz.ratio``
    of at least ``typo_cutoff``). Keys are scored by the cosine of their IDF
    weights; the best 30 are re-scored as the mean of that cosine and
    ``fuzz.token_sort_ratio``, which rewards keys as long as the query.

    Parameters
    ----------
    keys : sequence of str
        Space-separated words (:func:`match_key` output). Among equal scores,
        earlier keys come first.
    typo_cutoff : float, default 85
        How close (0–100) a vocabulary word must be to stand for a query word.

    Examples
    --------
    >>> index = WordIndex(["accounting", "financial accounting", "volunteer manage"])
    >>> [(round(score), i) for score, i in index.search("acounting")]
    [(92, 0), (58, 1)]
    >>> index.search("zzz")
    []
    """

    def __init__(self, keys: Sequence[str], *, typo_cutoff: float = 85.0) -> None:
        self._keys = keys
        self._typo_cutoff = typo_cutoff
        postings: dict[str, list[int]] = {}
        words = [set(key.split()) for key in keys]
        for i, key_words in enumerate(words):
            for word in key_words:
                postings.setdefault(word, []).append(i)
        size = len(keys)
        self._idf = {w: math.log((1 + size) / (1 + len(p))) + 1.0 for w, p in postings.items()}
        self._postings = postings
        self._vocabulary = list(postings)
        self._norms = [math.sqrt(sum(self._idf[w] ** 2 for w in kw)) or 1.0 for kw in words]
        # A query word found nowhere weighs against every match, as much as a
        # typical word: enough to sink nonsense, not so much that one stray
        # word ("(Montréal)", "H/F") sinks a good title.
        self._unknown = statistics.median(self._idf.values()) if self._idf else 1.0

    def search(self, query: str, *, limit: int = 30) -> list[tuple[float, int]]:
        """Score the keys that share a word with ``query`` (a match key).

        Returns
        -------
        list of (float, int)
            ``(score 0–100, key index)``, best first, at most ``limit``.
        """
        totals: dict[int, float] = {}
        norm = 0.0
        for word in set(query.split()):
            for weight, matches in self._meanings(word):
                norm += weight * weight
                best: dict[int, float] = {}
                for match, overlap in matches:
                    for i in self._postings[match]:
                        if overlap > best.get(i, 0.0):
                            best[i] = overlap
                for i, overlap in best.items():
                    totals[i] = totals.get(i, 0.0) + overlap
        if not totals:
            return []
        norm = math.sqrt(norm)
        top = heapq.nsmallest(
            30, ((-min(v / (norm * self._norms[i]), 1.0), i) for i, v in totals.items())
        )
        rescored = [
            (50.0 * -neg_cos + 0.5 * fuzz.token_sort_ratio(query, self._keys[i]), i)
            for neg_cos, i in top
        ]
        rescored.sort(key=lambda pair: (-pair[0], pair[1]))
        return rescored[:limit]

    def _meanings(self, word: str) -> list[tuple[float, list[tuple[str, float]]]]:
        """What a query word stands for: ``(its weight, [(vocabulary word, overlap)])``.

        The word itself and its close spellings; failing those, the two words it
        glues together; failing that, nothing, at a typical word's weight.
        """
        own = self._idf.get(word)
        matches = [] if own is None else [(word, own * own)]
        if len(word) >= 3:
            for match, score, _ in process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=self._typo_cutoff, limit=3
            ):
                if match != word:
                    weight = own or self._idf[match]
                    matches.append((match, weight * self._idf[match] * (score / 100) ** 2))
        if matches:
            return [(own or self._idf[matches[0][0]], matches)]
        parts = self._split(word)
        if parts:
            return [(self._idf[p], [(p, self._idf[p] ** 2)]) for p in parts]
        return [(self._unknown, [])]

    def _split(self, word: str) -> list[str]:
        """The words of two typed without the space between them ("foodlegislation")."""
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            parts = [p for p in (left, right) if p not in STOP_WORDS]
            if parts and all(p in self._idf for p in parts):
                return parts
        return []
