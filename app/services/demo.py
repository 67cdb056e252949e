"""The bilingual demo organization, "Entraide Montréal", for trying Rallier out.

Every choice comes from one seeded ``random.Random``, so runs on the same day build the
same organization. Rows are flushed, never committed: the CLI command commits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    DEFAULT_STAGES,
    Application,
    BoardCompetency,
    BoardMember,
    Candidate,
    CompetencyTarget,
    ConsentPurpose,
    MemberCompetency,
    MemberRole,
    NotAFitReason,
    Note,
    Organization,
    Role,
    RoleKind,
    RoleLanguage,
    RoleSkill,
    RoleStatus,
    StageChange,
)
from app.models.base import utcnow
from app.services import demo_data as data
from app.services import demo_people as people
from app.services.accounts import (
    create_organization,
)

DEMO_SLUG = data.ORG_SLUG
DEMO_PASSWORD = "demo-rallier-2026"  # noqa: S105 - printed for anyone to try the demo
CANDIDATE_COUNT = 200  # including the demo candidate who logs in

STAGE_KEYS = tuple(key for key, *_ in DEFAULT_STAGES)
LINEAR_STAGES = STAGE_KEYS[:6]  # new … offered; the rest are terminal
ON_SHORTLIST = frozenset(LINEAR_STAGES[2:])  # shortlisted … offered
# ASCII stand-ins for letters NFKD does not decompose, for e-mail addresses.


@dataclass(frozen=True)
class DemoResult:
    organization: Organization
    logins: list[tuple[str, str, str]]  # (role label, e-mail, password)


def demo_exists() -> bool:
    """Whether the demo organization is already in the database."""
    found = db.session.scalar(select(Organization.id).where(Organization.slug == DEMO_SLUG))
    return found is not None


def database_has_organizations() -> bool:
    """Whether any organization exists (``seed-demo --if-empty`` leaves such a database alone)."""
    return db.session.scalar(select(Organization.id).limit(1)) is not None


def demo_logins(password: str = DEMO_PASSWORD) -> list[tuple[str, str, str]]:
    """The demo's (role label, e-mail, password) triples, for printing."""
    return [(label, email, password) for label, email, *_ in data.LOGINS]


def seed_demo(*, password: str | None = None, seed: int = 2026) -> DemoResult:
    """Build the demo organization: logins, candidates, roles, pipeline and board."""
    password = password or DEMO_PASSWORD
    today = date.today()
    org = create_organization(DEMO_SLUG, data.ORG_NAME, **data.ORG_FIELDS)
    org.next_agm_on = agm = next_agm(today)
    users = people.create_logins(org, password)
    ctx = people.Seed(random.Random(seed), org, users[MemberRole.RECRUITER], today, utcnow())
    candidates = [people.fill_demo_candidate(ctx, users[MemberRole.CANDIDATE])]
    candidates += [people.make_candidate(ctx, index) for index in range(CANDIDATE_COUNT - 1)]
    roles = _make_roles(ctx)
    db.session.flush()
    _make_applications(ctx, roles, candidates)
    _make_board(ctx, agm)
    db.session.flush()
    return DemoResult(organization=org, logins=demo_logins(password))


def next_agm(today: date) -> date:
    """The first June 15 after ``today``: the annual general meeting."""
    agm = date(today.year, 6, 15)
    return agm if agm > today else date(today.year + 1, 6, 15)


# --- helpers -------------------------------------------------------------------


def _make_roles(ctx: people.Seed) -> list[Role]:
    roles = []
    for spec in data.ROLES:
        fields = dict(spec)
        skills, languages = fields.pop("skills"), fields.pop("languages")
        fields.setdefault("status", RoleStatus.OPEN)
        created = ctx.now - timedelta(days=ctx.rng.randint(20, 75))
        role = Role(
            organization_id=ctx.org.id,
            created_by_id=ctx.recruiter.id,
            created_at=created,
            updated_at=created,
            **fields,
        )
        role.skills = [RoleSkill(name=name, required=required) for name, required in skills]
        role.languages = [
            RoleLanguage(language=code, level=level, required=required)
            for code, level, required in languages
        ]
        db.session.add(role)
        roles.append(role)
    return roles


def _interested(candidate: Candidate, kind: RoleKind) -> bool:
    return bool(getattr(candidate, f"interested_{kind.value}"))  # volunteer, staff or board


def _make_applications(ctx: people.Seed, roles: list[Role], candidates: list[Candidate]) -> None:
    # Only people who consented to matching may be in a pipeline.
    ready = [
        c for c in candidates if c.skills and c.active_consent(ConsentPurpose.MATCHING, ctx.now)
    ]
    for role in roles:
        pool = [c for c in ready if _interested(c, role.kind)]
        most = 10 if role.kind == RoleKind.BOARD else 25
        chosen = ctx.rng.sample(pool, min(len(pool), ctx.rng.randint(5, most)))
        if role is roles[0] and candidates[0] not in chosen:
            chosen.append(candidates[0])  # so the candidate login has an application to see
        _order_shortlist(role, [_add_application(ctx, role, c) for c in chosen])


def _order_shortlist(role: Role, applications: list[Application]) -> None:
    """Number the role's shortlist in the order people reached it; reveal them if blind."""
    listed = [a for a in applications if a.stage in ON_SHORTLIST]
    listed.sort(key=lambda a: (_reached_shortlist(a), a.candidate.last_name))
    for position, application in enumerate(listed, start=1):
        application.shortlist_position = position
        if role.blind_review:
            application.revealed_at = _reached_shortlist(application)


def _reached_shortlist(application: Application) -> datetime:
    return next(c.changed_at for c in application.history if c.to_stage in ON_SHORTLIST)


def _stage_path(rng: random.Random, final: str) -> list[str]:
    """Every stage an application went through to reach ``final``."""
    if final in LINEAR_STAGES:
        return list(LINEAR_STAGES[: LINEAR_STAGES.index(final) + 1])
    if final == "accepted":
        return [*LINEAR_STAGES, final]
    # People decline once contacted; a recruiter rules someone out before an offer.
    reached = rng.randint(4, 6) if final == "declined" else rng.randint(1, 5)
    return [*LINEAR_STAGES[:reached], final]


def _stage_times(ctx: people.Seed, earliest: datetime, steps: int) -> list[datetime]:
    """When each step happened: after ``earliest``, before now, the last one mostly recent."""
    rng = ctx.rng
    start = earliest + (ctx.now - earliest) * rng.uniform(0.05, 0.6)
    end = start + (ctx.now - start) * rng.random() ** 0.3
    if steps == 1:
        return [start]
    marks = sorted(rng.random() for _ in range(steps - 2))
    return [start, *(start + (end - start) * mark for mark in marks), end]


def _add_application(ctx: people.Seed, role: Role, candidate: Candidate) -> Application:
    rng = ctx.rng
    final = rng.choices(list(data.STAGE_WEIGHTS), weights=list(data.STAGE_WEIGHTS.values()))[0]
    path = _stage_path(rng, final)
    times = _stage_times(ctx, max(role.created_at, candidate.created_at), len(path))
    application = Application(
        organization_id=ctx.org.id,
        role=role,
        candidate=candidate,
        stage=final,
        stage_changed_at=times[-1],
        created_at=times[0],
        updated_at=times[-1],
    )
    application.history = [
        StageChange(
            from_stage=path[i - 1] if i else None,
            to_stage=stage,
            changed_by_id=ctx.recruiter.id,
            changed_at=times[i],
        )
        for i, stage in enumerate(path)
    ]
    if final != "new" and rng.random() < 0.35:
        application.rating = rng.randint(1, 5)
    if final == "not_a_fit":
        reason = rng.choice(list(NotAFitReason))
        application.not_a_fit_reason = reason
        if rng.random() < 0.6:
            application.not_a_fit_detail = data.NOT_A_FIT_DETAILS.get(reason.value, "")
    if rng.random() < 0.2:
        written = times[0] + (ctx.now - times[0]) * rng.random()
        application.notes.append(
            Note(
                organization_id=ctx.org.id,
                author_id=ctx.recruiter.id,
                body=rng.choice(data.NOTES),
                created_at=written,
            )
        )
    db.session.add(application)
    return application


# --- board ---------------------------------------------------------------------


def _make_board(ctx: people.Seed, agm: date) -> None:
    competencies: dict[str, BoardCompetency] = {}
    for position, row in enumerate(data.COMPETENCIES):
        key, label_en, label_fr, category, target_count, priority = row
        competency = BoardCompetency(
            organization_id=ctx.org.id,
            key=key,
            label_en=label_en,
            label_fr=label_fr,
            category=category,
            position=position,
        )
        target = CompetencyTarget(
            organization_id=ctx.org.id,
            competency=competency,
            target_count=target_count,
            priority=priority,
        )
        db.session.add_all((competency, target))
        competencies[key] = competency
    for seat in data.BOARD:
        # Two-year terms ending at an AGM, staggered so part of the board renews each year.
        term_end = people.shift_years(agm, seat.term_ends_in)
        fields = seat._asdict()
        del fields["term_ends_in"], fields["competencies"]
        member = BoardMember(
            organization_id=ctx.org.id,
            term_start=people.shift_years(term_end, -2),
            term_end=term_end,
            **fields,
        )
        member.competencies = [
            MemberCompetency(competency=competencies[key], level=level)
            for key, level in seat.competencies.items()
        ]
        db.session.add(member)
