"""Build the compact bilingual taxonomy that ``matching.taxonomy`` loads.

Reads the reference data in ``../shared/data`` (ESCO v1.1.1 skills, skill groups,
occupations and ISCO groups in English and French with their broader relations;
NOC 2021 bilingual job titles; O*NET 29.2 alternate and reported titles joined
through Nesta's ESCO→O*NET crosswalk) and writes ``matching/data/taxonomy.json.gz``.
The service never runs this (it takes ~20 s): it only reads the file written here. The
hand-written ``matching/data/supplement.csv`` is not touched; it is overlaid at
load time.

Re-run it after changing ``matching/text.py`` (the file stores match keys) or the
sources::

    .venv/bin/python -m tools.build_taxonomy            # from the project root
    .venv/bin/python -m tools.build_taxonomy --data ../shared/data --out matching/data

Output, gzip'd JSON with three members:

- ``concepts``: ``[id, kind, label_en, label_fr]``; ``kind`` is ``skill``,
  ``title``, ``skill_group`` or ``occupation_group``. Ids: ``esco:<uuid>`` for
  skills and skill groups, ``isced:<code>`` for ISCED-F skill groups,
  ``occ:<uuid>`` for occupations, ``isco:<code>`` for ISCO-08 groups.
- ``labels``: columns ``concept`` (index), ``lang`` (one letter per label,
  ``e`` or ``f``), ``rank`` (one digit per label: 1 preferred, 2 alternative,
  3 hidden spelling variant, 4 attached from NOC or O*NET by the heuristics
  below), ``text`` and ``key`` (``matching.text.match_key(text)``). A concept
  keeps one label per language and key (the best ranked): variants that differ
  only by articles, plurals or gender collapse. Sorted by rank, length, text
  and concept: the loader breaks ties in that order.
- ``broader``: ``[child_index, parent_index]``.

How NOC and O*NET titles are attached (neither has a published link to ESCO):

- NOC: within one NOC unit group, the ESCO occupations whose labels equal one of
  the group's titles are its *anchors*. Every other title of the group goes to
  the anchor whose labels in the same language resemble it most
  (``token_set_ratio`` ≥ 90), or, when one anchor holds at least 80 % of the
  group's exact hits (five or more), to that anchor.
- O*NET: Nesta's crosswalk maps ESCO occupations to O*NET codes. Each alternate
  or reported title of a code goes to the crosswalked ESCO occupation whose
  English labels resemble it most (``token_set_ratio`` ≥ 80; ties: higher
  crosswalk confidence), or to the only occupation crosswalked to that code
  when the crosswalk is confident (1 or 2) and the code is no "All Other"
  catch-all.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

from matching.text import match_key, split_gender_pair

ESCO = "http://data.europa.eu/esco/"
# The ranks of matching.taxonomy (0 is the supplement, overlaid at load time).
PREFERRED, ALTERNATIVE, HIDDEN, DERIVED = 1, 2, 3, 4
# Lexical evidence needed to attach a title to an occupation (token_set_ratio,
# 0-100: 100 when one title's words are a subset of the other's). Set by reading
# samples of what each value attaches; O*NET asks for less because its
# crosswalk already links the two meanings.
NOC_SIMILARITY = 90.0
NOC_DOMINANCE = 0.8
NOC_DOMINANT_HITS = 5
ONET_SIMILARITY = 80.0


class Builder:
    """Concepts, labels and broader links, deduplicated as they are added."""

    def __init__(self) -> None:
        self.concepts: dict[str, list[str]] = {}  # id -> [kind, label_en, label_fr]
        self.labels: dict[tuple[str, str, str], tuple[int, str]] = {}
        self.broader: set[tuple[str, str]] = set()

    def concept(self, cid: str, kind: str) -> None:
        self.concepts.setdefault(cid, [kind, "", ""])

    def label(self, cid: str, lang: str, text: str, rank: int) -> None:
        text = " ".join(text.split())
        if not text or cid not in self.concepts:
            return
        if rank == PREFERRED:
            slot = 1 if lang == "en" else 2
            self.concepts[cid][slot] = self.concepts[cid][slot] or text
        for form in split_gender_pair(text):
            key = match_key(form)
            # One label per key and language: ESCO lists many variants that
            # differ only by an article or a plural.
            old = self.labels.get((cid, lang, key))
            if key and (old is None or rank < old[0]):
                self.labels[(cid, lang, key)] = (rank, form)

    def link(self, child: str, parent: str) -> None:
        if child in self.concepts and parent in self.concepts and child != parent:
            self.broader.add((child, parent))

    def keys(self, kind: str, lang: str) -> dict[str, set[str]]:
        """Concepts of one kind by the keys of their non-derived labels in one language."""
        out: dict[str, set[str]] = defaultdict(set)
        for (cid, label_lang, key), (rank, _) in self.labels.items():
            if label_lang == lang and rank < DERIVED and self.concepts[cid][0] == kind:
                out[key].add(cid)
        return out

    def keys_by_concept(self) -> dict[tuple[str, str], list[str]]:
        out: dict[tuple[str, str], list[str]] = defaultdict(list)
        for cid, lang, key in self.labels:
            out[cid, lang].append(key)
        return out

    def dump(self) -> dict[str, object]:
        ids = sorted(self.concepts)
        index = {cid: i for i, cid in enumerate(ids)}
        # The loader relies on this order (rank, length, text, concept) to break ties.
        rows = sorted(
            (rank, len(text), text, index[cid], lang, key)
            for (cid, lang, key), (rank, text) in self.labels.items()
        )
        # Columns rather than rows: smaller once gzip'd and faster to parse.
        labels = {
            "concept": [row[3] for row in rows],
            "lang": "".join(row[4][0] for row in rows),
            "rank": "".join(str(row[0]) for row in rows),
            "text": [row[2] for row in rows],
            "key": [row[5] for row in rows],
        }
        return {
            "format": 2,
            "concepts": [[cid, *self.concepts[cid]] for cid in ids],
            "labels": labels,
            "broader": sorted([index[c], index[p]] for c, p in self.broader),
        }


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def lines(cell: str, sep: str = "\n") -> list[str]:
    return [part.strip() for part in cell.split(sep) if part.strip()]


def skill_id(uri_or_tail: str) -> str:
    tail = uri_or_tail.removeprefix(ESCO)
    if tail.startswith("isced-f/"):
        return "isced:" + tail.removeprefix("isced-f/")
    return "esco:" + tail.removeprefix("skill/")


def occupation_id(uri: str) -> str:
    tail = uri.removeprefix(ESCO)
    if tail.startswith("isco/"):
        return "isco:" + tail.removeprefix("isco/")
    return "occ:" + tail.removeprefix("occupation/")


def add_esco(b: Builder, data: Path) -> None:
    en, fr, rel = data / "esco-1.1.1-en", data / "esco-1.1.1-fr", data / "esco-1.1.1-relations"
    for row in read_csv(en / "skills_en.csv"):
        cid = skill_id(row["conceptUri"])
        b.concept(cid, "skill")
        add_labels(b, cid, "en", row, sep="\n")
    for row in read_csv(fr / "skills_fr_labels_merged.csv"):
        cid = skill_id(row["conceptUri"])
        b.label(cid, "fr", row["preferredLabel_fr"], PREFERRED)
        for alt in lines(row["altLabels_fr"], "|"):
            b.label(cid, "fr", alt, ALTERNATIVE)
    for lang, folder in (("en", en), ("fr", fr)):
        for row in read_csv(folder / f"skillGroups_{lang}.csv"):
            cid = skill_id(row["conceptUri"])
            b.concept(cid, "skill_group")
            add_labels(b, cid, lang, row, sep="\n")
        for row in read_csv(folder / f"occupations_{lang}.csv"):
            cid = occupation_id(row["conceptUri"])
            b.concept(cid, "title")
            add_labels(b, cid, lang, row, sep="\n")
        for row in read_csv(folder / f"ISCOGroups_{lang}.csv"):
            cid = occupation_id(row["conceptUri"])
            b.concept(cid, "occupation_group")
            add_labels(b, cid, lang, row, sep="\n")
    for row in read_csv(rel / "broader_relations_skill_pillar_compact.csv"):
        b.link(skill_id(row["concept_id"]), skill_id(row["broader_id"]))
    for row in read_csv(rel / "broaderRelationsOccPillar.csv"):
        b.link(occupation_id(row["conceptUri"]), occupation_id(row["broaderUri"]))


def add_labels(b: Builder, cid: str, lang: str, row: dict[str, str], *, sep: str) -> None:
    b.label(cid, lang, row["preferredLabel"], PREFERRED)
    for alt in lines(row.get("altLabels", ""), sep):
        b.label(cid, lang, alt, ALTERNATIVE)
    for hidden in lines(row.get("hiddenLabels", ""), sep):
        b.label(cid, lang, hidden, HIDDEN)


def add_noc(b: Builder, data: Path) -> Counter[str]:
    groups = json.loads(
        (data / "noc-2021-bilingual/noc2021_bilingual_unit_groups.json").read_text()
    )
    index = {lang: b.keys("title", lang) for lang in ("en", "fr")}
    keys_of = b.keys_by_concept()
    stats: Counter[str] = Counter()
    for group in groups:
        titles = [
            (lang, form)
            for lang in ("en", "fr")
            for title in group[f"occupations_{lang.upper()}"]
            for form in split_gender_pair(title)
        ]
        hits: Counter[str] = Counter()
        for lang, title in titles:
            for cid in sorted(index[lang].get(match_key(title), ())):
                hits[cid] += 1
        if not hits:
            stats["groups_without_anchor"] += 1
            continue
        for lang, title in titles:
            if match_key(title) in index[lang]:
                stats["already_known"] += 1
                continue
            anchors = sorted(hits.items())  # a fixed order keeps the build reproducible
            target = closest_anchor(title, anchors, [keys_of[cid, lang] for cid, _ in anchors])
            if target is None:
                stats["left_out"] += 1
                continue
            b.label(target, lang, title, DERIVED)
            stats[f"attached_{lang}"] += 1
    return stats


def closest_anchor(title: str, anchors: list[tuple[str, int]], keys: list[list[str]]) -> str | None:
    """The anchor the title belongs to, or None; ``anchors`` are (occupation, hits) by id."""
    key = match_key(title)
    best: tuple[float, int, str] | None = None
    for (cid, count), anchor_keys in zip(anchors, keys, strict=True):
        found = process.extractOne(key, anchor_keys, scorer=fuzz.token_set_ratio)
        if found and (best is None or (found[1], count) > best[:2]):
            best = (found[1], count, cid)
    if best and best[0] >= NOC_SIMILARITY:
        return best[2]
    top, count = max(anchors, key=lambda pair: pair[1])  # the first by id among ties
    total = sum(n for _, n in anchors)
    if count >= NOC_DOMINANT_HITS and count / total >= NOC_DOMINANCE:
        return top
    return None


def add_onet(b: Builder, data: Path) -> Counter[str]:
    by_code: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for row in read_csv(data / "eval/nesta_esco_onet_crosswalk_Nov2020.csv"):
        cid = occupation_id(row["concept_uri"])
        if cid in b.concepts:
            by_code[row["onet_code"]].append((float(row["confidence"]), cid))
    titles = onet_titles(data)
    catch_alls = {
        row["onet_soc_code"]
        for row in read_csv(data / "onet-29.2/onet_occupation_data.csv")
        if "All Other" in row["title"]
    }
    stats: Counter[str] = Counter()
    keys_of = b.keys_by_concept()
    for code, title in titles:
        candidates = by_code.get(code)
        if not candidates:
            stats["no_crosswalk"] += 1
            continue
        key = match_key(title)
        scored = []
        for confidence, cid in candidates:
            found = process.extractOne(key, keys_of[cid, "en"], scorer=fuzz.token_set_ratio)
            scored.append((found[1] if found else 0.0, confidence, cid))
        similarity, confidence, target = max(scored)
        if similarity >= ONET_SIMILARITY or (
            len(candidates) == 1 and confidence >= 1.0 and code not in catch_alls
        ):
            b.label(target, "en", title, DERIVED)
            stats["attached"] += 1
        else:
            stats["left_out"] += 1
    return stats


def onet_titles(data: Path) -> Iterable[tuple[str, str]]:
    onet = data / "onet-29.2"
    seen = set()
    for row in read_csv(onet / "onet_alternate_titles.csv"):
        seen.add((row["onet_soc_code"], row["alternate_title"]))
        if row["short_title"] not in ("", "n/a"):
            seen.add((row["onet_soc_code"], row["short_title"]))
    for row in read_csv(onet / "onet_sample_of_reported_titles.csv"):
        seen.add((row["onet_soc_code"], row["reported_job_title"]))
    return sorted(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--data", type=Path, default=root.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=root / "matching" / "data")
    args = parser.parse_args()

    b = Builder()
    add_esco(b, args.data)
    print("ESCO:", Counter(kind for kind, *_ in b.concepts.values()), len(b.labels), "labels")
    print("NOC:", dict(add_noc(b, args.data)))
    print("O*NET:", dict(add_onet(b, args.data)))
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / "taxonomy.json.gz"
    payload = json.dumps(b.dump(), ensure_ascii=False, separators=(",", ":"))
    # mtime=0 keeps the file byte-identical between runs on the same sources.
    with gzip.GzipFile(out, "wb", mtime=0) as handle:
        handle.write(payload.encode("utf-8"))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
