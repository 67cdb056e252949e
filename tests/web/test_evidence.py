"""The reasons of a score: the library's structured evidence, worded in either language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from flask_babel import force_locale

from app.services import evidence
from matching.components import NoTaxonomy
from matching.index import CandidateIndex
from matching.scoring import score
from matching.types import (
    EVIDENCE_CODES,
    BoardServiceRecord,
    CandidateProfile,
    ComponentScore,
    Evidence,
    LanguageClaim,
    Match,
    PositionRecord,
    RoleLanguageSpec,
    RoleSkillSpec,
    RoleSpec,
    SkillClaim,
    SkillMatch,
)

AS_OF = date(2026, 6, 1)
ROLE = RoleSpec(
    id=1,
    kind="board",
    title="Trésorier",
    description="Tenir la comptabilité et le budget",
    skills=(RoleSkillSpec("comptabilité", required=True), RoleSkillSpec("budget")),
    languages=(RoleLanguageSpec("fr", level=4, required=True),),
    city="Montréal",
    region="Québec",
    work_mode="in_person",
    hours_per_week=4,
    schedule=frozenset({"evenings"}),
    cause="sécurité alimentaire",
    min_years_experience=3,
)
PROFILE = CandidateProfile(
    id=7,
    headline="Comptable",
    summary="budget et comptabilité",
    city="Montréal",
    region="Québec",
    skills=(SkillClaim("Comptabilité", source="linkedin"),),
    positions=(
        PositionRecord("Directrice financière", "Caisse", "budget", date(2015, 1, 1), None),
        PositionRecord("Commis", "Épicerie", "comptabilité", date(2010, 1, 1), date(2014, 12, 31)),
    ),
    languages=(LanguageClaim("fr", 5, source="form"),),
    causes=("sécurité alimentaire",),
    board_services=(BoardServiceRecord("Centre", "treasurer", "Finances", date(2018, 1, 1)),),
    hours_per_week=3,
    schedule=frozenset({"evenings", "weekends"}),
    work_mode="hybrid",
)


def all_evidence(match: Match) -> list[Evidence]:
    return [item for c in match.components.values() for item in c.evidence]


def test_the_library_tags_every_sentence_with_a_known_code_and_its_parts():
    staff = replace(ROLE, kind="staff", title="Commis")
    items = [
        *all_evidence(score(ROLE, PROFILE, taxonomy=NoTaxonomy(), as_of=AS_OF)),
        *all_evidence(score(staff, PROFILE, taxonomy=NoTaxonomy(), as_of=AS_OF)),
    ]
    codes = {item.code for item in items}
    assert codes >= {
        "skill.same",
        "text.shared",
        "experience.seniority",
        "experience.title",
        "experience.mentions",
        "language.level",
        "availability.hours",
        "availability.schedule",
        "location.lives",
        "location.mode",
        "cause.cares",
        "governance.board",
        "governance.executive",
    }
    for item in items:
        assert item.code in EVIDENCE_CODES, item
        assert set(item.params) <= set(EVIDENCE_CODES[item.code]), item
        assert item.text  # the English sentence stays for the library's own use


def test_the_index_explains_with_the_same_structured_evidence():
    index = CandidateIndex.build([PROFILE], taxonomy=NoTaxonomy(), as_of=AS_OF)
    (ranked,) = index.rank(ROLE, top=1)
    alone = score(ROLE, PROFILE, taxonomy=NoTaxonomy(), as_of=AS_OF, text_model=index.text_model_)
    assert all_evidence(ranked) == all_evidence(alone)


def test_evidence_stays_hashable():
    item = Evidence("x", code="cause.cares", params={"cause": "faim"})
    assert hash(item) == hash(Evidence("x", code="cause.cares", params={"cause": "soif"}))
    assert item != Evidence("x", code="cause.cares", params={"cause": "soif"})


ENGLISH = [
    (
        "skill.same",
        {"skill": "Accounting", "label": "tenue de livres"},
        "Accounting: “tenue de livres” (the same skill)",
    ),
    (
        "skill.related",
        {"skill": "Budget", "label": "Finances"},
        "Budget: “Finances” (a related skill, half credit)",
    ),
    ("text.shared", {"word": "benevol"}, "In the role and in the profile: benevol"),
    (
        "experience.title",
        {"title": "Comptable", "company": "Caisse", "years": 3.25},
        "Comptable, Caisse: 3.2 years, a similar title",
    ),
    (
        "experience.seniority",
        {"title": "Directrice", "company": "Caisse", "years": 11.4},
        "Directrice, Caisse: 11.4 years of experience",
    ),
    (
        "experience.mentions",
        {"title": "Commis", "company": "", "years": 12.0, "skill": "paie"},
        "Commis: 12.0 years, mentions paie",
    ),
    (
        "language.level",
        {"language": "fr", "level": 5, "wanted": 3},
        "French: Native or bilingual proficiency (Professional working proficiency asked)",
    ),
    (
        "language.level",
        {"language": "es", "level": 2, "wanted": None},
        "Spanish: Limited working proficiency",
    ),
    ("availability.hours", {"hours": 1, "wanted": 4}, "Available 1 hour a week, of the 4 asked"),
    ("availability.schedule", {"times": ("evenings", "weekends")}, "Available: Evenings, Weekends"),
    ("availability.schedule", {"times": ()}, "Available at other times than the role's"),
    ("location.lives", {"city": "", "region": "Outaouais"}, "Lives in Outaouais"),
    (
        "location.mode",
        {"mode": "remote", "role_mode": "in_person"},
        "Prefers: Remote; the role: In person",
    ),
    ("cause.cares", {"cause": "santé mentale"}, "Cares about santé mentale"),
    (
        "governance.board",
        {"role": "treasurer", "organization": "Centre", "committee": "Finances"},
        "Board service: Treasurer, Centre (Finances)",
    ),
    (
        "governance.board",
        {"role": "member", "organization": "Club", "committee": ""},
        "Board service: Member, Club",
    ),
    (
        "governance.executive",
        {"title": "Directrice", "company": "Caisse"},
        "Senior position: Directrice, Caisse",
    ),
]


@pytest.mark.parametrize(("code", "params", "sentence"), ENGLISH)
def test_each_code_reads_as_a_sentence(app, code, params, sentence):
    with app.test_request_context(), force_locale("en"):
        assert evidence.describe(Evidence("UNUSED", code=code, params=params)) == sentence


def test_every_code_has_a_wording():
    assert {code for code, _, _ in ENGLISH} == set(EVIDENCE_CODES)


def test_a_concept_is_named_in_the_readers_language(app):
    from app.services import matching

    concept = matching.skill_concept("accounting")
    item = Evidence(
        "x",
        code="skill.same",
        params={"skill": "Accounting", "label": "tenue de livres", "concept": concept},
    )
    shared = Evidence("x", code="text.shared", params={"concept": concept})
    with app.test_request_context(), force_locale("en"):
        english = evidence.describe(item, lang="en")
        assert english == "Accounting: “tenue de livres”, recognized as accounting (the same skill)"
        assert (
            evidence.describe(shared, lang="fr") == "In the role and in the profile: comptabilité"
        )
        same = Evidence(
            "x", code="skill.same", params={"skill": "A", "label": "Accounting", "concept": concept}
        )
        assert "recognized" not in evidence.describe(same, lang="en")  # nothing to add


def test_an_item_without_a_code_keeps_its_text(app):
    with app.test_request_context():
        assert (
            evidence.describe(Evidence("written by an older library"))
            == "written by an older library"
        )


FRENCH = [
    (
        "skill.related",
        {"skill": "Budget", "label": "Finances"},
        "Budget : « Finances » (une compétence voisine, à demi-crédit)",
    ),
    (
        "experience.title",
        {"title": "Comptable", "company": "Caisse", "years": 3.25},
        "Comptable, Caisse : 3,2 ans, un titre semblable",
    ),
    (
        "availability.hours",
        {"hours": 1, "wanted": 4},
        "Disponible 1 heure par semaine, sur les 4 demandées",
    ),
    ("availability.schedule", {"times": ()}, "Disponible à d’autres moments que ceux du poste"),
    (
        "governance.board",
        {"role": "treasurer", "organization": "Centre", "committee": ""},
        "Conseil d’administration : Trésorerie, Centre",
    ),
    (
        "governance.executive",
        {"title": "Directrice", "company": "Caisse"},
        "Poste de direction : Directrice, Caisse",
    ),
]


@pytest.mark.parametrize(("code", "params", "sentence"), FRENCH)
def test_sentences_read_in_french(app, code, params, sentence):
    with app.test_request_context(), force_locale("fr"):
        assert evidence.describe(Evidence("UNUSED", code=code, params=params)) == sentence


@pytest.mark.parametrize(
    ("item", "en", "fr"),
    [
        ("skill: Accounting", "missing skill: Accounting", "compétence manquante : Accounting"),
        (
            "language: fr (level 3)",
            "missing language: French (Professional working proficiency)",
            "langue manquante : Français (Compétence professionnelle)",
        ),
        ("language: Wolof", "missing language: Wolof", "langue manquante : Wolof"),
        ("something else", "missing: something else", None),
    ],
)
def test_unmet_requirements_are_named(app, item, en, fr):
    with app.test_request_context():
        with force_locale("en"):
            assert evidence.describe_unmet(item) == en
        if fr:
            with force_locale("fr"):
                assert evidence.describe_unmet(item) == fr


def component(
    name: str, score_: float | None, weight: float, contribution: float
) -> ComponentScore:
    return ComponentScore(name, score_, weight, contribution)


def test_top_reasons_and_unknowns(app):
    match = Match(
        candidate_id=1,
        score=70.0,
        coverage=0.8,
        components={
            "skills": component("skills", 80, 0.3, 24),
            "cause": component("cause", 100, 0.2, 20),
            "location": component("location", 50, 0.1, 5),
            "text": component("text", 10, 0.1, 1),
            "availability": component("availability", None, 0.3, 0),
            "governance": component("governance", None, 0, 0),
        },
        matched_skills=(
            SkillMatch("Paie", "paie", None, 1.0),
            SkillMatch("Paie", "payroll", None, 1.0),
            SkillMatch("Excel", "Excel", None, 1.0),
        ),
    )
    with app.test_request_context(), force_locale("en"):
        assert evidence.top_reasons(match) == ["Skills (Paie, Excel)", "Cause", "Location"]
        assert evidence.top_reasons(match, limit=1, names={"skills": "Compétences"}) == [
            "Compétences (Paie, Excel)"
        ]
    # Governance does not weigh for this role: it is not "unknown", it does not apply.
    assert [c.name for c in evidence.unknown_components(match)] == ["availability"]
