"""How well the taxonomy recognizes skills and titles, against a plain TF-IDF baseline.

Run: `.venv/bin/python -m benchmarks.quality [--titles N] [--calibrate]`.
Prints one figure per line as `name: value unit`. Reads the evaluation files in
`../shared/data/eval` at run time only; none of them is copied into the project.

- Skills: the skill-extraction benchmark's HOUSE and TECH test spans (the
  sub-span when there is one) whose label is an ESCO skill; spans labelled
  `LABEL NOT PRESENT` or `UNDERSPECIFIED` are left out of accuracy, and the
  share of them that still gets a concept is reported.
- Titles: JobBERT's test vacancy titles against their ESCO occupation.
- Cross-lingual: a seeded sample of ESCO skills with a French label; the French
  and English preferred labels must normalize to the same concept.
- Baseline: character n-gram TF-IDF (`char_wb`, 3-5) over the English
  preferred labels, nearest by cosine, computed in the same run.

`--calibrate` instead fits the fuzzy threshold and the score-to-confidence map
on the VALIDATION spans and prints the values to copy into matching/taxonomy.py.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from matching.taxonomy import FUZZY_THRESHOLD, Taxonomy, fuzzy_confidence, load_default
from matching.types import ConceptMatch

EVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval"
NEGATIVE = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
Case = tuple[str, str | None]  # (text, gold concept id or None for a negative)


def skill_spans(eval_dir: Path, split: str, tax: Taxonomy) -> list[Case]:
    gold_of = {c.label_en: c.id for c in tax.concepts("skill")}
    cases: list[Case] = []
    for corpus in ("house", "tech"):
        path = eval_dir / f"skillext_{corpus}_{split}_annotations.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                label = " ".join(row["label"].split())
                gold = None if label in NEGATIVE else gold_of[label]
                cases.append((row["sub_span"] or row["span"], gold))
    return cases


def job_titles(eval_dir: Path, tax: Taxonomy, sample: int, seed: int) -> tuple[list[Case], int]:
    cases: list[Case] = []
    unknown = 0
    with (eval_dir / "jobbert_titles_test.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            gold = "occ:" + row["conceptUri"].rsplit("/", 1)[-1]
            if gold in tax:
                cases.append((row["vacancyTitle"], gold))
            else:
                unknown += 1
    if 0 < sample < len(cases):
        cases = random.Random(seed).sample(cases, sample)
    return cases, unknown


class Baseline:
    """Nearest preferred label by cosine over character n-gram TF-IDF."""

    def __init__(self, labels: Sequence[str], ids: Sequence[str]) -> None:
        self.ids = list(ids)
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
        self.matrix = self.vectorizer.fit_transform(labels)

    def rank(self, texts: Sequence[str], k: int) -> list[list[str]]:
        out = []
        for start in range(0, len(texts), 500):
            sims = (self.vectorizer.transform(texts[start : start + 500]) @ self.matrix.T).toarray()
            top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
            out.extend([self.ids[j] for j in row] for row in top)
        return out


def both_ways(matches: list[ConceptMatch]) -> tuple[list[str], list[str]]:
    """Concepts as the API returns them, and the same without the fuzzy threshold.

    Computed from one call with ``score_cutoff=0``: the API's answer is that list
    without the fuzzy matches below the threshold (confidence grows with score).
    """
    floor = fuzzy_confidence(FUZZY_THRESHOLD) - 1e-9
    kept = [m.concept_id for m in matches if m.method != "fuzzy" or m.confidence >= floor]
    return kept, [m.concept_id for m in matches]


def accuracy(ranked: Sequence[Sequence[str]], golds: Sequence[str | None], k: int) -> float:
    hits = [gold in found[:k] for found, gold in zip(ranked, golds, strict=True) if gold]
    return 100.0 * sum(hits) / max(len(hits), 1)


def show(name: str, value: float | int, unit: str) -> None:
    print(f"{name}: {value:.1f} {unit}" if isinstance(value, float) else f"{name}: {value} {unit}")


def skills(tax: Taxonomy, eval_dir: Path) -> None:
    cases = skill_spans(eval_dir, "test", tax)
    texts, golds = [t for t, _ in cases], [g for _, g in cases]
    pairs = [both_ways(tax.normalize_skill(t, limit=5, score_cutoff=0)) for t in texts]
    ours, loose = [p[0] for p in pairs], [p[1] for p in pairs]
    concepts = tax.concepts("skill")
    base = Baseline([c.label_en for c in concepts], [c.id for c in concepts]).rank(texts, 5)
    negatives = [found for found, gold in zip(ours, golds, strict=True) if gold is None]
    show("skill_spans_scored", sum(g is not None for g in golds), "spans")
    show("skill_spans_excluded_negative", len(negatives), "spans")
    for k in (1, 5):
        show(f"skill_norm_acc_at_{k}", accuracy(ours, golds, k), "%")
        show(f"skill_norm_acc_at_{k}_no_threshold", accuracy(loose, golds, k), "%")
        show(f"skill_norm_acc_at_{k}_tfidf_baseline", accuracy(base, golds, k), "%")
    scored = [found for found, gold in zip(ours, golds, strict=True) if gold]
    show("skill_norm_coverage", 100.0 * sum(bool(f) for f in scored) / len(scored), "%")
    accepted = 100.0 * sum(bool(f) for f in negatives) / max(len(negatives), 1)
    show("skill_norm_negatives_given_a_concept", accepted, "%")
    show("skill_norm_negatives_given_a_concept_tfidf_baseline", 100.0, "%")


def titles(tax: Taxonomy, eval_dir: Path, sample: int, seed: int) -> None:
    cases, unknown = job_titles(eval_dir, tax, sample, seed)
    texts, golds = [t for t, _ in cases], [g for _, g in cases]
    start = time.perf_counter()
    pairs = [both_ways(tax.normalize_title(t, limit=10, score_cutoff=0)) for t in texts]
    elapsed = time.perf_counter() - start
    ours, loose = [p[0] for p in pairs], [p[1] for p in pairs]
    concepts = tax.concepts("title")
    esco = [c for c in concepts if c.id.startswith("occ:")]
    base = Baseline([c.label_en for c in esco], [c.id for c in esco]).rank(texts, 10)
    note = f" (seeded sample of {len(cases)})" if sample else ""
    show("title_cases" + ("_sampled" if sample else ""), len(cases), "titles" + note)
    show("title_cases_unknown_uri", unknown, "titles")
    for k in (1, 10):
        show(f"title_acc_at_{k}", accuracy(ours, golds, k), "%")
        show(f"title_acc_at_{k}_no_threshold", accuracy(loose, golds, k), "%")
        show(f"title_acc_at_{k}_tfidf_baseline", accuracy(base, golds, k), "%")
    show("title_coverage", 100.0 * sum(bool(f) for f in ours) / len(ours), "%")
    show("title_normalize_mean_ms", 1000 * elapsed / len(texts), "ms")


def crosslingual(tax: Taxonomy, n: int, seed: int) -> None:
    both = [
        c for c in tax.concepts("skill") if c.label_en and c.label_fr and c.id.startswith("esco:")
    ]
    sample = random.Random(seed).sample(both, min(n, len(both)))
    rng = random.Random(seed + 1)

    def typo(text: str) -> str:
        cut = rng.randrange(1, len(text) - 1) if len(text) > 5 else len(text)
        return text[:cut] + text[cut + 1 :]

    variants = {"": (lambda t: t), "_typo": typo}
    labels = [c.label_en for c in both] + [c.label_fr for c in both]
    baseline = Baseline(labels, [c.id for c in both] * 2)
    for suffix, change in variants.items():
        fr = [change(c.label_fr) for c in sample]
        en = [change(c.label_en) for c in sample]
        agree = 0
        for f, e in zip(fr, en, strict=True):
            a, b = tax.normalize_skill(f), tax.normalize_skill(e)
            agree += bool(a and b and a[0].concept_id == b[0].concept_id)
        base = sum(x == y for x, y in zip(baseline.rank(fr, 1), baseline.rank(en, 1), strict=True))
        show(f"crosslingual_agreement{suffix}", 100.0 * agree / len(sample), f"% of {len(sample)}")
        show(f"crosslingual_agreement{suffix}_tfidf_baseline", 100.0 * base / len(sample), "%")


def calibrate(tax: Taxonomy, eval_dir: Path) -> None:
    """Fit the fuzzy threshold (F1) and the logistic score→confidence map on VALIDATION.

    A span counts as right when its concept is the gold one; spans labelled as
    negatives count as wrong whenever they get a concept.
    """
    cases = skill_spans(eval_dir, "validation", tax)
    positives = sum(g is not None for _, g in cases)
    looked_up_right = looked_up = 0
    fuzzy: list[tuple[float, bool]] = []
    for text, gold in cases:
        found = tax.normalize_skill(text, limit=1, score_cutoff=101)  # lookups only
        if found:
            looked_up += 1
            looked_up_right += found[0].concept_id == gold
            continue
        best = tax.search(text, limit=1)
        if best:
            fuzzy.append((best[0][0], best[0][1] == gold))
    print(f"validation spans: {len(cases)}, with a label: {positives}")
    print(f"lookup: {looked_up} given a concept, {looked_up_right} right")
    rows = []
    for threshold in range(50, 101, 2):
        kept = [right for score, right in fuzzy if score >= threshold]
        right = looked_up_right + sum(kept)
        precision = right / max(looked_up + len(kept), 1)
        recall = right / positives
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        rows.append((f1, threshold))
        print(
            f"  threshold {threshold:3d}: fuzzy kept {len(kept):3d} ({sum(kept):3d} right)"
            f"  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
        )
    # F1 is flat near its best on a few hundred spans: of the thresholds within
    # 0.005 of it, take the highest, since a wrong concept costs more than none.
    best_f1 = max(f1 for f1, _ in rows)
    best_threshold = max(t for f1, t in rows if f1 >= best_f1 - 0.005)
    model = LogisticRegression(C=1e4).fit(
        np.array([[s] for s, _ in fuzzy]), np.array([r for _, r in fuzzy])
    )
    slope = float(model.coef_[0][0])
    midpoint = -float(model.intercept_[0]) / slope
    print(f"FUZZY_THRESHOLD = {best_threshold}  (best F1 {best_f1:.3f})")
    print(f"_LOGIT_SLOPE = {slope:.3f}\n_LOGIT_MIDPOINT = {midpoint:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL)
    parser.add_argument("--titles", type=int, default=0, help="seeded sample size (0: all)")
    parser.add_argument("--crosslingual", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--calibrate", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    tax = load_default()
    show("taxonomy_load_s", time.perf_counter() - start, "s")
    if args.calibrate:
        calibrate(tax, args.eval_dir)
        return
    skills(tax, args.eval_dir)
    titles(tax, args.eval_dir, args.titles, args.seed)
    crosslingual(tax, args.crosslingual, args.seed)
    show("quality_run_s", time.perf_counter() - start, "s")


if __name__ == "__main__":
    main()
