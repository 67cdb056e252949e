"""How well the matching library ranks candidates, on the hand-labelled dev set.

Run: `.venv/bin/python -m benchmarks.quality_ranking [--per-role]`.
Prints one figure per line as `name: value unit`: nDCG@10 of the library and of a
plain TF-IDF baseline (overall and per role kind) and the number of judged pairs.
The dev set and its rules are described in `benchmarks/devset/README.md`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from matching.components import NoTaxonomy
from matching.types import (
    BoardServiceRecord,
    CandidateProfile,
    LanguageClaim,
    PositionRecord,
    RoleLanguageSpec,
    RoleSkillSpec,
    RoleSpec,
    SkillClaim,
)

DEVSET = Path(__file__).resolve().parent / "devset"
K = 10
#: Current positions end on this day, so the figures do not drift with the calendar.
AS_OF = date(2026, 11, 15)
KINDS = ("volunteer", "staff", "board")

LEVELS = {
    "elementary": 1,
    "limited working": 2,
    "professional working": 3,
    "full professional": 4,
    "native or bilingual": 5,
}
LANGUAGE_CODES = {
    "english": "en",
    "anglais": "en",
    "french": "fr",
    "francais": "fr",
    "spanish": "es",
    "espagnol": "es",
    "arabic": "ar",
    "arabe": "ar",
    "german": "de",
    "allemand": "de",
    "greek": "el",
    "grec": "el",
    "mandarin": "zh",
    "cantonese": "yue",
    "vietnamese": "vi",
    "vietnamien": "vi",
    "tamil": "ta",
    "hindi": "hi",
    "punjabi": "pa",
    "russian": "ru",
    "korean": "ko",
    "yoruba": "yo",
    "igbo": "ig",
    "pular": "ff",
}
WORK_MODES = {"full": "remote", "hybrid": "hybrid", "none": "in_person"}
BOARD_WORDS = re.compile(
    r"\b(board|conseil d.administration|administrat(eur|rice)|tresori|treasurer|"
    r"committee|comite|du ca)\b"
)
#: JSON keys whose values are not prose: left out of the baseline's documents.
NOT_TEXT = {
    "$schema",
    "meta",
    "email",
    "url",
    "phone",
    "date",
    "startDate",
    "endDate",
    "countryCode",
    "postalCode",
    "level",
    "required",
    "kind",
    "type",
    "remote",
}


class DevsetError(Exception):
    """The dev set is inconsistent (a missing file, a bad grade, a duplicate pair)."""


# ---------------------------------------------------------------------------------------------
# Loading


def fold(text: str) -> str:
    """Lower case without accents: how this script compares words it looks up."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().strip()


def load_json_dir(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
    }


def load_judgments(roles: dict[str, Any], candidates: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Grades by role file, then candidate file; every name must exist, every grade 0–3."""
    path = DEVSET / "judgments.csv"
    grades: dict[str, dict[str, int]] = {name: {} for name in roles}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            role, cand = row["role_file"], row["candidate_file"]
            if role not in roles or cand not in candidates:
                raise DevsetError(f"{path.name}:{line}: unknown file {role!r} or {cand!r}")
            if row["grade"] not in {"0", "1", "2", "3"}:
                raise DevsetError(f"{path.name}:{line}: grade must be 0-3, not {row['grade']!r}")
            if cand in grades[role]:
                raise DevsetError(f"{path.name}:{line}: {role} / {cand} judged twice")
            grades[role][cand] = int(row["grade"])
    return grades


def judgments_frozen() -> bool:
    """Whether judgments.csv still has the checksum recorded when it was written."""
    recorded = (DEVSET / "judgments.sha256").read_text().split()[0]
    return hashlib.sha256((DEVSET / "judgments.csv").read_bytes()).hexdigest() == recorded


# ---------------------------------------------------------------------------------------------
# JSON files -> matching's dataclasses


def parse_date(value: str | None) -> date | None:
    """A JSON Resume date (YYYY, YYYY-MM or YYYY-MM-DD) as the first day it can mean."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    parts += [1] * (3 - len(parts))
    return date(*parts)


def language_code(name: str) -> str:
    return LANGUAGE_CODES.get(fold(name), fold(name))


def fluency_level(fluency: str | None) -> int | None:
    words = fold(fluency or "").removesuffix(" proficiency")
    return LEVELS.get(words)


class Normalizer:
    """Records the taxonomy's concept only when it is sure (exact label or alias)."""

    def __init__(self, taxonomy: Any | None):
        self.taxonomy = taxonomy

    def skill(self, text: str) -> str | None:
        return self._sure(self.taxonomy.normalize_skill(text)) if self.taxonomy else None

    def title(self, text: str) -> str | None:
        return self._sure(self.taxonomy.normalize_title(text)) if self.taxonomy else None

    @staticmethod
    def _sure(matches: Sequence[Any]) -> str | None:
        return matches[0].concept_id if matches and matches[0].method != "fuzzy" else None


def role_kind(doc: dict[str, Any]) -> str:
    """The `kind` extension, else what DESIGN.md says `type` means."""
    if doc.get("kind") in KINDS:
        return str(doc["kind"])
    kind = fold(doc.get("type", ""))
    if kind in {"volunteer", "benevole"}:
        return "volunteer"
    return "board" if kind in {"board", "conseil d'administration"} else "staff"


def to_role(role_id: int, doc: dict[str, Any], norm: Normalizer) -> RoleSpec:
    location = doc.get("location") or {}
    return RoleSpec(
        id=role_id,
        kind=role_kind(doc),  # type: ignore[arg-type]
        title=doc.get("title", ""),
        description=doc.get("description", ""),
        responsibilities=tuple(doc.get("responsibilities", ())),
        qualifications=tuple(doc.get("qualifications", ())),
        skills=tuple(
            RoleSkillSpec(s["name"], norm.skill(s["name"]), fold(s.get("level", "")) == "required")
            for s in doc.get("skills", ())
        ),
        languages=tuple(
            RoleLanguageSpec(
                language_code(lang["language"]),
                fluency_level(lang.get("fluency")),
                bool(lang.get("required")),
            )
            for lang in doc.get("languages", ())
        ),
        city=location.get("city", ""),
        region=location.get("region", ""),
        work_mode=WORK_MODES.get(fold(doc.get("remote", "none")), "in_person"),  # type: ignore[arg-type]
        hours_per_week=doc.get("hoursPerWeek"),
        schedule=frozenset((doc.get("rallier") or {}).get("schedule", ())),
        cause=doc.get("cause", ""),
        min_years_experience=doc.get("minYearsExperience"),
        title_concept=norm.title(doc.get("title", "")),
    )


def board_service(item: dict[str, Any], organization: str) -> BoardServiceRecord | None:
    title = fold(item.get("position", ""))
    if not BOARD_WORDS.search(title):
        return None
    if "tresori" in title or "treasurer" in title:
        role = "treasurer"
    elif "chair" in title or "presid" in title:
        role = "chair"
    elif "secr" in title:
        role = "secretary"
    else:
        role = "member"
    committee = item["position"] if re.search(r"committee|comite", title) else ""
    return BoardServiceRecord(
        organization,
        role,
        committee,
        parse_date(item.get("startDate")),
        parse_date(item.get("endDate")),
        "volunteer",
    )


def position(item: dict[str, Any], company: str, source: str, norm: Normalizer) -> PositionRecord:
    text = " ".join([item.get("summary", ""), *item.get("highlights", ())]).strip()
    return PositionRecord(
        title=item.get("position", ""),
        company=company,
        description=text,
        start=parse_date(item.get("startDate")),
        end=parse_date(item.get("endDate")),
        title_concept=norm.title(item.get("position", "")),
        source=source,
    )


def to_profile(cand_id: int, doc: dict[str, Any], norm: Normalizer) -> CandidateProfile:
    basics = doc.get("basics") or {}
    location = basics.get("location") or {}
    work, volunteer = doc.get("work", ()), doc.get("volunteer", ())
    positions = [position(w, w.get("name", w.get("company", "")), "work", norm) for w in work]
    positions += [position(v, v.get("organization", ""), "volunteer", norm) for v in volunteer]
    boards = [board_service(v, v.get("organization", "")) for v in volunteer]
    # Certificates (CPA, CRHA…) say what someone can do: they count as skills.
    skills = [SkillClaim(s["name"], norm.skill(s["name"]), "skills") for s in doc.get("skills", ())]
    skills += [
        SkillClaim(c["name"], norm.skill(c["name"]), "certificates")
        for c in doc.get("certificates", ())
    ]
    availability = doc.get("availability") or {}
    extra = doc.get("rallier") or {}
    return CandidateProfile(
        id=cand_id,
        headline=basics.get("label", ""),
        summary=basics.get("summary", ""),
        city=location.get("city", ""),
        region=location.get("region", ""),
        skills=tuple(skills),
        positions=tuple(positions),
        languages=tuple(
            LanguageClaim(language_code(lang["language"]), fluency_level(lang.get("fluency")))
            for lang in doc.get("languages", ())
        ),
        causes=tuple(extra.get("causes", ())),
        board_services=tuple(b for b in boards if b is not None),
        hours_per_week=availability.get("hoursPerWeek"),
        schedule=frozenset(extra.get("schedule", ())),
        work_mode=extra.get("workMode"),
        interests=frozenset(availability.get("roleKinds", ())),
    )


# ---------------------------------------------------------------------------------------------
# Rankers: each takes (role file, role doc) and returns candidate files, best first.

Ranker = Callable[[str, dict[str, Any]], list[str]]


def full_text(doc: Any) -> str:
    """Every prose string of a JSON document (dates, URLs, codes and flags left out)."""
    if isinstance(doc, str):
        return doc
    if isinstance(doc, dict):
        return " ".join(full_text(v) for k, v in doc.items() if k not in NOT_TEXT)
    if isinstance(doc, list):
        return " ".join(full_text(v) for v in doc)
    return ""


def tfidf_ranker(candidates: dict[str, Any], roles: dict[str, Any]) -> Ranker:
    """Plain TF-IDF cosine, words only, fitted on every role and profile of the dev set."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    names = list(candidates)
    vectorizer = TfidfVectorizer(analyzer="word")
    vectorizer.fit(
        [full_text(d) for d in candidates.values()] + [full_text(d) for d in roles.values()]
    )
    matrix = vectorizer.transform([full_text(candidates[n]) for n in names])

    def rank(_: str, role_doc: dict[str, Any]) -> list[str]:
        sims = linear_kernel(vectorizer.transform([full_text(role_doc)]), matrix)[0]
        order = sorted(range(len(names)), key=lambda i: (-sims[i], i))  # ties: file order
        return [names[i] for i in order]

    return rank


@dataclass
class Library:
    ranker: Ranker
    how: str


def library_ranker(
    candidates: dict[str, Any], roles: dict[str, Any], *, use_index: bool = False
) -> Library:
    """The matching library's ranking, or DevsetError when the library is not there yet.

    By default the reference ``rank_profiles``; with ``use_index`` the
    ``CandidateIndex`` the web application ranks with.
    """
    try:
        from matching.scoring import rank_profiles
    except ImportError as error:
        raise DevsetError(f"matching library not available ({error})") from error
    try:
        from matching.taxonomy import load_default
    except ImportError:
        taxonomy: Any = NoTaxonomy()
        how = "WITHOUT a taxonomy (matching.taxonomy is missing)"
        norm = Normalizer(None)
    else:
        taxonomy = MemoTaxonomy(load_default())
        how = "with matching.taxonomy.load_default()"
        norm = Normalizer(taxonomy)
    ids = {name: int(name[1:4]) for name in candidates}
    profiles = [to_profile(ids[n], d, norm) for n, d in candidates.items()]
    by_id = {v: k for k, v in ids.items()}
    role_ids = {name: i for i, name in enumerate(roles, start=1)}

    if use_index:
        try:
            from matching.index import CandidateIndex
        except ImportError as error:
            raise DevsetError(f"matching.index not available ({error})") from error
        index = CandidateIndex.build(profiles, taxonomy=taxonomy, as_of=AS_OF)

    def rank(role_file: str, role_doc: dict[str, Any]) -> list[str]:
        role = to_role(role_ids[role_file], role_doc, norm)
        if use_index:
            matches = index.rank(role, top=len(profiles))
        else:
            matches = rank_profiles(role, profiles, taxonomy=taxonomy, top=None, as_of=AS_OF)
        return [by_id[m.candidate_id] for m in matches]

    engine = "CandidateIndex.rank" if use_index else "rank_profiles"
    return Library(rank, f"{engine} {how}")


class MemoTaxonomy:
    """Remembers the taxonomy's answers across roles: each lookup is costly, and
    ``rank_profiles`` reads every profile again for every role."""

    def __init__(self, taxonomy: Any):
        self._taxonomy = taxonomy
        self._memo: dict[tuple[str, str, int], Any] = {}

    def _ask(self, method: str, text: str, limit: int = 1) -> Any:
        key = (method, text, limit)
        if key not in self._memo:
            fn = getattr(self._taxonomy, method)
            self._memo[key] = fn(text, limit=limit) if method.startswith("normalize_") else fn(text)
        return self._memo[key]

    def normalize_skill(self, text: str, *, limit: int = 1) -> list[Any]:
        return list(self._ask("normalize_skill", text, limit))

    def normalize_title(self, text: str, *, limit: int = 1) -> list[Any]:
        return list(self._ask("normalize_title", text, limit))

    def normalize_cause(self, text: str) -> str | None:
        return self._taxonomy.normalize_cause(text)  # type: ignore[no-any-return]

    def related(self, concept_id: str) -> tuple[str, ...]:
        return self._ask("related", concept_id)  # type: ignore[no-any-return]

    def label(self, concept_id: str, lang: str = "en") -> str:
        return self._taxonomy.label(concept_id, lang)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------
# nDCG


def dcg(grades: Iterable[int]) -> float:
    """Discounted cumulative gain with the standard gain 2^g - 1 and log2 discount.

    >>> round(dcg([3, 2, 0, 1]), 4)
    9.3235
    """
    return sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(grades, start=1))


def ndcg_at_k(ranking: Sequence[str], judged: dict[str, int], k: int = K) -> float:
    """nDCG@k of a ranking; unjudged candidates count as 0; the ideal uses every judgment.

    >>> ndcg_at_k(["a", "b", "c"], {"a": 3, "b": 1})
    1.0
    >>> round(ndcg_at_k(["c", "b", "a"], {"a": 3, "b": 1}), 4)
    0.5413
    """
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    return dcg(judged.get(c, 0) for c in ranking[:k]) / ideal if ideal else 0.0


def evaluate(
    ranker: Ranker, roles: dict[str, Any], grades: dict[str, dict[str, int]]
) -> dict[str, float]:
    """nDCG@10 per role file."""
    return {name: ndcg_at_k(ranker(name, doc), grades[name]) for name, doc in roles.items()}


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def report(label: str, scores: dict[str, float], roles: dict[str, Any], per_role: bool) -> None:
    print(f"ndcg_at_{K}_{label}: {mean(scores.values()):.4f} ratio")
    for kind in KINDS:
        of_kind = [s for name, s in scores.items() if role_kind(roles[name]) == kind]
        print(f"ndcg_at_{K}_{label}_{kind}: {mean(of_kind):.4f} ratio")
    if per_role:
        for name, score in scores.items():
            print(f"ndcg_at_{K}_{label}[{Path(name).stem}]: {score:.4f} ratio")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-role", action="store_true", help="also print nDCG for each role")
    parser.add_argument(
        "--index", action="store_true", help="rank with CandidateIndex instead of rank_profiles"
    )
    args = parser.parse_args(argv)

    roles = load_json_dir(DEVSET / "roles")
    candidates = load_json_dir(DEVSET / "candidates")
    grades = load_judgments(roles, candidates)
    if not judgments_frozen():
        print(
            "warning: judgments.csv differs from judgments.sha256; the judgments must not be "
            "edited to fit the scorer (see benchmarks/devset/README.md)",
            file=sys.stderr,
        )

    status = 0
    try:
        library = library_ranker(candidates, roles, use_index=args.index)
    except DevsetError as error:
        print(f"ndcg_at_{K}_matching: n/a ({error})")
        status = 1
    else:
        print(f"# matching: {library.how}", file=sys.stderr)
        report("matching", evaluate(library.ranker, roles, grades), roles, args.per_role)
    baseline = evaluate(tfidf_ranker(candidates, roles), roles, grades)
    report("tfidf_baseline", baseline, roles, args.per_role)
    print(f"pairs_judged: {sum(len(g) for g in grades.values())} pairs")
    print(f"candidates: {len(candidates)} profiles")
    print(f"roles: {len(roles)} roles")
    return status


if __name__ == "__main__":
    sys.exit(main())
