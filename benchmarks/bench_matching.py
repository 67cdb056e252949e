"""How fast the matching ranks 100,000 candidates: index build, query, update, python loop.

Run: `make bench` or `.venv/bin/python -m benchmarks.bench_matching [--candidates N]`.
Prints one figure per line as `name: value unit` (medians over the runs).

The candidates are made up with a seeded generator, in the shape of real profiles:
3–15 skills, 0–6 dated positions with descriptions, 1–3 languages, a French or
English headline and summary, cities across Québec, causes, some board service.
Skills, titles and causes are the packaged taxonomy's French and English labels
when it is there (a synthetic vocabulary otherwise). Each role of each kind asks
for everything the components read (skills, languages, hours, schedule, place,
cause, years), so every component is computed. The python loop is
`matching.scoring.rank_profiles` over the same candidates (fewer runs: it is slow).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import accumulate
from typing import Any

from matching.index import CandidateIndex
from matching.scoring import rank_profiles
from matching.text import split_gender_pair
from matching.types import (
    BoardServiceRecord,
    CandidateProfile,
    ConceptMatch,
    LanguageClaim,
    PositionRecord,
    RoleKind,
    RoleLanguageSpec,
    RoleSkillSpec,
    RoleSpec,
    SkillClaim,
)

AS_OF = date(2026, 1, 1)
CITIES = [  # (city, region, weight): roughly where Quebecers live
    ("Montréal", "Montréal", 30),
    ("Laval", "Laval", 6),
    ("Longueuil", "Montérégie", 4),
    ("Brossard", "Montérégie", 2),
    ("Saint-Jean-sur-Richelieu", "Montérégie", 2),
    ("Québec", "Capitale-Nationale", 10),
    ("Lévis", "Chaudière-Appalaches", 3),
    ("Gatineau", "Outaouais", 5),
    ("Sherbrooke", "Estrie", 3),
    ("Trois-Rivières", "Mauricie", 3),
    ("Saguenay", "Saguenay–Lac-Saint-Jean", 3),
    ("Rimouski", "Bas-Saint-Laurent", 1),
    ("Terrebonne", "Lanaudière", 2),
    ("Saint-Jérôme", "Laurentides", 2),
    ("Drummondville", "Centre-du-Québec", 1),
    ("Rouyn-Noranda", "Abitibi-Témiscamingue", 1),
    ("Gaspé", "Gaspésie–Îles-de-la-Madeleine", 1),
    ("Sept-Îles", "Côte-Nord", 1),
    ("", "", 4),
]
WORDS = {
    "fr": [
        "équipe",
        "projet",
        "gestion",
        "clients",
        "service",
        "communauté",
        "soutien",
        "organisme",
        "bénévoles",
        "rapports",
        "budget",
        "suivi",
        "accueil",
        "programme",
        "jeunes",
        "familles",
        "partenaires",
        "activités",
        "développement",
        "coordination",
        "formation",
        "événements",
        "dons",
        "collecte",
        "quartier",
        "aînés",
    ],
    "en": [
        "team",
        "project",
        "management",
        "clients",
        "service",
        "community",
        "support",
        "organization",
        "volunteers",
        "reports",
        "budget",
        "follow-up",
        "intake",
        "program",
        "youth",
        "families",
        "partners",
        "activities",
        "development",
        "coordination",
        "training",
        "events",
        "donations",
        "outreach",
        "neighbourhood",
        "seniors",
    ],
}
COMPANIES = ["Centraide", "Moisson Montréal", "Desjardins", "CIUSSS", "Ville de Québec", "Bell"]
SCHEDULES = ["weekdays", "evenings", "weekends"]
MODES: list[Any] = [None, "in_person", "remote", "hybrid", "any"]


@dataclass
class Vocabulary:
    """Concepts to draw from: (concept id, English label, French label) per kind."""

    skills: list[tuple[str, str, str]]
    titles: list[tuple[str, str, str]]
    causes: list[tuple[str, str, str]]
    taxonomy: Any
    source: str
    #: Words of free text, by language: common ones first, then every word of the labels.
    words: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for lang, column in (("en", 1), ("fr", 2)):
            labels = [c[column] for c in self.skills + self.titles + self.causes]
            extra = sorted({w for label in labels for w in label.split() if len(w) > 3})
            self.words[lang] = WORDS[lang] + [w for w in extra if w not in WORDS[lang]]


def vocabulary(rng: random.Random) -> Vocabulary:
    try:
        from matching.taxonomy import load_default

        taxonomy = load_default()
    except (ImportError, FileNotFoundError):
        return synthetic_vocabulary()

    def pick(kind: str, n: int) -> list[tuple[str, str, str]]:
        concepts = [c for c in taxonomy.concepts(kind) if c.label_en and c.label_fr]
        own = [c for c in concepts if c.id.startswith("rallier:")]
        chosen = own + rng.sample(concepts, min(n, len(concepts)))
        return [(c.id, c.label_en, split_gender_pair(c.label_fr)[-1]) for c in chosen]

    return Vocabulary(
        pick("skill", 800), pick("title", 250), pick("cause", 30), taxonomy, "taxonomy"
    )


def synthetic_vocabulary() -> Vocabulary:
    def kind(n: int, prefix: str) -> list[tuple[str, str, str]]:
        return [
            (f"{prefix}:{i}", f"{prefix} skill {i}", f"{prefix} compétence {i}") for i in range(n)
        ]

    vocab = Vocabulary(kind(800, "sk"), kind(250, "ti"), kind(20, "ca"), None, "synthetic")
    vocab.taxonomy = SyntheticTaxonomy(vocab)
    return vocab


class SyntheticTaxonomy:
    """Exact look-up of the synthetic labels, in either language."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.ids = {
            (kind, label): cid
            for kind, concepts in (
                ("skill", vocab.skills),
                ("title", vocab.titles),
                ("cause", vocab.causes),
            )
            for cid, en, fr in concepts
            for label in (en, fr)
        }
        self.labels = {cid: (en, fr) for cid, en, fr in vocab.skills + vocab.titles + vocab.causes}

    def _find(self, kind: str, text: str) -> list[ConceptMatch]:
        cid = self.ids.get((kind, text))
        return [ConceptMatch(cid, text, 1.0, "exact", text)] if cid else []

    def normalize_skill(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        return self._find("skill", text)

    def normalize_title(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        return self._find("title", text)

    def normalize_cause(self, text: str) -> str | None:
        return self.ids.get(("cause", text))

    def related(self, concept_id: str) -> tuple[str, ...]:
        return ()

    def label(self, concept_id: str, lang: str = "en") -> str:
        return self.labels[concept_id][lang == "fr"] if concept_id in self.labels else concept_id


def zipf_pick(rng: random.Random, items: list[Any], k: int | None = None) -> Any:
    """Popular items come up often, the long tail rarely (Zipf, flattened head), as in real text."""
    weights = _CUMULATIVE.get(len(items))
    if weights is None:
        weights = _CUMULATIVE[len(items)] = list(
            accumulate(1 / (r + 10) for r in range(len(items)))
        )
    picked = rng.choices(items, cum_weights=weights, k=k or 1)
    return picked if k else picked[0]


_CUMULATIVE: dict[int, list[float]] = {}


def make_profile(rng: random.Random, vocab: Vocabulary, candidate_id: int) -> CandidateProfile:
    lang = "fr" if rng.random() < 0.65 else "en"
    label = 2 if lang == "fr" else 1

    def words(n: int) -> str:
        return " ".join(zipf_pick(rng, vocab.words[lang], n))

    skills = {zipf_pick(rng, vocab.skills)[label] for _ in range(rng.randint(3, 15))}
    positions = []
    year = 2025
    for _ in range(rng.randint(0, 6)):
        length = rng.randint(1, 6)
        start = date(max(1985, year - length), rng.randint(1, 12), 1)
        end = None if year == 2025 and rng.random() < 0.5 else date(year, rng.randint(1, 12), 1)
        title = zipf_pick(rng, vocab.titles)[label]
        mention = f" {rng.choice(sorted(skills))}" if rng.random() < 0.5 else ""
        positions.append(
            PositionRecord(
                title,
                company=rng.choice(COMPANIES),
                description=words(rng.randint(10, 30)) + mention,
                start=start,
                end=end,
                source="Positions.csv",
            )
        )
        year = start.year - rng.randint(0, 2)
    city, region, _ = rng.choices(CITIES, weights=[c[2] for c in CITIES])[0]
    languages = ["fr", "en"] if rng.random() < 0.6 else [lang]
    if rng.random() < 0.15:
        languages.append(rng.choice(["es", "ar", "zh"]))
    return CandidateProfile(
        id=candidate_id,
        headline=f"{positions[0].title if positions else ''} {words(rng.randint(2, 6))}",
        summary=words(rng.randint(20, 60)),
        city=city,
        region=region,
        skills=tuple(SkillClaim(s, source="Skills.csv") for s in sorted(skills)),
        positions=tuple(positions),
        languages=tuple(LanguageClaim(code, rng.choice([None, 2, 3, 4, 5])) for code in languages),
        causes=tuple({zipf_pick(rng, vocab.causes)[label] for _ in range(rng.randint(0, 3))}),
        board_services=tuple(
            BoardServiceRecord(
                rng.choice(COMPANIES), role=rng.choice(["member", "Treasurer", "Présidente"])
            )
            for _ in range(rng.choice([0] * 8 + [1, 2]))
        ),
        hours_per_week=rng.choice([None, 2, 4, 8, 15, 35]),
        schedule=frozenset(rng.sample(SCHEDULES, rng.randint(0, 3))),
        work_mode=rng.choice(MODES),
    )


def make_role(rng: random.Random, vocab: Vocabulary, role_id: int, kind: RoleKind) -> RoleSpec:
    lang = rng.choice([1, 2])
    city, region, _ = CITIES[rng.randrange(len(CITIES) - 1)]
    return RoleSpec(
        id=role_id,
        kind=kind,
        title=zipf_pick(rng, vocab.titles)[lang],
        description=" ".join(zipf_pick(rng, vocab.words["fr" if lang == 2 else "en"], 40)),
        skills=tuple(
            RoleSkillSpec(zipf_pick(rng, vocab.skills)[lang], required=i == 0)
            for i in range(rng.randint(3, 8))
        ),
        languages=(RoleLanguageSpec("fr", 3, required=True), RoleLanguageSpec("en", 2)),
        city=city,
        region=region,
        work_mode=rng.choice(["in_person", "hybrid"]),
        hours_per_week={"volunteer": 4, "staff": 35, "board": 3}[kind],
        schedule=frozenset(rng.sample(SCHEDULES, 2)),
        cause=zipf_pick(rng, vocab.causes)[lang],
        min_years_experience=rng.choice([2, 3, 5]),
    )


def median_ms(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="runs per role of the index query")
    parser.add_argument("--loop-runs", type=int, default=2, help="runs of the python loop")
    parser.add_argument("--roles", type=int, default=2, help="roles of each kind")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    vocab = vocabulary(rng)
    profiles = [make_profile(rng, vocab, i) for i in range(args.candidates)]
    kinds: list[RoleKind] = ["volunteer", "staff", "board"]
    roles = [make_role(rng, vocab, n, kind) for n, kind in enumerate(kinds * args.roles)]
    suffix = f"{args.candidates // 1000}k" if args.candidates >= 1000 else str(args.candidates)

    start = time.perf_counter()
    index = CandidateIndex.build(profiles, taxonomy=vocab.taxonomy, as_of=AS_OF)
    build_s = time.perf_counter() - start

    rank_samples, first_samples = [], []
    for role in roles:
        # The first query of a role pays for its taxonomy look-ups and for reading back
        # the features of candidates not explained yet; the next ones find them ready.
        first_samples.append(median_ms(lambda role=role: index.rank(role, top=50), 1))
        rank_samples += [
            median_ms(lambda role=role: index.rank(role, top=50), 1) for _ in range(args.runs)
        ]
    loop_ms = median_ms(
        lambda: rank_profiles(roles[1], profiles, taxonomy=vocab.taxonomy, top=50, as_of=AS_OF),
        args.loop_runs,
    )
    rank_ms = statistics.median(rank_samples)

    def update_one() -> None:
        candidate_id = rng.randrange(args.candidates)
        index.update(replace(make_profile(rng, vocab, candidate_id), id=candidate_id))

    update_ms = median_ms(update_one, 200)
    concepts = len(vocab.skills) + len(vocab.titles) + len(vocab.causes)
    print(f"vocabulary_{vocab.source}_concepts: {concepts} concepts")
    print(f"index_{suffix}_build_s: {build_s:.1f} s")
    print(f"rank_{suffix}_median_ms: {rank_ms:.1f} ms")
    print(f"rank_{suffix}_first_query_median_ms: {statistics.median(first_samples):.1f} ms")
    print(f"rank_{suffix}_python_loop_median_ms: {loop_ms:.0f} ms")
    print(f"rank_speedup_ratio: {loop_ms / rank_ms:.0f} x")
    print(f"update_one_median_ms: {update_ms:.2f} ms")


if __name__ == "__main__":
    main()
