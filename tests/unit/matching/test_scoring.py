"""The reference scorer, component by component, then the final score and the ranking."""

from __future__ import annotations

import math
from datetime import date

import pytest

from matching import weights
from matching.scoring import rank_profiles, score
from matching.types import (
    COMPONENTS,
    BoardServiceRecord,
    LanguageClaim,
    PositionRecord,
    RoleLanguageSpec,
    RoleSkillSpec,
    SkillClaim,
)
from tests.unit.matching.conftest import AS_OF, FakeTaxonomy, make_profile, make_role

TAXONOMY = FakeTaxonomy()


def run(role, profile):  # type: ignore[no-untyped-def]
    return score(role, profile, taxonomy=TAXONOMY, as_of=AS_OF)


def component(role, profile, name):  # type: ignore[no-untyped-def]
    return run(role, profile).components[name].score


def years_ago(n: float) -> date:
    return date.fromordinal(AS_OF.toordinal() - round(n * 365.25))


# -- weights ------------------------------------------------------------------------------


def test_default_weights_are_points_out_of_100_and_favour_what_each_kind_needs():
    table = weights.DEFAULT_WEIGHTS
    assert all(sum(column.values()) == 100 for column in table.values())
    assert all(tuple(column) == COMPONENTS for column in table.values())
    volunteer, staff, board = table["volunteer"], table["staff"], table["board"]
    assert volunteer["availability"] > staff["availability"]
    assert volunteer["cause"] > staff["cause"] and volunteer["location"] > board["location"]
    assert staff["skills"] == max(staff.values()) and staff["experience"] > volunteer["experience"]
    assert board["governance"] == max(board.values()) and board["board_gaps"] > 0


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"charisma": 1}, "unknown matching component 'charisma'"),
        ({"skills": -1}, "must be a non-negative number"),
        ({"skills": math.nan}, "must be a non-negative number"),
        ({"skills": math.inf}, "must be a non-negative number"),
        (dict.fromkeys(COMPONENTS, 0), "at least one matching weight must be positive"),
    ],
)
def test_bad_weight_overrides_are_refused_with_the_reason(overrides, error):
    with pytest.raises(ValueError, match=error):
        weights.resolve_weights("staff", overrides)


def test_overrides_merge_with_the_defaults_and_normalize():
    merged = weights.resolve_weights("volunteer", {"cause": 0, "skills": 40})
    assert merged["cause"] == 0
    assert merged["skills"] == pytest.approx(40 / 100)  # 100 - 20 (cause) + 20 (skills)
    assert sum(merged.values()) == pytest.approx(1)
    with pytest.raises(ValueError, match="unknown role kind"):
        weights.resolve_weights("intern", None)  # type: ignore[arg-type]


def test_weights_table_for_the_readme_lists_every_component():
    table = weights.format_weights_table()
    assert all(f"| {name} " in table for name in COMPONENTS)


# -- skills ---------------------------------------------------------------------------------

ACCOUNTING = RoleSkillSpec("accounting", required=True)
FUNDRAISING = RoleSkillSpec("fundraising")


@pytest.mark.parametrize(
    ("role_skills", "claims", "expected", "unmet", "missing"),
    [
        ((ACCOUNTING,), ["Comptabilité"], 100, (), ()),
        ((ACCOUNTING,), ["Tenue de livres"], 50, ("skill: accounting",), ()),
        (
            (ACCOUNTING, FUNDRAISING),
            ["collecte de fonds"],
            100 / 3,
            ("skill: accounting",),
            ("accounting",),
        ),
        ((ACCOUNTING, FUNDRAISING), ["accounting", "Fundraising"], 100, (), ()),
        ((RoleSkillSpec("Cuisine", required=True),), ["CUISINE"], 100, (), ()),
        ((RoleSkillSpec("Cuisine"),), ["pâtisserie"], 0, (), ("Cuisine",)),
        ((ACCOUNTING,), [], 0, ("skill: accounting",), ("accounting",)),
        ((RoleSkillSpec("compta", concept_id="sk:accounting"),), ["accounting"], 100, (), ()),
    ],
)
def test_skills_meet_across_languages_with_partial_credit_for_related(
    role_skills, claims, expected, unmet, missing
):
    role = make_role(skills=role_skills)
    match = run(role, make_profile(skills=tuple(SkillClaim(c, source="linkedin") for c in claims)))
    assert match.components["skills"].score == pytest.approx(expected)
    assert match.unmet_required == unmet
    assert match.missing_skills == missing


def test_matched_skills_keep_the_candidates_wording_concept_and_source():
    role = make_role(skills=(ACCOUNTING,))
    profile = make_profile(skills=(SkillClaim("Comptabilité", source="Skills.csv"),))
    (matched,) = run(role, profile).matched_skills
    assert (matched.role_skill, matched.candidate_label) == ("accounting", "Comptabilité")
    assert (matched.concept_id, matched.credit, matched.source) == (
        "sk:accounting",
        1.0,
        "Skills.csv",
    )
    (evidence,) = run(role, profile).components["skills"].evidence
    assert evidence.source == "Skills.csv" and evidence.item == "Comptabilité"


# -- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role_text", "profile_text", "expected"),
    [
        ("cuisine communautaire", "cuisine communautaire", 100),
        ("cuisine communautaire", "jardinage urbain", 0),
        ("cuisine communautaire", "", 0),
        ("cuisine communautaire", "cuisine", 100 * math.sqrt(1 / math.sqrt(2))),
    ],
)
def test_text_relevance_is_the_root_of_a_binary_tfidf_cosine(role_text, profile_text, expected):
    role = make_role(title="", description=role_text)
    assert component(role, make_profile(summary=profile_text), "text") == pytest.approx(expected)


def test_text_meets_across_languages_through_concepts():
    role = make_role(title="Accountant", skills=(ACCOUNTING,))
    french = make_profile(headline="Comptable", skills=(SkillClaim("comptabilité"),))
    unrelated = make_profile(headline="Cuisinier", skills=(SkillClaim("premiers soins"),))
    assert component(role, french, "text") > 50 > component(role, unrelated, "text") == 0


# -- experience ---------------------------------------------------------------------------------


def position(title: str, years: float, *, ago: float = 0, description: str = "") -> PositionRecord:
    return PositionRecord(
        title,
        company="Org",
        description=description,
        start=years_ago(years + ago),
        end=years_ago(ago) if ago else None,
        source="Positions.csv",
    )


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ((position("Comptable", 2),), 50),  # same title concept, other language
        ((position("Executive director", 4),), 100),  # related title
        ((position("Cuisinier", 3),), 0),
        ((position("Cuisinier", 3, description="Tenue de la comptabilité du café"),), 75),
        ((position("Accountant", 3), position("Comptable", 2, ago=2)), 100 * 4 / 4),
        ((position("Accountant", 2), position("Comptable", 2)), 50),  # overlap counted once
        ((PositionRecord("Accountant"),), None),  # undated: cannot count years
        ((), None),
    ],
)
def test_experience_counts_years_in_relevant_positions(positions, expected):
    role = make_role(kind="staff", title="Accountant", skills=(ACCOUNTING,), min_years_experience=4)
    value = component(role, make_profile(positions=positions), "experience")
    assert value == (None if expected is None else pytest.approx(expected, abs=0.1))


def test_experience_evidence_names_the_position_and_why_it_counts():
    role = make_role(kind="staff", title="Accountant", skills=(ACCOUNTING,), min_years_experience=4)
    profile = make_profile(positions=(position("Cuisinier", 3, description="comptabilité"),))
    (evidence,) = run(role, profile).components["experience"].evidence
    assert "Cuisinier" in evidence.text and "mentions accounting" in evidence.text
    assert evidence.source == "Positions.csv"


def test_board_roles_count_seniority_in_any_position():
    role = make_role(kind="board", title="Administrateur")
    profile = make_profile(positions=(position("Cuisinier", 5),))
    assert component(role, profile, "experience") == pytest.approx(50, abs=0.1)


def test_experience_does_not_apply_without_a_minimum_outside_boards():
    match = run(make_role(kind="staff"), make_profile(positions=(position("Cook", 5),)))
    assert match.components["experience"].weight == 0


# -- languages ----------------------------------------------------------------------------------

FRENCH = RoleLanguageSpec("French", level=4, required=True)
ENGLISH = RoleLanguageSpec("en", level=3)


@pytest.mark.parametrize(
    ("claims", "expected", "unmet"),
    [
        ([("fr", 5), ("English", 3)], 100, ()),
        ([("Français", 4)], 200 / 3, ()),
        ([("fr", 2), ("en", 3)], (2 * 0.5 + 1) / 3 * 100, ("language: French (level 4)",)),
        ([("fr", None)], 2 * 0.75 / 3 * 100, ("language: French (level 4)",)),
        ([("es", 5)], 0, ("language: French (level 4)",)),
        ([], None, ("language: French (level 4)",)),
    ],
)
def test_languages_compare_levels_and_enforce_requirements(claims, expected, unmet):
    role = make_role(languages=(FRENCH, ENGLISH))
    profile = make_profile(languages=tuple(LanguageClaim(c, level) for c, level in claims))
    match = run(role, profile)
    assert match.components["languages"].score == (expected and pytest.approx(expected))
    assert match.unmet_required == unmet


# -- availability, location, cause ---------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "schedule", "expected"),
    [
        (8, {"evenings", "weekends"}, 100),
        (4, None, 50),
        (None, {"weekends"}, 50),
        (4, {"weekdays"}, 25),
        (None, None, None),
    ],
)
def test_availability_compares_hours_and_schedule(hours, schedule, expected):
    role = make_role(hours_per_week=8, schedule=frozenset({"evenings", "weekends"}))
    profile = make_profile(hours_per_week=hours, schedule=frozenset(schedule or ()))
    assert component(role, profile, "availability") == expected


@pytest.mark.parametrize(
    ("role_mode", "city", "region", "mode", "expected"),
    [
        ("in_person", "Montreal", "", None, 100),
        ("in_person", "Laval", "Laval", None, 0),
        ("in_person", "Verdun", "Montréal", None, 60),
        ("hybrid", "Verdun", "Montréal", "remote", 40),
        ("in_person", "Montréal", "", "remote", 25),
        ("in_person", "", "", "in_person", None),
        ("remote", "Gaspé", "", "in_person", 50),
        ("remote", "Gaspé", "", None, None),
        ("remote", "", "", "any", 100),
    ],
)
def test_location_combines_place_and_work_mode(role_mode, city, region, mode, expected):
    role = make_role(city="Montréal", region="Montréal", work_mode=role_mode)
    profile = make_profile(city=city, region=region, work_mode=mode)
    assert component(role, profile, "location") == (expected and pytest.approx(expected))


def test_location_does_not_apply_to_roles_open_to_any_mode():
    role = make_role(city="Montréal", work_mode="any")
    assert run(role, make_profile(city="Laval")).components["location"].weight == 0


@pytest.mark.parametrize(
    ("role_cause", "causes", "expected"),
    [
        ("food security", ("Sécurité alimentaire",), 100),
        ("sécurité alimentaire", ("Pauvreté",), 50),
        ("Loisirs des aînés", ("loisirs des aines",), 100),
        ("Loisirs des aînés", ("environment",), 0),
        ("food security", (), None),
    ],
)
def test_cause_meets_across_languages_with_a_text_fallback(role_cause, causes, expected):
    assert component(make_role(cause=role_cause), make_profile(causes=causes), "cause") == expected


# -- governance and board gaps -----------------------------------------------------------------


def board(role: str = "member", committee: str = "") -> BoardServiceRecord:
    return BoardServiceRecord("Banque alimentaire", role=role, committee=committee)


@pytest.mark.parametrize(
    ("services", "titles", "expected"),
    [
        ((board(),), (), 50),
        ((board("Trésorière"),), (), 70),
        ((board(), board(committee="Audit"), board()), (), 80),
        ((board("Présidente"), board(committee="Finances")), ("Directrice générale",), 100),
        ((), ("Executive Director",), 20),
        ((), ("Cuisinier",), 0),
        ((), (), None),
    ],
)
def test_governance_reads_board_service_officer_roles_and_executive_titles(
    services, titles, expected
):
    profile = make_profile(
        board_services=services, positions=tuple(PositionRecord(t) for t in titles)
    )
    assert component(make_role(kind="board"), profile, "governance") == expected


def test_governance_and_board_gaps_do_not_apply_outside_boards_and_gaps_await_data():
    profile = make_profile(board_services=(board("Chair"),))
    staff = run(make_role(kind="staff"), profile).components
    assert staff["governance"].weight == 0 and staff["governance"].score is None
    gaps = run(make_role(kind="board"), profile).components["board_gaps"]
    assert (gaps.score, gaps.weight, gaps.contribution) == (None, 0, 0)


# -- final score ----------------------------------------------------------------------------------

VOLUNTEER_ROLE = make_role(
    title="Cuisinier",
    skills=(RoleSkillSpec("premiers soins"),),
    city="Montréal",
    hours_per_week=6,
    cause="sécurité alimentaire",
)


def test_contributions_add_up_to_the_score_and_coverage_counts_known_weight():
    profile = make_profile(skills=(SkillClaim("First aid"),), city="Montréal", hours_per_week=3)
    match = run(VOLUNTEER_ROLE, profile)
    assert sum(c.contribution for c in match.components.values()) == pytest.approx(match.score)
    assert sum(c.weight for c in match.components.values()) == pytest.approx(1)
    known = [c for c in match.components.values() if c.score is not None and c.weight]
    assert match.coverage == pytest.approx(sum(c.weight for c in known))
    assert match.components["cause"].score is None and match.coverage < 1


def test_unknown_scores_between_no_and_yes():
    base = {"skills": (SkillClaim("First aid"),), "city": "Montréal", "hours_per_week": 6}
    no = run(VOLUNTEER_ROLE, make_profile(causes=("environnement",), **base)).score
    unknown = run(VOLUNTEER_ROLE, make_profile(**base)).score
    yes = run(VOLUNTEER_ROLE, make_profile(causes=("food security",), **base)).score
    assert no < unknown < yes


def test_an_empty_profile_scores_zero():
    match = run(VOLUNTEER_ROLE, make_profile())
    assert (match.score, match.matched_skills) == (0, ())


def test_role_weight_overrides_change_the_score():
    role = make_role(title="", city="Montréal", cause="food security", weights={"cause": 0})
    profile = make_profile(city="Laval", causes=("food security",))
    assert run(role, profile).score == 0
    assert run(make_role(title="", city="Montréal", cause="food security"), profile).score > 0


def test_ranking_puts_requirements_first_then_score_coverage_and_id():
    role = make_role(skills=(ACCOUNTING, FUNDRAISING), city="Montréal")
    people = [
        make_profile(id=5, skills=(SkillClaim("fundraising"),), city="Montréal"),  # unmet
        make_profile(id=4, skills=(SkillClaim("accounting"),)),
        make_profile(id=3, skills=(SkillClaim("accounting"),), city="Laval"),
        make_profile(id=2, skills=(SkillClaim("accounting"),)),
        make_profile(id=1, skills=(SkillClaim("accounting"),), city="Montréal"),
    ]
    ranked = rank_profiles(role, people, taxonomy=TAXONOMY, top=None, as_of=AS_OF)
    assert [m.candidate_id for m in ranked] == [1, 2, 4, 3, 5]
    assert ranked[-1].score > ranked[-2].score  # unmet requirement, whatever the score
    assert [m.candidate_id for m in rank_profiles(role, people, taxonomy=TAXONOMY, top=2)] == [1, 2]
