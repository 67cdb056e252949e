"""Rank many candidates at once: everything a query needs, precomputed in arrays.

:class:`CandidateIndex` reads each profile once (:func:`matching.components.profile_features`)
into sparse matrices (candidates × skill keys, × cause keys, × TF-IDF terms, ×
languages; dated positions × title keys and × words) and arrays (hours, schedule
bit mask, city and region ids, work mode, governance, seniority). A query
computes every component for every candidate with numpy and scipy, with the
arithmetic of :func:`matching.scoring.explain`: components of a few distinct
values (languages, availability, location) are scored once per value by the
very functions the reference uses, then looked up. It selects the top with
``np.partition`` and builds full explanations for those only (from the words
the index kept, so no text is tokenized twice).

Candidates live in *blocks*: the one :meth:`CandidateIndex.build` makes, and one
per :meth:`CandidateIndex.update` (the candidate's old row is marked dead). The
next :meth:`CandidateIndex.rank` merges the small blocks into one, and that one
into the main block once it passes 5 % of it (or 1,024 rows), so an update costs
one candidate's work and queries stay vectorized. Term weights (IDF) are frozen
at build time: a word first seen in an update weighs what an unseen word weighed
then.
"""

from __future__ import annotations

import gc
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from matching.components import (
    RELATED_CREDIT,
    REQUIRED_WEIGHT,
    ProfileFeatures,
    RolePlan,
    TextModel,
    availability,
    cached,
    language_credit,
    location,
    plan_role,
    profile_features,
)
from matching.scoring import explain, rank_key
from matching.types import COMPONENTS, CandidateProfile, Match, RoleSpec, TaxonomyLike, WorkMode
from matching.weights import UNKNOWN_CREDIT

__all__ = ["CandidateIndex"]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
MODES: tuple[WorkMode, ...] = ("in_person", "remote", "hybrid", "any")
MERGE_ROWS = 1024
RECENT = 4096  # candidates whose features stay decoded for the next explanations
_SPAN = 1 << 22  # more days than any career: keeps candidates apart in one running maximum


@dataclass
class _Block:
    """Candidates as rows of arrays and sparse matrices; dated positions as rows of their own."""

    ids: Ints
    live: Bools
    skills: sp.csc_matrix
    causes: sp.csc_matrix
    doc: sp.csc_matrix  # L2-normalized binary TF-IDF
    doc_rows: sp.csr_matrix  # the same, by row, to read a candidate's words back
    levels: NDArray[np.uint8]  # candidates × languages, 0 where not spoken
    governance: Floats  # 0 where unknown, as is seniority: see has_…
    seniority: Floats
    has_governance: Bools
    has_positions: Bools
    # Small integer types: queries stream these arrays, and memory is the bottleneck.
    hours: NDArray[np.int32]  # -1: not said
    schedule: NDArray[np.uint8]
    city: NDArray[np.int32]
    region: NDArray[np.int32]
    mode: NDArray[np.int8]
    has_langs: Bools
    has_causes: Bools
    pos_row: Ints  # sorted by (row, start)
    pos_index: Ints
    pos_start: Ints
    pos_end: Ints
    pos_titles: sp.csc_matrix
    pos_words: sp.csc_matrix
    pos_words_rows: sp.csr_matrix
    #: What queries derive from the arrays above once, e.g. distinct (hours, schedule) pairs.
    memo: dict[str, tuple[Ints, Ints]] = field(default_factory=dict, repr=False)


class _Rows:
    """A sparse matrix assembled row by row in compact arrays."""

    def __init__(self) -> None:
        self.indptr, self.indices = array("q", [0]), array("q")

    def add(self, cols: Iterable[int]) -> None:
        self.indices.extend(cols)
        self.indptr.append(len(self.indices))

    def csr(self, width: int, data: Floats | None = None) -> sp.csr_matrix:
        indices = np.frombuffer(self.indices, dtype=np.int64)
        values = np.ones(len(indices)) if data is None else data
        return sp.csr_matrix(
            (values, indices, np.frombuffer(self.indptr, dtype=np.int64)),
            shape=(len(self.indptr) - 1, width),
        )


class CandidateIndex:
    """Candidates prepared for fast ranking, kept up to date one candidate at a time.

    Parameters
    ----------
    taxonomy : TaxonomyLike
        Normalizes skills, titles and causes (its answers are cached).
    as_of : date, optional
        The day current positions end (today by default), fixed for the index's life.

    Attributes
    ----------
    text_model_ : TextModel
        Term weights fitted on the profiles given to :meth:`build`.
    as_of_ : date
        The day current positions end.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.types import CandidateProfile, RoleSkillSpec, RoleSpec, SkillClaim
    >>> from matching.components import NoTaxonomy
    >>> people = [CandidateProfile(id=i, skills=(SkillClaim(s),))
    ...           for i, s in enumerate(["Paie", "Excel", "Cuisine"])]
    >>> index = CandidateIndex.build(people, taxonomy=NoTaxonomy(), as_of=date(2025, 1, 1))
    >>> role = RoleSpec(id=1, kind="staff", title="Paie", skills=(RoleSkillSpec("paie"),))
    >>> [m.candidate_id for m in index.rank(role, top=2)]
    [0, 1]
    >>> index.update(CandidateProfile(id=1, skills=(SkillClaim("paie"),)))
    >>> index.remove(0)
    >>> [m.candidate_id for m in index.rank(role, top=2)], len(index)
    ([1, 2], 2)
    """

    def __init__(self, *, taxonomy: TaxonomyLike, as_of: date | None = None) -> None:
        self.taxonomy = taxonomy
        self.as_of = as_of
        self._taxonomy = cached(taxonomy)
        self.as_of_ = as_of or date.today()
        self.text_model_ = TextModel()
        kinds = ("skill", "cause", "title", "term", "lang", "city", "region")
        self._vocabs: dict[str, dict[str, int]] = {kind: {} for kind in kinds}
        self._terms: list[str] = []
        self._term_array = np.zeros(0, dtype=object)  # the same, to look many up at once
        self._idf: list[float] = []
        self._blocks: list[_Block] = []
        self._where: dict[int, tuple[_Block, int]] = {}
        self._profiles: dict[int, CandidateProfile] = {}
        self._recent: OrderedDict[int, ProfileFeatures] = OrderedDict()

    @classmethod
    def build(
        cls,
        profiles: Iterable[CandidateProfile],
        *,
        taxonomy: TaxonomyLike,
        as_of: date | None = None,
    ) -> CandidateIndex:
        """Index candidates and fit the term weights on their profiles.

        Raises
        ------
        ValueError
            If two profiles share an id.
        """
        index = cls(taxonomy=taxonomy, as_of=as_of)
        profiles = list(profiles)
        if len({p.id for p in profiles}) != len(profiles):
            raise ValueError("each candidate may appear only once in an index")
        # Millions of small acyclic objects: the cyclic garbage collector would walk them
        # all, again and again, for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            read = [
                profile_features(p, taxonomy=index._taxonomy, as_of=index.as_of_) for p in profiles
            ]
            index.text_model_ = TextModel.fit(f.doc for f in read)
            for term in sorted(index.text_model_.idf):
                index._term(term)
            if profiles:
                index._add_block(index._make_block(profiles, read))
        finally:
            if collecting:
                gc.enable()
        return index

    def update(self, profile: CandidateProfile) -> None:
        """Add a candidate, or replace the one with the same id."""
        read = profile_features(profile, taxonomy=self._taxonomy, as_of=self.as_of_)
        self._kill(profile.id)
        self._add_block(self._make_block([profile], [read]))

    def remove(self, candidate_id: int) -> None:
        """Remove a candidate; raises KeyError if the index does not hold them."""
        if candidate_id not in self._profiles:
            raise KeyError(candidate_id)
        self._kill(candidate_id)

    def __len__(self) -> int:
        return len(self._profiles)

    def __contains__(self, candidate_id: object) -> bool:
        return candidate_id in self._profiles

    def rank(self, role: RoleSpec, *, top: int = 50) -> list[Match]:
        """The ``top`` best candidates for a role, explained, best first.

        The same order and scores as :func:`matching.scoring.rank_profiles` over the
        same profiles: candidates meeting every requirement first, then by score,
        coverage (highest first) and candidate id (lowest first).
        """
        self._consolidate()
        plan = plan_role(role, taxonomy=self._taxonomy)
        parts = [self._score_block(b, plan) for b in self._blocks]
        if not parts or top <= 0:
            return []
        together = zip(*parts, strict=True)
        ids, scores, coverage, unmet = (
            parts[0] if len(parts) == 1 else map(np.concatenate, together)
        )
        if top < len(ids):
            first = scores + 1000.0 * ~unmet  # requirements met first, whatever the score
            cut = np.partition(first, len(first) - top)[len(first) - top]
            # Rounding (below, to make equal scores equal) may tie a few more with the cut.
            keep = np.flatnonzero(first >= cut - 1e-8)
            ids, scores, coverage, unmet = ids[keep], scores[keep], coverage[keep], unmet[keep]
        scores, coverage = np.round(scores, 9), np.round(coverage, 9)
        order = np.lexsort((ids, -coverage, -scores, unmet))[:top]
        matches = []
        for candidate_id in ids[order].tolist():
            read = self._read_back(candidate_id)
            matches.append(
                explain(plan, self._profiles[candidate_id], read, text_model=self.text_model_)
            )
        return sorted(matches, key=rank_key)

    # -- blocks ------------------------------------------------------------------------

    def _kill(self, candidate_id: int) -> None:
        if candidate_id in self._where:
            block, row = self._where.pop(candidate_id)
            block.live[row] = False
            del self._profiles[candidate_id]
            self._recent.pop(candidate_id, None)

    def _add_block(self, block: _Block) -> None:
        self._blocks.append(block)
        for row, candidate_id in enumerate(block.ids.tolist()):
            self._where[candidate_id] = (block, row)

    def _consolidate(self) -> None:
        """Merge the update blocks into one; into the main one once they weigh 5 % of it."""
        blocks = self._blocks
        if len(blocks) > 2:
            self._blocks = [blocks[0]]
            self._add_block(_concat(blocks[1:]))
        if len(self._blocks) == 2:
            main, extra = self._blocks
            live = int(main.live.sum())
            dead = main.ids.size - live
            if extra.ids.size > max(MERGE_ROWS, live // 20) or dead > max(MERGE_ROWS, live // 5):
                self._blocks = []
                self._add_block(_concat([main, extra]))

    def _term(self, token: str) -> int:
        col = self._vocabs["term"].setdefault(token, len(self._terms))
        if col == len(self._terms):
            self._terms.append(token)
            self._idf.append(self.text_model_.weight(token))
        return col

    def _make_block(
        self, profiles: Sequence[CandidateProfile], read: Sequence[ProfileFeatures]
    ) -> _Block:
        v, terms = self._vocabs, self._vocabs["term"]
        sk, ca, la, ti = v["skill"], v["cause"], v["lang"], v["title"]
        skills, causes, doc, titles, words = (_Rows() for _ in range(5))
        spoken: list[tuple[int, int, int]] = []  # (row, language, level)
        pos = {k: array("q") for k in ("row", "index", "start", "end")}
        for row, (profile, f) in enumerate(zip(profiles, read, strict=True)):
            self._profiles[profile.id] = profile
            skills.add({sk.setdefault(k, len(sk)) for keys in f.skill_keys for k in keys})
            causes.add({ca.setdefault(k, len(ca)) for keys in f.cause_keys for k in keys})
            doc.add([terms[t] if t in terms else self._term(t) for t in f.doc])
            spoken += [(row, la.setdefault(c, len(la)), lv) for c, (lv, _) in f.languages.items()]
            for p in f.positions:
                pos["row"].append(row)
                pos["index"].append(p.index)
                pos["start"].append(p.start)
                pos["end"].append(p.end)
                titles.add([ti.setdefault(k, len(ti)) for k in p.title_keys])
                words.add([terms[t] if t in terms else self._term(t) for t in p.tokens])
        doc_rows = doc.csr(len(terms), np.asarray(self._idf)[np.frombuffer(doc.indices, np.int64)])
        lengths = np.diff(doc_rows.indptr)
        rows = np.repeat(np.arange(len(lengths)), lengths)
        norms = np.sqrt(np.bincount(rows, doc_rows.data**2, minlength=len(lengths)))
        doc_rows.data /= np.repeat(norms, lengths)
        p_row, p_start = (np.frombuffer(pos[k], np.int64) for k in ("row", "start"))
        order = np.lexsort((p_start, p_row))  # by row, then start
        p_words = words.csr(len(terms))[order]
        city, region = v["city"], v["region"]
        levels = np.zeros((len(profiles), len(la)), dtype=np.uint8)
        for row, col, level in spoken:
            levels[row, col] = level
        position = {k: np.frombuffer(a, np.int64)[order] for k, a in pos.items()}
        return _Block(
            ids=np.array([p.id for p in profiles], dtype=np.int64),
            live=np.ones(len(profiles), dtype=bool),
            skills=skills.csr(len(sk)).tocsc(),
            causes=causes.csr(len(ca)).tocsc(),
            doc=doc_rows.tocsc(),
            doc_rows=doc_rows,
            levels=levels,
            governance=np.array([f.governance or 0.0 for f in read]),
            seniority=np.array([f.total_years for f in read]),
            hours=np.array(
                [-1 if p.hours_per_week is None else max(0, p.hours_per_week) for p in profiles],
                dtype=np.int32,
            ),
            has_governance=np.array([f.governance is not None for f in read]),
            has_positions=np.array([bool(f.positions) for f in read]),
            schedule=np.array([f.schedule for f in read], dtype=np.uint8),
            city=_ids(city, [f.city for f in read]),
            region=_ids(region, [f.region for f in read]),
            mode=np.array(
                [MODES.index(p.work_mode) if p.work_mode else -1 for p in profiles], dtype=np.int8
            ),
            has_langs=np.array([bool(f.languages) for f in read]),
            has_causes=np.array([bool(f.cause_keys) for f in read]),
            pos_row=position["row"],
            pos_index=position["index"],
            pos_start=position["start"],
            pos_end=position["end"],
            pos_titles=titles.csr(len(ti))[order].tocsc(),
            pos_words=p_words.tocsc(),
            pos_words_rows=p_words,
        )

    def _read_back(self, candidate_id: int) -> ProfileFeatures:
        """A candidate's features from the words the index kept (no tokenizing)."""
        if candidate_id in self._recent:  # the same candidates come back query after query
            self._recent.move_to_end(candidate_id)
            return self._recent[candidate_id]
        if len(self._recent) >= RECENT:
            self._recent.popitem(last=False)
        read = self._recent[candidate_id] = self._decode(candidate_id)
        return read

    def _decode(self, candidate_id: int) -> ProfileFeatures:
        block, row = self._where[candidate_id]
        if len(self._term_array) != len(self._terms):
            self._term_array = np.array(self._terms, dtype=object)
        terms, doc, words = self._term_array, block.doc_rows, block.pos_words_rows
        start, end = doc.indptr[row : row + 2].tolist()
        first, last = np.searchsorted(block.pos_row, (row, row + 1)).tolist()
        ptr = words.indptr[first : last + 1].tolist()
        positions = {
            index: frozenset(terms[words.indices[ptr[n] : ptr[n + 1]]])
            for n, index in enumerate(block.pos_index[first:last].tolist())
        }
        known = (frozenset(terms[doc.indices[start:end]]), positions)
        profile = self._profiles[candidate_id]
        return profile_features(profile, taxonomy=self._taxonomy, as_of=self.as_of_, words=known)

    # -- scoring -----------------------------------------------------------------------

    def _score_block(self, b: _Block, plan: RolePlan) -> tuple[Ints, Floats, Floats, Bools]:
        """Every applicable component for every row, then the final score (see scoring)."""
        found: dict[str, tuple[Floats, Bools | None]] = {}
        unmet = np.zeros(len(b.ids), dtype=bool)
        w = plan.weights
        # Required skills and languages are hard constraints even when they weigh nothing.
        if "skills" in w or any(skill.required for skill in plan.skills):
            found["skills"] = self._skills(b, plan, unmet), None
        if "languages" in w or any(required for _, _, required, _ in plan.languages):
            found["languages"] = self._languages(b, plan, unmet), b.has_langs
        for name in w.keys() - found.keys():  # _text, _experience, _availability, …
            found[name] = getattr(self, f"_{name}")(b, plan)
        points, coverage = np.zeros(len(b.ids)), np.zeros(len(b.ids))
        for name in (name for name in COMPONENTS if name in w):
            value, known = found[name]  # value is 0 where unknown
            points += w[name] * value
            coverage += w[name] if known is None else w[name] * known
        mean = points / np.maximum(coverage, 1e-300)  # no coverage, no points: 0
        scores = (1 - UNKNOWN_CREDIT) * points + UNKNOWN_CREDIT * mean
        if b.live.all():
            return b.ids, scores, coverage, unmet
        return b.ids[b.live], scores[b.live], coverage[b.live], unmet[b.live]

    def _postings(self, matrix: sp.csc_matrix, kind: str, keys: Iterable[str]) -> list[Ints]:
        """The sorted rows holding each key found (column look-ups in a CSC matrix)."""
        vocab, width, ptr = self._vocabs[kind], matrix.shape[1], matrix.indptr
        cols = [col for col in (vocab.get(key, width) for key in keys) if col < width]
        return [matrix.indices[ptr[col] : ptr[col + 1]] for col in cols]

    def _rows(self, matrix: sp.csc_matrix, kind: str, keys: Iterable[str]) -> Ints:
        """Rows holding any of the keys, possibly repeated."""
        return np.concatenate([np.zeros(0, np.int64), *self._postings(matrix, kind, keys)])

    def _skills(self, b: _Block, plan: RolePlan, unmet: Bools) -> Floats:
        points, met = np.zeros(len(b.ids)), np.zeros(len(b.ids), dtype=np.int64)
        for skill in plan.skills:
            # a[rows] += x adds once per row even when rows repeat, as credit should.
            exact = self._rows(b.skills, "skill", skill.exact)
            related = self._rows(b.skills, "skill", skill.related)
            if len(related):
                has_exact = np.zeros(len(b.ids), dtype=bool)
                has_exact[exact] = True
                points[related[~has_exact[related]]] += skill.weight * RELATED_CREDIT
            points[exact] += skill.weight
            met[exact] += skill.required
        unmet |= met < sum(skill.required for skill in plan.skills)
        result: Floats = 100 * points / sum(skill.weight for skill in plan.skills)
        return result

    def _text(self, b: _Block, plan: RolePlan) -> tuple[Floats, None]:
        model, terms, width = self.text_model_, self._vocabs["term"], b.doc.shape[1]
        norm, cols, weights = model.norm(plan.doc), [], []
        for token in plan.doc:
            if terms.get(token, width) < width:
                cols.append(terms[token])
                weights.append(model.weight(token) / norm)
        cosine = b.doc[:, cols] @ np.array(weights) if cols else np.zeros(len(b.ids))
        return 100 * np.sqrt(np.minimum(1.0, cosine)), None

    def _experience(self, b: _Block, plan: RolePlan) -> tuple[Floats, Bools]:
        assert plan.target_years is not None
        if plan.all_positions_relevant:
            years = b.seniority
        else:
            relevant = np.zeros(len(b.pos_row), dtype=bool)
            relevant[self._rows(b.pos_titles, "title", plan.title_keys)] = True
            for phrase in {phrase for skill in plan.skills for phrase in skill.phrases}:
                postings = sorted(self._postings(b.pos_words, "term", phrase), key=len)
                if len(postings) < len(phrase):
                    continue  # a word no position holds
                hits = postings[0]
                for other in postings[1:]:  # keep the positions holding every word
                    at = np.minimum(np.searchsorted(other, hits), len(other) - 1)
                    hits = hits[other[at] == hits] if len(other) else hits[:0]
                relevant[hits] = True
            years = _union_days(b, relevant) / 365.25
        return 100 * np.minimum(1.0, years / plan.target_years), b.has_positions

    def _languages(self, b: _Block, plan: RolePlan, unmet: Bools) -> Floats:
        points, total, width = np.zeros(len(b.ids)), 0.0, b.levels.shape[1]
        for code, level, required, _ in plan.languages:
            col = self._vocabs["lang"].get(code, width)
            have = b.levels[:, col] if col < width else np.zeros(len(b.ids), dtype=np.uint8)
            credit = np.array([language_credit(level, h) for h in range(6)])[have]
            weight = REQUIRED_WEIGHT if required else 1.0
            points += weight * credit
            total += weight
            if required:
                unmet |= credit < 1
        result: Floats = 100 * points / total
        return result

    def _availability(self, b: _Block, plan: RolePlan) -> tuple[Floats, Bools]:
        if "availability" not in b.memo:  # few distinct (hours, schedule) pairs: score those
            pairs = (b.hours.astype(np.int64) + 1) * 8 + b.schedule
            b.memo["availability"] = np.unique(pairs, return_inverse=True)
        pairs, each = b.memo["availability"]
        wanted, bits = plan.role.hours_per_week, plan.schedule
        found = [
            availability(wanted, bits, p // 8 - 1 if p >= 8 else None, p % 8)
            for p in pairs.tolist()
        ]
        values, known = _table(found)
        return values[each], known[each]

    def _location(self, b: _Block, plan: RolePlan) -> tuple[Floats, Bools]:
        city = (b.city == self._vocabs["city"].get(plan.city, -2)) if plan.city else False
        region = (b.region == self._vocabs["region"].get(plan.region, -2)) if plan.region else False
        comparable = ((b.city >= 0) & bool(plan.city)) | ((b.region >= 0) & bool(plan.region))
        # One code per combination, scored once: ((mode, comparable), same city), same region.
        code = (((b.mode + 1) * 2 + comparable) * 2 + city) * 2 + region
        found = [
            location(
                plan.role.work_mode,
                mode,
                comparable=c,
                city=ci,
                region=r,
                role_city=bool(plan.city),
            )
            for mode in (None, *MODES)
            for c in (False, True)
            for ci in (False, True)
            for r in (False, True)
        ]
        values, known = _table(found)
        return values[code], known[code]

    def _cause(self, b: _Block, plan: RolePlan) -> tuple[Floats, Bools]:
        credit = np.zeros(len(b.ids))
        credit[self._rows(b.causes, "cause", plan.cause_related)] = RELATED_CREDIT
        credit[self._rows(b.causes, "cause", plan.cause_exact)] = 1.0
        return 100 * credit, b.has_causes

    def _governance(self, b: _Block, plan: RolePlan) -> tuple[Floats, Bools]:
        return b.governance, b.has_governance


def _table(found: list[float | None]) -> tuple[Floats, Bools]:
    """Scores looked up by code: the value (0 when unknown) and whether it is known."""
    values = np.array([0.0 if v is None else v for v in found])
    return values, np.array([v is not None for v in found])


def _ids(vocab: dict[str, int], names: list[str]) -> NDArray[np.int32]:
    """The id of each name in the vocabulary (added if new), -1 for no name."""
    return np.array([vocab.setdefault(n, len(vocab)) if n else -1 for n in names], dtype=np.int32)


def _union_days(b: _Block, relevant: Bools) -> Floats:
    """Days covered by each candidate's relevant positions, overlaps counted once."""
    sel = np.flatnonzero(relevant)
    row, start, end = b.pos_row[sel], b.pos_start[sel], b.pos_end[sel]
    offset = row * _SPAN
    reach = np.maximum.accumulate(end + offset) - offset  # furthest end so far, per candidate
    before = np.concatenate((start[:1], reach[:-1]))
    first = np.ones(len(row), dtype=bool)
    first[1:] = row[1:] != row[:-1]
    before[first] = start[first]
    days = np.maximum(0, end - np.maximum(start, before))
    result: Floats = np.bincount(row, days, minlength=len(b.ids)).astype(np.float64)
    return result


def _concat(blocks: Sequence[_Block]) -> _Block:
    """One block holding the live rows of several, in order."""
    keeps = [np.flatnonzero(b.live) for b in blocks]
    pos_keeps = [np.flatnonzero(b.live[b.pos_row]) for b in blocks]
    offsets = np.cumsum([0] + [len(k) for k in keeps])
    renumber = []
    for b, keep, offset in zip(blocks, keeps, offsets, strict=False):
        new = np.full(len(b.ids), -1, dtype=np.int64)
        new[keep] = offset + np.arange(len(keep))
        renumber.append(new)
    merged = {}
    for name in (f.name for f in fields(_Block) if f.name != "memo"):
        parts = [getattr(b, name) for b in blocks]
        picks = pos_keeps if name.startswith("pos_") else keeps
        if sp.issparse(parts[0]):
            width = max(p.shape[1] for p in parts)
            rows = [p.tocsr()[k] for p, k in zip(parts, picks, strict=True)]
            rows = [
                sp.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], width))
                for m in rows
            ]
            merged[name] = sp.vstack(rows, format=parts[0].format)
            merged[name].sort_indices()  # posting lists are searched as sorted arrays
        elif name == "pos_row":
            merged[name] = np.concatenate(
                [r[p[k]] for r, p, k in zip(renumber, parts, picks, strict=True)]
            )
        elif parts[0].ndim == 2:  # languages: as many columns as the widest
            width = max(p.shape[1] for p in parts)
            rows = [
                np.pad(p[k], ((0, 0), (0, width - p.shape[1])))
                for p, k in zip(parts, picks, strict=True)
            ]
            merged[name] = np.concatenate(rows)
        else:
            merged[name] = np.concatenate([p[k] for p, k in zip(parts, picks, strict=True)])
    return _Block(**merged)
