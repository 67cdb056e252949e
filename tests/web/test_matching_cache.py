"""The matching service's speed-ups keep its answers: remembered rankings, plain-row loading.

No timing here (benchmarks/bench_ranked_page.py measures speed).
"""

from __future__ import annotations

import gc
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    BoardService,
    Candidate,
    CandidateCause,
    Consent,
    LanguageLevel,
    Position,
    RoleSkill,
    Source,
    Volunteering,
)
from app.models.base import utcnow
from app.services import matching
from tests.factories import add_profile_items, make_candidate, make_org, make_role


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture
def team(app):
    """A treasurer role needing accounting, and four candidates with various skills."""
    org = make_org()
    role = make_role(org, title="Trésorier")
    role.skills = [RoleSkill(name="comptabilité", required=True)]
    db.session.commit()
    people = []
    skills = [["comptabilité"], ["cuisine"], ["Excel", "comptabilité"], ["paie"]]
    for n, labels in enumerate(skills):
        person = make_candidate(org, first_name=f"P{n}", email=f"p{n}@example.org")
        add_profile_items(
            person, skills=labels, languages={"fr": LanguageLevel.NATIVE_OR_BILINGUAL}
        )
        people.append(person)
    matching.touch(org)
    db.session.commit()
    return org, role, people


def ranked(org, role, top=10):
    return [(m.candidate_id, m.score) for m in matching.ranked_matches(org, role, top=top)]


def uncached(org, role, top=10):
    """The same ranking with the remembered ones forgotten (the index itself kept)."""
    for entry in matching._CACHE.values():
        entry.rankings.clear()
        entry.boards.clear()
    return ranked(org, role, top)


def test_a_remembered_ranking_follows_every_change_of_the_role(app, team):
    org, role, _ = team
    first = ranked(org, role)
    assert ranked(org, role) == first == uncached(org, role)
    role.skills = [RoleSkill(name="cuisine", required=True)]  # roles are not in the index
    db.session.commit()
    assert ranked(org, role) != first
    assert ranked(org, role) == uncached(org, role)
    role.weights = {"skills": 0.1, "languages": 0.9}
    db.session.commit()
    weighted = ranked(org, role)
    assert weighted == uncached(org, role)
    role.title = "Cuisinier"
    db.session.commit()
    assert ranked(org, role) == uncached(org, role)
    assert ranked(org, role, top=2) == uncached(org, role, top=2)


def test_a_remembered_ranking_still_hides_a_withdrawn_consent(app, team):
    org, role, people = team
    assert people[0].id in dict(ranked(org, role))
    consent = db.session.scalar(select(Consent).where(Consent.candidate_id == people[0].id))
    consent.withdrawn_at = utcnow()
    db.session.commit()  # a change that forgot to touch: the check after ranking hides her
    assert people[0].id not in dict(ranked(org, role))
    assert people[0].id not in dict(ranked(org, role, top=None))
    assert matching.still_consenting(org, [p.id for p in people]) == {p.id for p in people[1:]}


def test_a_touched_candidate_is_ranked_anew(app, team):
    org, role, people = team
    before = ranked(org, role)
    add_profile_items(people[1], skills=["comptabilité", "Excel"])
    matching.touch(org, [people[1].id])
    db.session.commit()
    after = ranked(org, role)
    assert after != before and after == uncached(org, role)


def test_the_scoreboard_agrees_with_the_ranking(app, team):
    org, role, _ = team
    for weights in ({}, {"skills": 0.0, "languages": 1.0}):
        role.weights = weights
        db.session.commit()
        matches = matching.ranked_matches(org, role, top=None)
        for _ in range(2):  # computed, then remembered
            with matching.scoreboard(org, role) as board:
                ids = board.ids.tolist()
                assert ids == [m.candidate_id for m in matches]
                assert [board.explain(ids)[i] for i in ids] == matches
                assert board.scores.tolist() == pytest.approx([m.score for m in matches])
                assert not board.ids.flags.writeable


def test_profiles_read_as_rows_are_those_of_the_orm(app):
    org = make_org()
    today = date.today()
    person = make_candidate(org, hours_per_week=4, schedule=["evenings"])
    add_profile_items(
        person,
        skills=["comptabilité", ("Excel", None)],
        languages={"fr": None, "en": LanguageLevel.ELEMENTARY},
    )
    common = {"organization_id": org.id, "source": Source.LINKEDIN}
    person.positions += [
        Position(
            **common, title="Comptable", started_on=today - timedelta(days=900), is_current=True
        ),
        Position(
            **common, title="Commis", started_on=None, finished_on=today - timedelta(days=1000)
        ),
    ]
    person.volunteering.append(
        Volunteering(**common, organization_name="Popote", role="Cuisinière", cause="aînés")
    )
    person.causes.append(CandidateCause(**common, cause="sécurité alimentaire"))
    person.board_services.append(BoardService(**common, organization_name="CPE", role="treasurer"))
    expiring = make_candidate(org, email="x@example.org")
    consent = db.session.scalar(select(Consent).where(Consent.candidate_id == expiring.id))
    consent.expires_at = utcnow() + timedelta(days=30)
    make_candidate(org, email="no@example.org", consented=False)
    db.session.commit()

    now = utcnow()
    loaded = matching._matchable(org.id, now)
    orm = db.session.scalars(
        select(Candidate)
        .where(Candidate.id.in_([person.id, expiring.id]))
        .options(selectinload(Candidate.positions), selectinload(Candidate.consents))
        .order_by(Candidate.id)
    ).all()
    assert [profile for profile, _ in loaded] == [matching.candidate_profile(c) for c in orm]
    assert [end for _, end in loaded] == [None, consent.expires_at]
    assert [p.id for p, _ in matching._matchable(org.id, now, [expiring.id])] == [expiring.id]


def test_a_big_index_is_set_aside_from_the_garbage_collector(app, team, monkeypatch):
    org, role, _ = team
    monkeypatch.setattr(matching, "FREEZE_FROM", 1)
    gc.unfreeze()
    try:
        ranked(org, role)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
