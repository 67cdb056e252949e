"""Folding and keys: the same words written by two people must meet."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.text import (
    STOP_WORDS,
    PrefixIndex,
    WordIndex,
    fold,
    match_key,
    split_gender_pair,
    strip_filler,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Comptabilité", "comptabilite"),
        ("  GESTION   des\tbénévoles ", "gestion des benevoles"),
        ("d’entreprise", "d'entreprise"),
        ("d‘entreprise", "d'entreprise"),
        ("aide-comptable", "aide comptable"),
        ("aide–comptable", "aide comptable"),
        ("Coordonnateur·rice", "coordonnateur"),
        ("coordonnateur•trice", "coordonnateur"),
        ("étudiant·e·s", "etudiant"),
        ("Président(e)", "president"),
        ("trésorier(ère)", "tresorier"),
        ("administrateur.trice", "administrateur"),
        ("Node.js", "node.js"),
        ("Œuvres de charité", "oeuvres de charite"),
        ("Ø", "o"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent_and_trims_spaces(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded


def test_tokenize_drops_stop_words_and_keeps_technical_tokens():
    assert tokenize("Maîtrise de C++, C# et de l’API Node.js") == [
        "maitrise",
        "c++",
        "c#",
        "api",
        "node.js",
    ]
    assert tokenize("the of and le la les") == []
    assert {"de", "des", "the", "and"} <= STOP_WORDS


@pytest.mark.parametrize(
    "forms",
    [
        ["trésorier", "trésorière", "trésorier·ère", "Trésorier(ère)", "TRESORIERE"],
        ["coordonnateur", "coordonnatrice", "coordonnateur·rice", "coordonnateur.trice"],
        ["administrateur", "administratrice", "administrateur·rice", "Administrateur(trice)"],
        ["président du conseil", "présidente du conseil", "président·e du conseil"],
        ["intervenant psychosocial", "intervenante psychosociale", "intervenant·e psychosocial·e"],
        ["gestion de bénévoles", "gestion des bénévoles", "Gestion des bénévole"],
        ["travailleur social", "travailleuse sociale", "travailleurs sociaux"],
        ["volunteers", "volunteer"],
    ],
)
def test_feminine_inclusive_and_plural_forms_share_a_key(forms):
    assert len({match_key(form) for form in forms}) == 1


def test_match_key_of_function_words_is_empty():
    assert match_key("de la the") == ""


@pytest.mark.parametrize(
    ("label", "forms"),
    [
        ("Teneur/teneuse de livres", ["Teneur de livres", "teneuse de livres"]),
        (
            "directeur financier/directrice financière",
            ["directeur financier", "directrice financière"],
        ),
        ("TCP/IP", ["TCP/IP"]),
        ("Alderman/woman", ["Alderman/woman"]),
        ("no slash", ["no slash"]),
    ],
)
def test_split_gender_pair(label, forms):
    assert split_gender_pair(label) == forms


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("Strong communication skills", "communication"),
        ("excellent knowledge of Excel", "excel"),
        ("Bonne maîtrise d'Excel", "excel"),
        ("compétences en comptabilité", "comptabilite"),
        ("knowledge", "knowledge"),
    ],
)
def test_strip_filler(text, core):
    assert strip_filler(match_key(text)) == core


def test_prefix_index_orders_tiers_then_ids():
    index = PrefixIndex(
        [
            ("gestion des benevoles", 3, True),
            ("gestion de projet", 1, True),
            ("gestion", 7, False),
            ("benevolat", 2, True),
        ]
    )
    assert index.complete("gestion", limit=10) == [1, 3, 7]
    assert index.complete("benevol", limit=10) == [2, 3]  # prefix first, then word start
    assert index.complete("gestoin de", limit=10) == [1, 3]  # close spelling of the start
    assert index.complete("zzz", limit=10) == []


def test_word_index_prefers_rare_shared_words_and_tolerates_typos():
    keys = ["manage volunteer", "manage budget", "volunteer", "manage"]
    index = WordIndex(keys)
    best = [keys[i] for _, i in index.search("volunteer management")]
    assert best[0] == "manage volunteer"
    assert keys[index.search("volunter")[0][1]] == "volunteer"
    assert keys[index.search("managevolunteer")[0][1]] == "manage volunteer"
    assert index.search("qqqq") == []
    scores = [score for score, _ in index.search("manage volunteer")]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
