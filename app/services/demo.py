"""The bilingual demo organization, "Entraide Montréal", for trying Rallier out.

Every choice comes from one seeded ``random.Random``, so runs on the same day build the
same organization. Rows are flushed, never committed: the CLI command commits.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select

from app.extensions import db
from app.models import (
    DEFAULT_STAGES,
    Application,
    BoardCompetency,
    BoardMember,
    BoardService,
    Candidate,
    CandidateCause,
    CandidateLanguage,
    CandidateSkill,
    Certification,
    CompetencyTarget,
    Consent,
    ConsentPurpose,
    Education,
    LanguageLevel,
    MemberCompetency,
    MemberRole,
    NotAFitReason,
    Note,
    Organization,
    Position,
    Role,
    RoleKind,
    RoleLanguage,
    RoleSkill,
    RoleStatus,
    Source,
    StageChange,
    User,
    Volunteering,
    WorkMode,
)
from app.models.base import utcnow
from app.services import demo_data as data
from app.services.accounts import (
    add_membership,
    create_organization,
    create_user,
    ensure_candidate_profile,
)

DEMO_SLUG = data.ORG_SLUG
DEMO_PASSWORD = "demo-rallier-2026"  # noqa: S105 - printed for anyone to try the demo
CANDIDATE_COUNT = 200  # including the demo candidate who logs in
EMPTY_PROFILES = 6  # fresh sign-ups with nothing but a name
CONSENT_RATE = 0.85  # the rest wait for consent and must not be matched
CONSENT_DAYS = 730

STAGE_KEYS = tuple(key for key, *_ in DEFAULT_STAGES)
LINEAR_STAGES = STAGE_KEYS[:6]  # new … offered; the rest are terminal
# ASCII stand-ins for letters NFKD does not decompose, for e-mail addresses.
ASCII_LETTERS = str.maketrans({"ð": "d", "þ": "th", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})

T = TypeVar("T")


@dataclass(frozen=True)
class DemoResult:
    organization: Organization
    logins: list[tuple[str, str, str]]  # (role label, e-mail, password)


@dataclass
class _Seed:
    """What every builder needs: the dice, the organization, the clock and the recruiter."""

    rng: random.Random
    org: Organization
    recruiter: User
    today: date
    now: datetime
    emails: set[str] = field(default_factory=set)


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
    users = _create_logins(org, password)
    ctx = _Seed(random.Random(seed), org, users[MemberRole.RECRUITER], today, utcnow())
    candidates = [_fill_demo_candidate(ctx, users[MemberRole.CANDIDATE])]
    candidates += [_make_candidate(ctx, index) for index in range(CANDIDATE_COUNT - 1)]
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


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return day.replace(year=day.year + years, day=28)


def _days_ago(ctx: _Seed, low: int, high: int) -> date:
    return ctx.today - timedelta(days=ctx.rng.randint(low, high))


def _add(ctx: _Seed, items: list[T], model: Callable[..., T], **fields: Any) -> None:
    """Append a profile item of the demo organization to a candidate's collection."""
    items.append(model(organization_id=ctx.org.id, source=Source.DEMO, **fields))


def _weighted(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(ASCII_LETTERS))
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == "-"))


def _add_position(
    ctx: _Seed, candidate: Candidate, title: str, company: str, start: date, end: date | None
) -> None:
    _add(
        ctx,
        candidate.positions,
        Position,
        title=title,
        company=company,
        location=candidate.city,
        started_on=start,
        finished_on=end,
        is_current=end is None,
    )


def _add_certification(
    ctx: _Seed, candidate: Candidate, name: str, authority: str, issued: date, valid: int | None
) -> None:
    expires = None if valid is None else _shift_years(issued, valid)
    _add(
        ctx,
        candidate.certifications,
        Certification,
        name=name,
        authority=authority,
        issued_on=issued,
        expires_on=expires,
    )


def _add_consent(ctx: _Seed, candidate: Candidate, purpose: ConsentPurpose, *, by: int) -> None:
    given = candidate.created_at
    # Matching lasts until withdrawn; contact and retention lapse and must be renewed.
    expires = None if purpose == ConsentPurpose.MATCHING else given + timedelta(days=CONSENT_DAYS)
    candidate.consents.append(
        Consent(
            organization_id=ctx.org.id,
            purpose=purpose,
            given_at=given,
            expires_at=expires,
            recorded_by_id=by,
        )
    )


# --- logins and the demo candidate ---------------------------------------------


def _create_logins(org: Organization, password: str) -> dict[MemberRole, User]:
    users: dict[MemberRole, User] = {}
    for _label, email, full_name, role, locale in data.LOGINS:
        user = create_user(email, full_name, password, locale=locale)
        add_membership(user, org, MemberRole(role))
        users[MemberRole(role)] = user
    return users


def _fill_demo_candidate(ctx: _Seed, user: User) -> Candidate:
    candidate = ensure_candidate_profile(user, ctx.org)
    for name, value in data.DEMO_CANDIDATE.items():
        setattr(candidate, name, value)
    candidate.source = Source.DEMO
    candidate.available_from = ctx.today
    candidate.created_at = candidate.updated_at = ctx.now - timedelta(days=3)
    for title, company, started, finished in data.DEMO_CANDIDATE_POSITIONS:
        end = None if finished is None else _shift_years(ctx.today, -finished)
        _add_position(ctx, candidate, title, company, _shift_years(ctx.today, -started), end)
    for label in data.DEMO_CANDIDATE_SKILLS:
        _add(ctx, candidate.skills, CandidateSkill, label=label)
    for code, level in data.DEMO_CANDIDATE_LANGUAGES:
        _add(ctx, candidate.languages, CandidateLanguage, language=code, level=level)
    for cause in data.DEMO_CANDIDATE_CAUSES:
        _add(ctx, candidate.causes, CandidateCause, cause=cause)
    issued = ctx.today - timedelta(days=200)
    _add_certification(ctx, candidate, "Food handler certificate", "MAPAQ", issued, 5)
    for purpose in (ConsentPurpose.MATCHING, ConsentPurpose.CONTACT):
        _add_consent(ctx, candidate, purpose, by=user.id)
    return candidate


# --- candidates ----------------------------------------------------------------


def _make_candidate(ctx: _Seed, index: int) -> Candidate:
    rng = ctx.rng
    side = index % 2  # 0: French-speaking, 1: English-speaking (as is the demo candidate)
    first_names, last_names = data.NAMES[side]
    first, last = rng.choice(first_names), rng.choice(last_names)
    empty = index < EMPTY_PROFILES
    created = ctx.now - timedelta(days=rng.uniform(0, 14 if empty else 90))
    candidate = Candidate(
        organization_id=ctx.org.id,
        first_name=first,
        last_name=last,
        email=_email(ctx, first, last),
        source=Source.DEMO,
        created_at=created,
        updated_at=created,
    )
    db.session.add(candidate)
    if not empty:
        _fill_profile(ctx, candidate, rng.choice(data.ARCHETYPES), side)
    if rng.random() < CONSENT_RATE:
        # Demo profiles stand for an import where the recruiter recorded each consent.
        _add_consent(ctx, candidate, ConsentPurpose.MATCHING, by=ctx.recruiter.id)
        for purpose, chance in ((ConsentPurpose.CONTACT, 0.6), (ConsentPurpose.RETENTION, 0.4)):
            if rng.random() < chance:
                _add_consent(ctx, candidate, purpose, by=ctx.recruiter.id)
    return candidate


def _email(ctx: _Seed, first: str, last: str) -> str | None:
    if ctx.rng.random() < 0.05:
        return None  # imported profiles do not always carry one
    local = f"{_ascii(first)}.{_ascii(last)}"
    domain = ctx.rng.choice(data.EMAIL_DOMAINS)
    email, number = f"{local}@{domain}", 1
    while email in ctx.emails:
        number += 1
        email = f"{local}{number}@{domain}"
    ctx.emails.add(email)
    return email


def _fill_profile(ctx: _Seed, candidate: Candidate, arch: data.Archetype, side: int) -> None:
    rng = ctx.rng
    city, region = _weighted(rng, tuple(((c, r), w) for c, r, w in data.CITIES))
    causes = list(dict.fromkeys(rng.choices(data.CAUSES, data.CAUSE_WEIGHTS, k=3)))
    causes = causes[: rng.randint(1, 3)]
    years = rng.randint(*arch.years)
    words = {
        "title": arch.title[side],
        "cause": causes[0][side],
        "city": city,
        "field": arch.field[side],
        "years": years,
    }
    candidate.city, candidate.region, candidate.country = city, region, "CA"
    if rng.random() < 0.6:
        area = rng.choice(("514", "438", "450", "418", "819"))
        candidate.phone = f"{area}-555-01{rng.randint(0, 99):02d}"
    candidate.headline = rng.choice(data.HEADLINES)[side].format(**words)
    if rng.random() < 0.8:
        candidate.summary = rng.choice(data.SUMMARIES)[side].format(**words)
    for pair in causes:
        _add(ctx, candidate.causes, CandidateCause, cause=pair[side])
    _set_availability(ctx, candidate, arch)
    _add_positions(ctx, candidate, arch, side, years)
    _add_education(ctx, candidate, arch, side, years)
    _add_skills(ctx, candidate, arch, side)
    _add_languages(ctx, candidate, side)
    _add_volunteering(ctx, candidate, side)
    _add_certifications(ctx, candidate, arch, side)
    if candidate.interested_board and rng.random() < 0.6:
        _add_board_services(ctx, candidate, side)


def _set_availability(ctx: _Seed, candidate: Candidate, arch: data.Archetype) -> None:
    rng = ctx.rng
    volunteer, staff, board = (rng.random() < chance for chance in arch.interest)
    candidate.interested_volunteer = volunteer or not (staff or board)
    candidate.interested_staff, candidate.interested_board = staff, board
    hours = (15, 20, 28, 35) if staff else (2, 3, 4, 6, 8, 10)
    candidate.hours_per_week = rng.choice(hours) if rng.random() < 0.9 else None
    schedule = [slot for slot in data.SCHEDULES if rng.random() < 0.5]
    candidate.schedule = schedule or [rng.choice(data.SCHEDULES)]
    candidate.work_mode = rng.choice(list(WorkMode))
    if rng.random() < 0.7:
        candidate.available_from = ctx.today + timedelta(days=rng.randint(-30, 60))


def _add_positions(
    ctx: _Seed, candidate: Candidate, arch: data.Archetype, side: int, years: int
) -> None:
    """Up to four jobs, latest and most senior first, filling about ``years`` years."""
    rng = ctx.rng
    count = rng.choices(range(5), weights=(1, 3, 3, 2, 1))[0]
    current = rng.random() < 0.6
    end = ctx.today if current else _days_ago(ctx, 30, 700)
    for rank in range(count):
        start = end - timedelta(days=int(365 * years / count * rng.uniform(0.6, 1.0)) + 60)
        title = arch.jobs[min(rank, len(arch.jobs) - 1)][side]
        finished = None if current and rank == 0 else end
        _add_position(ctx, candidate, title, rng.choice(data.COMPANIES), start, finished)
        end = start - timedelta(days=rng.randint(0, 90))


def _add_education(
    ctx: _Seed, candidate: Candidate, arch: data.Archetype, side: int, years: int
) -> None:
    rng = ctx.rng
    finished = ctx.today - timedelta(days=365 * years + rng.randint(-200, 700))
    for _ in range(rng.choices(range(3), weights=(2, 5, 2))[0]):
        started = _shift_years(finished, -rng.randint(1, 4))
        _add(
            ctx,
            candidate.educations,
            Education,
            school=rng.choice(data.SCHOOLS),
            degree=rng.choice(data.DEGREES)[side],
            field_of_study=arch.field[side],
            started_on=started,
            finished_on=finished,
        )
        finished = started - timedelta(days=rng.randint(60, 400))


def _add_skills(ctx: _Seed, candidate: Candidate, arch: data.Archetype, side: int) -> None:
    rng = ctx.rng
    count = rng.randint(2, 8)
    pairs = rng.sample(arch.skills, min(count, len(arch.skills)))
    pairs += rng.sample(data.COMMON_SKILLS, 3)
    for label in list(dict.fromkeys(pair[side] for pair in pairs))[:count]:
        _add(ctx, candidate.skills, CandidateSkill, label=label)


def _add_languages(ctx: _Seed, candidate: Candidate, side: int) -> None:
    rng = ctx.rng
    if rng.random() < 0.05:
        return  # left blank on the profile
    own, other = ("fr", "en") if side == 0 else ("en", "fr")
    native = LanguageLevel.NATIVE_OR_BILINGUAL
    levels: dict[str, LanguageLevel | None] = {
        own: native if rng.random() < 0.9 else LanguageLevel.FULL_PROFESSIONAL
    }
    if rng.random() < 0.85:
        levels[other] = rng.choice(data.SECOND_LANGUAGE_LEVELS)
    if rng.random() < 0.2:
        heritage = _weighted(rng, data.OTHER_LANGUAGES)
        levels.setdefault(heritage, rng.choice(data.OTHER_LANGUAGE_LEVELS))
    for code, level in levels.items():
        _add(ctx, candidate.languages, CandidateLanguage, language=code, level=level)


def _add_volunteering(ctx: _Seed, candidate: Candidate, side: int) -> None:
    rng = ctx.rng
    for _ in range(rng.choices(range(3), weights=(4, 4, 2))[0]):
        organization, cause = rng.choice(data.VOLUNTEER_ORGS)
        started = _days_ago(ctx, 100, 2500)
        finished = started + timedelta(days=rng.randint(90, 700))
        ongoing = finished >= ctx.today or rng.random() < 0.5
        _add(
            ctx,
            candidate.volunteering,
            Volunteering,
            organization_name=organization,
            role=rng.choice(data.VOLUNTEER_ROLES)[side],
            cause=data.CAUSES[cause][side],
            started_on=started,
            finished_on=None if ongoing else finished,
        )


def _add_certifications(ctx: _Seed, candidate: Candidate, arch: data.Archetype, side: int) -> None:
    rng = ctx.rng
    if arch.cert is not None and rng.random() < 0.7:
        issued = _days_ago(ctx, 60, 5000)
        _add_certification(ctx, candidate, arch.cert[side], arch.cert[2], issued, None)
    if rng.random() < 0.15:
        name, authority = data.FIRST_AID[side]
        _add_certification(ctx, candidate, name, authority, _days_ago(ctx, 30, 1000), 3)


def _add_board_services(ctx: _Seed, candidate: Candidate, side: int) -> None:
    rng = ctx.rng
    for organization in rng.sample(data.BOARD_ORGS, rng.randint(1, 2)):
        started = _days_ago(ctx, 400, 4000)
        finished = _shift_years(started, rng.randint(1, 6))
        _add(
            ctx,
            candidate.board_services,
            BoardService,
            organization_name=organization,
            role=rng.choice(data.BOARD_SERVICE_ROLES),
            committee=rng.choice(data.COMMITTEES)[side],
            started_on=started,
            finished_on=finished if finished < ctx.today else None,
        )


# --- roles and the pipeline ----------------------------------------------------


def _make_roles(ctx: _Seed) -> list[Role]:
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


def _make_applications(ctx: _Seed, roles: list[Role], candidates: list[Candidate]) -> None:
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
        for candidate in chosen:
            _add_application(ctx, role, candidate)


def _stage_path(rng: random.Random, final: str) -> list[str]:
    """Every stage an application went through to reach ``final``."""
    if final in LINEAR_STAGES:
        return list(LINEAR_STAGES[: LINEAR_STAGES.index(final) + 1])
    if final == "accepted":
        return [*LINEAR_STAGES, final]
    # People decline once contacted; a recruiter rules someone out before an offer.
    reached = rng.randint(4, 6) if final == "declined" else rng.randint(1, 5)
    return [*LINEAR_STAGES[:reached], final]


def _stage_times(ctx: _Seed, earliest: datetime, steps: int) -> list[datetime]:
    """When each step happened: after ``earliest``, before now, the last one mostly recent."""
    rng = ctx.rng
    start = earliest + (ctx.now - earliest) * rng.uniform(0.05, 0.6)
    end = start + (ctx.now - start) * rng.random() ** 0.3
    if steps == 1:
        return [start]
    marks = sorted(rng.random() for _ in range(steps - 2))
    return [start, *(start + (end - start) * mark for mark in marks), end]


def _add_application(ctx: _Seed, role: Role, candidate: Candidate) -> None:
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


# --- board ---------------------------------------------------------------------


def _make_board(ctx: _Seed, agm: date) -> None:
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
        term_end = _shift_years(agm, seat.term_ends_in)
        fields = seat._asdict()
        del fields["term_ends_in"], fields["competencies"]
        member = BoardMember(
            organization_id=ctx.org.id,
            term_start=_shift_years(term_end, -2),
            term_end=term_end,
            **fields,
        )
        member.competencies = [
            MemberCompetency(competency=competencies[key], level=level)
            for key, level in seat.competencies.items()
        ]
        db.session.add(member)
