"""A role's shortlist: who is on it, in which order, with their score and latest note.

The shortlist of a role is its applications from the "shortlisted" stage onwards
that have not reached a terminal stage (accepted, declined, not a fit): people
being contacted, interviewed or made an offer stay on it while they progress. An
application the pipeline gave a ``shortlist_position`` is on it too, whatever the
organization calls its stages. Order: ``shortlist_position`` (1 first), then the
entries without one (the pipeline clears it when someone leaves "shortlisted") in
the order they reached their stage; reordering numbers everyone again.

Reordering swaps two neighbours. It is refused with :class:`ChangedMeanwhile` when
the page the recruiter clicked on is out of date: the moved application or the
neighbour it swaps with changed since (their ``version``), or the neighbour is no
longer the one next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import (
    Application,
    Candidate,
    ConsentPurpose,
    Note,
    Organization,
    Role,
    Stage,
)
from app.services import matching, pipeline
from app.services.errors import ServiceError
from app.services.pipeline import identity_hidden
from matching.types import Match

SHORTLIST_STAGE = pipeline.SHORTLISTED
Direction = Literal["up", "down"]


class ChangedMeanwhile(pipeline.ChangedMeanwhile):
    """Someone changed the shortlist since the page was shown; nothing was changed."""

    def __init__(self) -> None:
        ServiceError.__init__(
            self,
            _l(
                "The shortlist changed meanwhile (someone else moved or updated a person). "
                "Here it is as it stands now; nothing was changed."
            ),
        )


@dataclass(frozen=True)
class ShortlistEntry:
    """One person on a role's shortlist, with what the page and the exports show."""

    position: int
    application: Application
    candidate: Candidate
    stage: Stage | None
    hidden: bool
    match: Match | None
    last_note_at: datetime | None

    @property
    def display_name(self) -> str:
        """The name, or "Candidate #12" while blind review hides it."""
        if self.hidden:
            return str(_l("Candidate #%(num)d", num=self.candidate.id))
        return self.candidate.full_name or str(_l("Candidate #%(num)d", num=self.candidate.id))

    @property
    def matched_skills(self) -> list[str]:
        if self.match is None:
            return []
        return list(dict.fromkeys(s.role_skill for s in self.match.matched_skills))

    @property
    def missing_required(self) -> list[str]:
        return list(self.match.unmet_required) if self.match is not None else []


def stages_by_key(org: Organization) -> dict[str, Stage]:
    rows = db.session.scalars(
        select(Stage).where(Stage.organization_id == org.id).order_by(Stage.position)
    )
    return {stage.key: stage for stage in rows}


def shortlist_stage_keys(stages: dict[str, Stage]) -> list[str]:
    """Keys of the stages whose applications are on the shortlist, in pipeline order."""
    start = stages.get(SHORTLIST_STAGE)
    return [
        s.key
        for s in stages.values()
        if not s.is_terminal and start is not None and s.position >= start.position
    ]


def _applications(org: Organization, role: Role, stages: dict[str, Stage]) -> list[Application]:
    terminal = [s.key for s in stages.values() if s.is_terminal]
    statement = (
        select(Application)
        .where(
            Application.organization_id == org.id,
            Application.role_id == role.id,
            Application.stage.not_in(terminal),
            or_(
                Application.stage.in_(shortlist_stage_keys(stages)),
                Application.shortlist_position.is_not(None),
            ),
        )
        .options(selectinload(Application.candidate).selectinload(Candidate.consents))
        .order_by(
            Application.shortlist_position.is_(None),
            Application.shortlist_position,
            Application.stage_changed_at,
            Application.id,
        )
    )
    return list(db.session.scalars(statement))


def _last_notes(application_ids: Sequence[int]) -> dict[int, datetime]:
    if not application_ids:
        return {}
    rows = db.session.execute(
        select(Note.application_id, func.max(Note.created_at))
        .where(Note.application_id.in_(application_ids))
        .group_by(Note.application_id)
    )
    return {application_id: at for application_id, at in rows if at is not None}


def _matches(org: Organization, role: Role, candidates: Sequence[Candidate]) -> dict[int, Match]:
    """The ranking's match of each candidate who consents to matching (others are not scored).

    Explained from the matching index, as the ranked page explains them: no profile
    is read again nor its skills recognized again.
    """
    consenting = [c.id for c in candidates if c.active_consent(ConsentPurpose.MATCHING)]
    if not consenting:
        return {}
    with matching.scoreboard(org, role) as board:
        indexed = set(board.ids.tolist())
        return board.explain([i for i in consenting if i in indexed])


def shortlist(org: Organization, role: Role, *, scores: bool = True) -> list[ShortlistEntry]:
    """The role's shortlist, first to last; ``scores=False`` skips the matching."""
    stages = stages_by_key(org)
    applications = _applications(org, role, stages)
    notes = _last_notes([a.id for a in applications])
    matches = _matches(org, role, [a.candidate for a in applications]) if scores else {}
    return [
        ShortlistEntry(
            position=n,
            application=a,
            candidate=a.candidate,
            stage=stages.get(a.stage),
            hidden=identity_hidden(role, a),
            match=matches.get(a.candidate_id),
            last_note_at=notes.get(a.id),
        )
        for n, a in enumerate(applications, start=1)
    ]


def move(
    org: Organization,
    role: Role,
    application: Application,
    direction: Direction,
    *,
    expected_version: int,
    neighbor_id: int,
    neighbor_version: int,
) -> None:
    """Swap ``application`` with its neighbour above (``up``) or below (``down``).

    Raises
    ------
    ChangedMeanwhile
        The page was out of date: nothing is changed.
    ServiceError
        The application is already first (up) or last (down).
    """
    applications = _applications(org, role, stages_by_key(org))
    ids = [a.id for a in applications]
    if application.id not in ids or application.version != expected_version:
        raise ChangedMeanwhile()
    here = ids.index(application.id)
    there = here - 1 if direction == "up" else here + 1
    if not 0 <= there < len(applications):
        raise ChangedMeanwhile()
    neighbor = applications[there]
    if neighbor.id != neighbor_id or neighbor.version != neighbor_version:
        raise ChangedMeanwhile()
    mine, theirs = application.shortlist_position, neighbor.shortlist_position
    if mine is not None and theirs is not None and mine != theirs:
        # Only the two rows change, so nobody else's open page goes out of date.
        application.shortlist_position, neighbor.shortlist_position = theirs, mine
    else:
        applications[here], applications[there] = neighbor, application
        for n, each in enumerate(applications, start=1):
            if each.shortlist_position != n:
                each.shortlist_position = n
    try:
        db.session.flush()
    except StaleDataError as exc:  # changed between our read and our write
        raise ChangedMeanwhile() from exc
