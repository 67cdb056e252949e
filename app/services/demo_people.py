"""The demo's people: logins and 200 bilingual candidates with varied profiles.

Split from :mod:`app.services.demo`, which builds the organization around them.
Every choice comes from the seed's ``random.Random``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from app.extensions import db
from app.models import (
    BoardService,
    Candidate,
    CandidateCause,
    CandidateLanguage,
    CandidateSkill,
    Certification,
    Consent,
    ConsentPurpose,
    Education,
    LanguageLevel,
    MemberRole,
    Organization,
    Position,
    Source,
    User,
    Volunteering,
    WorkMode,
)
from app.services import demo_data as data
from app.services.accounts import add_membership, create_user, ensure_candidate_profile

EMPTY_PROFILES = 6  # fresh sign-ups with nothing but a name
CONSENT_RATE = 0.85  # the rest wait for consent and must not be matched
CONSENT_DAYS = 730
ASCII_LETTERS = str.maketrans({"ð": "d", "þ": "th", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})

T = TypeVar("T")


@dataclass
class Seed:
    """What every builder needs: the dice, the organization, the clock and the recruiter."""

    rng: random.Random
    org: Organization
    recruiter: User
    today: date
    now: datetime
    emails: set[str] = field(default_factory=set)


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # February 29
        return day.replace(year=day.year + years, day=28)


def _days_ago(ctx: Seed, low: int, high: int) -> date:
    return ctx.today - timedelta(days=ctx.rng.randint(low, high))


def _add(ctx: Seed, items: list[T], model: Callable[..., T], **fields: Any) -> None:
    """Append a profile item of the demo organization to a candidate's collection."""
    items.append(model(organization_id=ctx.org.id, source=Source.DEMO, **fields))


def _weighted(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(ASCII_LETTERS))
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == "-"))


def _add_position(
    ctx: Seed, candidate: Candidate, title: str, company: str, start: date, end: date | None
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
    ctx: Seed, candidate: Candidate, name: str, authority: str, issued: date, valid: int | None
) -> None:
    expires = None if valid is None else shift_years(issued, valid)
    _add(
        ctx,
        candidate.certifications,
        Certification,
        name=name,
        authority=authority,
        issued_on=issued,
        expires_on=expires,
    )


def _add_consent(ctx: Seed, candidate: Candidate, purpose: ConsentPurpose, *, by: int) -> None:
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


def create_logins(org: Organization, password: str) -> dict[MemberRole, User]:
    users: dict[MemberRole, User] = {}
    for _label, email, full_name, role, locale in data.LOGINS:
        user = create_user(email, full_name, password, locale=locale)
        add_membership(user, org, MemberRole(role))
        users[MemberRole(role)] = user
    return users


def fill_demo_candidate(ctx: Seed, user: User) -> Candidate:
    candidate = ensure_candidate_profile(user, ctx.org)
    for name, value in data.DEMO_CANDIDATE.items():
        setattr(candidate, name, value)
    candidate.source = Source.DEMO
    candidate.available_from = ctx.today
    candidate.created_at = candidate.updated_at = ctx.now - timedelta(days=3)
    for title, company, started, finished in data.DEMO_CANDIDATE_POSITIONS:
        end = None if finished is None else shift_years(ctx.today, -finished)
        _add_position(ctx, candidate, title, company, shift_years(ctx.today, -started), end)
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


def make_candidate(ctx: Seed, index: int) -> Candidate:
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


def _email(ctx: Seed, first: str, last: str) -> str | None:
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


def _fill_profile(ctx: Seed, candidate: Candidate, arch: data.Archetype, side: int) -> None:
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


def _set_availability(ctx: Seed, candidate: Candidate, arch: data.Archetype) -> None:
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
    ctx: Seed, candidate: Candidate, arch: data.Archetype, side: int, years: int
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
    ctx: Seed, candidate: Candidate, arch: data.Archetype, side: int, years: int
) -> None:
    rng = ctx.rng
    finished = ctx.today - timedelta(days=365 * years + rng.randint(-200, 700))
    for _ in range(rng.choices(range(3), weights=(2, 5, 2))[0]):
        started = shift_years(finished, -rng.randint(1, 4))
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


def _add_skills(ctx: Seed, candidate: Candidate, arch: data.Archetype, side: int) -> None:
    rng = ctx.rng
    count = rng.randint(2, 8)
    pairs = rng.sample(arch.skills, min(count, len(arch.skills)))
    pairs += rng.sample(data.COMMON_SKILLS, 3)
    for label in list(dict.fromkeys(pair[side] for pair in pairs))[:count]:
        _add(ctx, candidate.skills, CandidateSkill, label=label)


def _add_languages(ctx: Seed, candidate: Candidate, side: int) -> None:
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


def _add_volunteering(ctx: Seed, candidate: Candidate, side: int) -> None:
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


def _add_certifications(ctx: Seed, candidate: Candidate, arch: data.Archetype, side: int) -> None:
    rng = ctx.rng
    if arch.cert is not None and rng.random() < 0.7:
        issued = _days_ago(ctx, 60, 5000)
        _add_certification(ctx, candidate, arch.cert[side], arch.cert[2], issued, None)
    if rng.random() < 0.15:
        name, authority = data.FIRST_AID[side]
        _add_certification(ctx, candidate, name, authority, _days_ago(ctx, 30, 1000), 3)


def _add_board_services(ctx: Seed, candidate: Candidate, side: int) -> None:
    rng = ctx.rng
    for organization in rng.sample(data.BOARD_ORGS, rng.randint(1, 2)):
        started = _days_ago(ctx, 400, 4000)
        finished = shift_years(started, rng.randint(1, 6))
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
