"""How fast the taxonomy loads, completes what a user types, and normalizes a skill.

Run: `make bench` or `.venv/bin/python -m benchmarks.bench_suggest [--runs N]`.
Prints one figure per line as `name: value unit`. Suggestions are timed on every
prefix of realistic French and English skills and titles, typed keystroke by
keystroke (some with a typo), after the indexes are built; their one-off build
is reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from matching.taxonomy import Kind, Taxonomy

# (what is typed, language, kind): words Québec nonprofits and their volunteers use.
TYPED: list[tuple[str, str, Kind]] = [
    ("gestion de bénévoles", "fr", "skill"),
    ("collecte de fonds", "fr", "skill"),
    ("comptabilité", "fr", "skill"),
    ("tenue de livres", "fr", "skill"),
    ("demandes de subvention", "fr", "skill"),
    ("sécurité alimentaire", "fr", "skill"),
    ("intervention psychosociale", "fr", "skill"),
    ("planification stratégique", "fr", "skill"),
    ("service à la clientèle", "fr", "skill"),
    ("gouvernance", "fr", "skill"),
    ("médias sociaux", "fr", "skill"),
    ("gestoin de projet", "fr", "skill"),
    ("trésorier", "fr", "title"),
    ("administratrice", "fr", "title"),
    ("coordonnatrice des bénévoles", "fr", "title"),
    ("directrice générale", "fr", "title"),
    ("travailleur de rue", "fr", "title"),
    ("adjointe administrative", "fr", "title"),
    ("infirmière auxiliaire", "fr", "title"),
    ("volunteer management", "en", "skill"),
    ("fundraising", "en", "skill"),
    ("bookkeeping", "en", "skill"),
    ("grant writing", "en", "skill"),
    ("Microsoft Excel", "en", "skill"),
    ("project management", "en", "skill"),
    ("public relations", "en", "skill"),
    ("event planning", "en", "skill"),
    ("custmer service", "en", "skill"),
    ("board chair", "en", "title"),
    ("treasurer", "en", "title"),
    ("chief financial officer", "en", "title"),
    ("volunteer coordinator", "en", "title"),
    ("executive director", "en", "title"),
    ("social worker", "en", "title"),
    ("software developer", "en", "title"),
]

TO_NORMALIZE = [text for text, _, _ in TYPED] + [
    "Strong communication skills",
    "Gestion des bénévols",
    "acounting",
    "levée de fonds",
    "people management",
    "data analysis",
    "Trésorière",
    "Senior Accountant",
]


def timings_ms(calls: list[Callable[[], object]], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        for call in calls:
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    tax = Taxonomy.load()
    print(f"taxonomy_load_s: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    tax.prepare()
    print(f"index_build_s: {time.perf_counter() - start:.2f} s (once per process, at first use)")

    keystrokes = [
        (text[:end], lang, kind) for text, lang, kind in TYPED for end in range(1, len(text) + 1)
    ]
    suggest = [
        lambda p=prefix, lg=lang, k=kind: tax.suggest(p, lang=lg, kind=k, limit=10)
        for prefix, lang, kind in keystrokes
    ]
    samples = timings_ms(suggest, args.runs)
    print(f"suggest_queries: {len(keystrokes)} keystrokes x {args.runs} runs")
    print(f"suggest_median_ms: {statistics.median(samples):.3f} ms")
    print(f"suggest_p95_ms: {statistics.quantiles(samples, n=20)[-1]:.3f} ms")
    print(f"suggest_max_ms: {max(samples):.3f} ms")

    normalize = [lambda t=text: tax.normalize_skill(t, limit=5) for text in TO_NORMALIZE]
    samples = timings_ms(normalize, args.runs)
    print(f"normalize_median_ms: {statistics.median(samples):.3f} ms")
    print(f"normalize_p95_ms: {statistics.quantiles(samples, n=20)[-1]:.3f} ms")


if __name__ == "__main__":
    main()
