"""The bilingual skill, job-title and cause taxonomy: normalize free text, suggest, relate.

Concepts come from ESCO v1.1.1 (skills and occupations, English and French), with
Canadian NOC and O*NET job titles attached as extra aliases, plus a hand-written
supplement of Québec nonprofit vocabulary and cause areas (``data/supplement.csv``).
``tools/build_taxonomy.py`` writes the packaged file; ``load_default()`` reads it
once per process.

Concept ids: ``esco:<uuid>`` (ESCO skills and skill groups), ``isced:<code>``
(ISCED-F skill groups), ``occ:<uuid>`` (ESCO occupations), ``isco:<code>``
(ISCO-08 groups), ``rallier:<slug>`` (supplement concepts), ``cause:<slug>``.

Normalizing is a lookup first: the text's :func:`~matching.text.match_key`
(folded, without articles, feminine and plural endings brought to the masculine
singular) against every label's key, with confidence 1.0 ("exact" for a
preferred label, else "alias"); then the same without filler words ("strong
… skills", "maîtrise de …"), 0.95. NOC and O*NET titles, which the build
attached by heuristics, give at most 0.9. When nothing matches, fuzzy matching
(:class:`~matching.text.WordIndex`) proposes labels whose score reaches a
threshold calibrated on the validation split of the skill-extraction benchmark;
below it the result is empty and the caller keeps the raw text.

Ties are broken in a fixed order: higher confidence, then the better kind of
label (supplement, preferred, alternative, hidden, attached), then the shorter
label, then the label text, then the concept id.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import threading
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, NamedTuple

from rapidfuzz import fuzz, process

from matching.text import (
    PrefixIndex,
    WordIndex,
    fold,
    match_key,
    split_gender_pair,
    strip_filler,
)
from matching.types import ConceptMatch, Suggestion

__all__ = ["Concept", "Kind", "Label", "Taxonomy", "fuzzy_confidence", "load_default"]

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Label ranks, best first: they break ties and decide what is suggested first.
SUPPLEMENT, PREFERRED, ALTERNATIVE, HIDDEN, ATTACHED = 0, 1, 2, 3, 4

# Fuzzy matching (see matching.text.WordIndex for the score, 0-100): the
# threshold and the logistic map from score to confidence were fitted on the
# skill-extraction VALIDATION split by `python -m benchmarks.quality --calibrate`
# (never on the test split): the threshold maximizes F1 over the validation
# spans, a concept given to a span labelled "no ESCO skill" counting as wrong;
# among thresholds within 0.005 of the best F1, the highest. Titles use the same
# values: the reference data has no title validation split.
FUZZY_THRESHOLD = 74.0
_LOGIT_SLOPE = 0.071
_LOGIT_MIDPOINT = 87.2
# A fuzzy match never looks as sure as a lookup.
_FUZZY_CEILING = 0.9
# No labelled cause data exists: a strict ratio, meant for typos only.
_CAUSE_CUTOFF = 88.0

Kind = Literal["skill", "title"]


class Concept(NamedTuple):
    """A concept: its id, kind and preferred labels.

    Examples
    --------
    >>> Concept("rallier:board-chair", "title", "board chair").label_fr
    ''
    """

    id: str
    #: ``skill``, ``title``, ``cause``, ``skill_group`` or ``occupation_group``.
    kind: str
    label_en: str = ""
    label_fr: str = ""


class Label(NamedTuple):
    """One way of writing a concept, in one language; ``rank`` is one of the label ranks.

    Examples
    --------
    >>> Label("esco:acc", "fr", "tenue de livres").rank == ALTERNATIVE
    True
    """

    concept_id: str
    lang: str
    text: str
    rank: int = ALTERNATIVE


class Taxonomy:
    """Concepts, their labels in French and English, and their broader links.

    Implements :class:`matching.types.TaxonomyLike`.

    Parameters
    ----------
    concepts : iterable of Concept
        Every concept, including groups that only serve the hierarchy.
    labels : iterable of Label
        Labels of those concepts; labels of unknown concepts are ignored.
    broader : iterable of (str, str)
        ``(child_id, parent_id)`` pairs.

    Examples
    --------
    >>> tax = Taxonomy(
    ...     [Concept("esco:acc", "skill", "accounting", "comptabilité"),
    ...      Concept("esco:fin", "skill", "finance", "finance")],
    ...     [Label("esco:acc", "en", "accounting", PREFERRED),
    ...      Label("esco:acc", "fr", "comptabilité", PREFERRED),
    ...      Label("esco:acc", "en", "bookkeeping"),
    ...      Label("esco:fin", "en", "finance", PREFERRED)],
    ...     [("esco:acc", "esco:fin")],
    ... )
    >>> [m.concept_id for m in tax.normalize_skill("Comptabilité")]
    ['esco:acc']
    >>> tax.normalize_skill("bookkeeping")[0].method, tax.label("esco:acc", "fr")
    ('alias', 'comptabilité')
    >>> tax.related("esco:fin")
    ('esco:acc',)
    """

    def __init__(
        self,
        concepts: Iterable[Concept],
        labels: Iterable[Label],
        broader: Iterable[tuple[str, str]] = (),
    ) -> None:
        concept_list = sorted(concepts)
        index = {c.id: i for i, c in enumerate(concept_list)}
        ordered = sorted(
            (lab for lab in labels if lab.concept_id in index),
            key=lambda lab: (lab.rank, len(lab.text), lab.text, index[lab.concept_id]),
        )
        self._setup(concept_list, _Columns(**_columns(ordered, index)), broader)

    @classmethod
    def load(cls, path: Path | None = None, *, supplement: Path | None = None) -> Taxonomy:
        """Read a taxonomy written by ``tools/build_taxonomy.py`` and overlay a supplement.

        Parameters
        ----------
        path : Path, optional
            The gzip'd JSON file; defaults to the packaged ``taxonomy.json.gz``.
        supplement : Path, optional
            A CSV with columns ``concept_id, kind, lang, label, preferred,
            broader``; defaults to the packaged ``supplement.csv``.

        Returns
        -------
        Taxonomy
        """
        with gzip.open(path or DATA_DIR / "taxonomy.json.gz", "rb") as handle:
            data = json.loads(handle.read())
        concepts = [Concept(*row) for row in data["concepts"]]
        broader = [(concepts[c].id, concepts[p].id) for c, p in data["broader"]]
        extra = _read_supplement(supplement or DATA_DIR / "supplement.csv", concepts, broader)
        # The file is already in tie-breaking order and supplement labels rank
        # first, so they are put in front: no sort of the whole file is needed.
        extra.sort(key=lambda lab: (len(lab.text), lab.text, lab.concept_id))
        index = {c.id: i for i, c in enumerate(concepts)}
        columns = _columns(extra, index)
        for name, values in data["labels"].items():
            columns[name] += values
        taxonomy = cls.__new__(cls)
        taxonomy._setup(concepts, _Columns(**columns), broader)
        return taxonomy

    def _setup(
        self, concepts: list[Concept], labels: _Columns, broader: Iterable[tuple[str, str]]
    ) -> None:
        self._concepts = concepts
        self._index = {c.id: i for i, c in enumerate(concepts)}
        self._labels = labels
        self._broader: dict[str, list[str]] = defaultdict(list)
        self._narrower: dict[str, list[str]] = defaultdict(list)
        for child, parent in sorted(set(broader)):
            if child in self._index and parent in self._index and child != parent:
                self._broader[child].append(parent)
                self._narrower[parent].append(child)
        kind_of = [c.kind for c in concepts]
        by_key: dict[str, dict[str, list[int]]] = {"skill": {}, "title": {}, "cause": {}}
        # The hottest loop of loading (~180k labels): kept to plain dict operations.
        for label_id, (concept, key) in enumerate(zip(labels.concept, labels.key, strict=True)):
            keys = by_key.get(kind_of[concept])
            if keys is not None and key:
                found = keys.get(key)
                if found is None:
                    keys[key] = [label_id]
                else:
                    found.append(label_id)
        self._by_key = by_key
        # Keys keep the labels' order: WordIndex and rapidfuzz break ties by index.
        self._choices = {kind: list(keys) for kind, keys in self._by_key.items()}
        self._suggesters: dict[tuple[str, str], tuple[PrefixIndex, list[int]]] = {}
        self._searchers: dict[str, WordIndex] = {}
        # One lock for every lazily built index: building them twice would only waste time.
        self._lazy_lock = threading.Lock()

    # -- normalization --------------------------------------------------------------

    def normalize_skill(
        self, text: str, *, limit: int = 1, score_cutoff: float | None = None
    ) -> list[ConceptMatch]:
        """Recognize a skill written in French or English.

        Parameters
        ----------
        text : str
            The skill as someone wrote it (``"Comptabilité"``, ``"fund raising"``).
        limit : int, default 1
            Maximum number of concepts returned.
        score_cutoff : float, optional
            Lowest fuzzy score (0–100) accepted; defaults to the calibrated
            ``FUZZY_THRESHOLD``. 0 returns the best candidates however weak.

        Returns
        -------
        list of ConceptMatch
            Best first; empty when nothing is close enough.

        Examples
        --------
        >>> tax = load_default()
        >>> [(m.label, m.confidence, m.method) for m in tax.normalize_skill("Tenue de livres")]
        [('comptabilité', 1.0, 'alias')]
        >>> tax.normalize_skill("acounting")[0].label, tax.normalize_skill("qwerty uiop")
        ('accounting', [])
        """
        return self._normalize(text, "skill", limit, score_cutoff)

    def normalize_title(
        self, text: str, *, limit: int = 1, score_cutoff: float | None = None
    ) -> list[ConceptMatch]:
        """Recognize a job or board title as an occupation.

        Masculine, feminine and inclusive French forms (``trésorier``,
        ``trésorière``, ``trésorier·ère``) and ``masculin/féminin`` pairs meet.

        Parameters
        ----------
        text : str
            The title as written (``"Trésorière"``, ``"Chief Financial Officer"``).
        limit : int, default 1
            Maximum number of concepts returned.
        score_cutoff : float, optional
            As for :meth:`normalize_skill`.

        Returns
        -------
        list of ConceptMatch
            Best first; empty when nothing is close enough.

        Examples
        --------
        >>> tax = load_default()
        >>> [tax.normalize_title(t)[0].concept_id for t in ("Trésorière", "treasurer")]
        ['rallier:board-treasurer', 'rallier:board-treasurer']
        >>> tax.normalize_title("Chief Financial Officer")[0].label
        'financial manager'
        """
        return self._normalize(text, "title", limit, score_cutoff)

    def normalize_cause(self, text: str) -> str | None:
        """Recognize a cause area in free text and return its ``cause:<slug>`` id.

        The whole text is looked up first; then the earliest cause named inside
        it (the longest name when several start at the same word); then a close
        spelling of a whole cause name.

        Parameters
        ----------
        text : str
            A cause as written (``"sécurité alimentaire"``, ``"Mental Health"``).

        Returns
        -------
        str or None
            The cause id, or None when no cause is recognized.

        Examples
        --------
        >>> tax = load_default()
        >>> tax.normalize_cause("Sécurité alimentaire"), tax.normalize_cause("hunger")
        ('cause:food-security', 'cause:food-security')
        >>> tax.normalize_cause("Nous aidons les personnes aînées isolées")
        'cause:seniors'
        >>> tax.normalize_cause("mardi soir") is None
        True
        """
        key = match_key(text)
        causes = self._by_key["cause"]
        if not key:
            return None
        words = key.split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                rows = causes.get(" ".join(words[start:end]))
                if rows:
                    return self._concept_of(rows[0])
        found = process.extractOne(
            key, self._choices["cause"], scorer=fuzz.ratio, score_cutoff=_CAUSE_CUTOFF
        )
        return self._concept_of(causes[found[0]][0]) if found else None

    def search(
        self, text: str, *, kind: Kind = "skill", limit: int = 10
    ) -> list[tuple[float, str]]:
        """The fuzzy stage alone, without lookup or threshold: for calibration and diagnosis.

        Returns
        -------
        list of (float, str)
            ``(score 0–100, concept id)``, best first, one entry per concept.

        Examples
        --------
        >>> score, concept = load_default().search("volunter managment")[0]
        >>> score >= FUZZY_THRESHOLD, load_default().label(concept)
        (True, 'manage volunteers')
        """
        by_key, choices = self._by_key[kind], self._choices[kind]
        out: dict[str, float] = {}
        for score, choice in self._searcher(kind).search(strip_filler(match_key(text))):
            for label_id in by_key[choices[choice]]:
                out.setdefault(self._concept_of(label_id), score)
        return [(score, cid) for cid, score in out.items()][:limit]

    # -- hierarchy and labels -------------------------------------------------------

    def broader(self, concept_id: str) -> tuple[str, ...]:
        """The concepts directly above this one, sorted by id."""
        return tuple(self._broader.get(concept_id, ()))

    def narrower(self, concept_id: str) -> tuple[str, ...]:
        """The concepts directly below this one, sorted by id."""
        return tuple(self._narrower.get(concept_id, ()))

    def related(self, concept_id: str) -> tuple[str, ...]:
        """Direct broader, then direct narrower concepts: the candidates for partial credit.

        Groups (``isced:``, ``isco:``, ESCO skill groups) are included; they are
        never the result of a normalization, so they only serve to link concepts.

        Examples
        --------
        >>> tax = load_default()
        >>> tax.related("rallier:board-treasurer")
        ('rallier:board-member',)
        >>> "rallier:board-chair" in tax.related("rallier:board-member")
        True
        """
        return self.broader(concept_id) + self.narrower(concept_id)

    def label(self, concept_id: str, lang: str = "en") -> str:
        """The preferred label in ``lang``, else in the other language, else the id itself.

        Examples
        --------
        >>> tax = load_default()
        >>> tax.label("rallier:board-chair", "fr"), tax.label("rallier:board-chair")
        ('président ou présidente du conseil', 'board chair')
        """
        i = self._index.get(concept_id)
        if i is None:
            return concept_id
        concept = self._concepts[i]
        first, second = (
            (concept.label_fr, concept.label_en)
            if lang == "fr"
            else (concept.label_en, concept.label_fr)
        )
        return first or second or concept_id

    def concepts(self, kind: str | None = None) -> list[Concept]:
        """Every concept, or those of one kind, in id order.

        A loaded taxonomy lists the supplement's own concepts (``rallier:``,
        ``cause:``) last.
        """
        return [c for c in self._concepts if kind is None or c.kind == kind]

    def kind(self, concept_id: str) -> str | None:
        """The concept's kind (``skill``, ``title``, ``cause``…), or None when unknown."""
        i = self._index.get(concept_id)
        return None if i is None else self._concepts[i].kind

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._index

    def __len__(self) -> int:
        return len(self._concepts)

    # -- suggestions ----------------------------------------------------------------

    def suggest(
        self, prefix: str, *, lang: str = "fr", limit: int = 10, kind: Kind = "skill"
    ) -> list[Suggestion]:
        """Complete a skill or a title while the user types, in the user's language.

        Labels that start with the typed text come first (supplement and
        preferred labels, then alternatives; shorter first), then labels with a
        later word starting with it, then close spellings. One suggestion per
        concept, showing the label that matched. The first call for a kind and
        language builds its index (a fraction of a second).

        Parameters
        ----------
        prefix : str
            What the user has typed so far; accents and case do not matter.
        lang : {"fr", "en"}
            The user's language.
        limit : int, default 10
            Maximum number of suggestions.
        kind : {"skill", "title"}
            What is being typed.

        Returns
        -------
        list of Suggestion

        Examples
        --------
        >>> tax = load_default()
        >>> [s.label for s in tax.suggest("gestion de béné", lang="fr", limit=2)]
        ['gestion de bénévoles']
        >>> [s.label for s in tax.suggest("bookk", lang="en", limit=2)]
        ['bookkeeping regulations', 'bookkeeping']
        """
        query = fold(prefix)
        if not query or kind not in ("skill", "title"):
            return []
        found: dict[str, str] = {}
        # Several labels may belong to one concept: ask for more than `limit`.
        index, label_ids = self._suggester(kind, lang)
        for position in index.complete(query, limit=3 * limit):
            label_id = label_ids[position]
            found.setdefault(self._concept_of(label_id), self._labels.text[label_id])
            if len(found) == limit:
                break
        return [Suggestion(cid, text) for cid, text in found.items()]

    def prepare(self) -> None:
        """Build the suggestion and fuzzy-search indexes now rather than on first use.

        Each is otherwise built by the first call that needs it (up to about a
        second). A web process may call this once at start-up, in the background.
        """
        for kind in ("skill", "title"):
            self._searcher(kind)
            for lang in ("fr", "en"):
                self._suggester(kind, lang)

    def _searcher(self, kind: str) -> WordIndex:
        with self._lazy_lock:
            index = self._searchers.get(kind)
            if index is None:
                index = self._searchers[kind] = WordIndex(self._choices[kind])
            return index

    def _suggester(self, kind: str, lang: str) -> tuple[PrefixIndex, list[int]]:
        with self._lazy_lock:
            built = self._suggesters.get((kind, lang))
            if built is None:
                built = self._suggesters[kind, lang] = self._build_suggester(kind, lang)
            return built

    def _build_suggester(self, kind: str, lang: str) -> tuple[PrefixIndex, list[int]]:
        labels, letter, hidden, main = self._labels, lang[0], str(HIDDEN), str(PREFERRED)
        wanted = {i for i, c in enumerate(self._concepts) if c.kind == kind}
        ids = [
            i
            for i, (concept, label_lang, rank) in enumerate(
                zip(labels.concept, labels.lang, labels.rank, strict=True)
            )
            if label_lang == letter and rank != hidden and concept in wanted
        ]
        # Display order: main labels (supplement, preferred) first, then shorter,
        # then better rank. PrefixIndex orders by id, so positions become the ids.
        ids.sort(key=lambda i: (labels.rank[i] > main, len(labels.text[i]), labels.rank[i]))
        entries = [(fold(labels.text[i]), pos, labels.rank[i] <= main) for pos, i in enumerate(ids)]
        return PrefixIndex(entries), ids

    # -- internals ------------------------------------------------------------------

    def _concept_of(self, label_id: int) -> str:
        return self._concepts[self._labels.concept[label_id]].id

    def _normalize(
        self, text: str, kind: str, limit: int, cutoff: float | None
    ) -> list[ConceptMatch]:
        best: dict[str, ConceptMatch] = {}
        for form in split_gender_pair(text) if "/" in text else [text]:
            key = match_key(form)
            if not key:
                continue
            core = strip_filler(key)
            found = self._lookup(form, key, kind, 1.0)
            if not found and core != key:
                found = self._lookup(form, core, kind, 0.95)
            if len(found) < limit:
                cutoff = FUZZY_THRESHOLD if cutoff is None else cutoff
                found += self._fuzzy(core, kind, limit, cutoff)
            for match in found:
                old = best.get(match.concept_id)
                if old is None or match.confidence > old.confidence:
                    best[match.concept_id] = match
        # sorted() is stable: equal confidences keep the labels' tie-breaking order.
        return sorted(best.values(), key=lambda m: -m.confidence)[:limit]

    def _lookup(self, text: str, key: str, kind: str, confidence: float) -> list[ConceptMatch]:
        folded = fold(text)
        out = []
        for label_id in self._by_key[kind].get(key, ()):
            rank = int(self._labels.rank[label_id])
            exact = rank == PREFERRED and fold(self._labels.text[label_id]) == folded
            sure = min(confidence, 0.9) if rank == ATTACHED else confidence
            out.append(self._match(label_id, sure, "exact" if exact else "alias"))
        return sorted(out, key=lambda m: -m.confidence)

    def _fuzzy(self, key: str, kind: str, limit: int, cutoff: float) -> list[ConceptMatch]:
        by_key, choices = self._by_key[kind], self._choices[kind]
        out: list[ConceptMatch] = []
        for score, choice in self._searcher(kind).search(key):
            if score < cutoff or len({m.concept_id for m in out}) >= limit:
                break
            out.extend(
                self._match(label_id, fuzzy_confidence(score), "fuzzy")
                for label_id in by_key[choices[choice]]
            )
        return out

    def _match(self, label_id: int, confidence: float, method: str) -> ConceptMatch:
        concept_id = self._concept_of(label_id)
        lang = "fr" if self._labels.lang[label_id] == "f" else "en"
        return ConceptMatch(
            concept_id=concept_id,
            label=self.label(concept_id, lang),
            confidence=round(confidence, 3),
            method=method,
            matched_label=self._labels.text[label_id],
        )


def fuzzy_confidence(score: float) -> float:
    """Turn a fuzzy score (0–100) into a calibrated confidence, capped below any lookup's.

    Examples
    --------
    >>> fuzzy_confidence(100.0) > fuzzy_confidence(FUZZY_THRESHOLD) > fuzzy_confidence(50.0)
    True
    >>> fuzzy_confidence(100.0) < 0.95
    True
    """
    logistic = 1.0 / (1.0 + math.exp(-_LOGIT_SLOPE * (score - _LOGIT_MIDPOINT)))
    return min(logistic, _FUZZY_CEILING)


class _Columns(NamedTuple):
    """All labels, column by column, in tie-breaking order; a label's id is its position."""

    concept: list[int]
    #: One letter per label: "e" (English) or "f" (French).
    lang: str
    #: One digit per label: its rank.
    rank: str
    text: list[str]
    key: list[str]


def _columns(labels: list[Label], index: dict[str, int]) -> dict[str, Any]:
    return {
        "concept": [index[lab.concept_id] for lab in labels],
        "lang": "".join(lab.lang[0] for lab in labels),
        "rank": "".join(str(lab.rank) for lab in labels),
        "text": [lab.text for lab in labels],
        "key": [match_key(lab.text) for lab in labels],
    }


def _read_supplement(
    path: Path, concepts: list[Concept], broader: list[tuple[str, str]]
) -> list[Label]:
    """Add the supplement's new concepts and links in place; return its labels."""
    index = {c.id: i for i, c in enumerate(concepts)}
    labels = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            cid, lang, text = line["concept_id"], line["lang"], line["label"]
            if cid not in index:
                index[cid] = len(concepts)
                concepts.append(Concept(cid, line["kind"]))
            if line["preferred"] == "1":
                field = "label_fr" if lang == "fr" else "label_en"
                concepts[index[cid]] = concepts[index[cid]]._replace(**{field: text})
            labels.append(Label(cid, lang, text, SUPPLEMENT))
            broader.extend((cid, parent) for parent in line["broader"].split())
    return labels


_default: Taxonomy | None = None
_default_lock = threading.Lock()


def load_default() -> Taxonomy:
    """The packaged taxonomy, loaded on first use and then shared by the process.

    Returns
    -------
    Taxonomy

    Examples
    --------
    >>> tax = load_default()
    >>> tax is load_default()
    True
    >>> fr, en = tax.normalize_skill("comptabilité"), tax.normalize_skill("accounting")
    >>> fr[0].concept_id == en[0].concept_id
    True
    """
    global _default
    with _default_lock:
        if _default is None:
            _default = Taxonomy.load()
        return _default
