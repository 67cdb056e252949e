"""Where candidates stand for a role: applications, stage moves, notes, ratings.

An *application* is a candidate considered for a role. It is created at the stage
``new`` the first time a recruiter acts on the candidate for that role, and every
change of stage leaves a :class:`StageChange` saying who moved it and when.

Concurrent recruiters are kept apart by optimistic locking: every form carries the
``version`` of the application it was rendered with, and a change made from a stale
form raises :class:`ChangedMeanwhile` instead of overwriting someone else's work.
The same error comes from a real race, when the ``UPDATE`` finds the row already
changed (SQLAlchemy's ``StaleDataError``).

Stage keys the application relies on (``new``, ``shortlisted``, ``not_a_fit``) keep
their meaning whatever the organization calls them; :mod:`app.services.learning`
reads decisions from the same keys. Every function flushes; the view commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import false, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import (
    Application,
    Candidate,
    NotAFitReason,
    Note,
    Organization,
    Role,
    Stage,
    StageChange,
    User,
)
from app.models.base import utcnow
from app.services import audit
from app.services.errors import ServiceError

NEW = "new"
SHORTLISTED = "shortlisted"
NOT_A_FIT = "not_a_fit"
#: Stages the application's own rules rely on: they cannot be removed.
ESSENTIAL_STAGES = frozenset({NEW, SHORTLISTED, NOT_A_FIT})

MAX_NOTE_CHARS = 5000
MAX_DETAIL_CHARS = 500


class ChangedMeanwhile(ServiceError):  # noqa: N818 - the name the other areas use
    """Someone changed the application after the form was rendered."""

    def __init__(self) -> None:
        super().__init__(_l("Someone else changed this application while you were looking at it."))


class AlreadyAtStageError(ServiceError):
    """The application already is at the stage asked for."""

    def __init__(self) -> None:
        super().__init__(_l("The application is already at this stage."), field="stage")


def stages(org: Organization) -> list[Stage]:
    """The organization's stages in pipeline order."""
    return stages_of(org.id)


def stages_of(organization_id: int) -> list[Stage]:
    return list(
        db.session.scalars(
            select(Stage)
            .where(Stage.organization_id == organization_id)
            .order_by(Stage.position, Stage.id)
        )
    )


def application_for(role: Role, candidate: Candidate) -> Application | None:
    """The candidate's application for the role, if they were ever considered for it."""
    return db.session.scalar(
        select(Application).where(
            Application.organization_id == role.organization_id,
            Application.role_id == role.id,
            Application.candidate_id == candidate.id,
        )
    )


def ensure_application(role: Role, candidate: Candidate, *, actor: User) -> Application:
    """The candidate's application for the role, created at stage ``new`` if missing.

    Raises :class:`ServiceError` when the candidate belongs to another organization.
    When another request creates the same application at the same moment, theirs is
    returned (the unique constraint decides).
    """
    existing = application_for(role, candidate)
    if existing is not None:
        return existing
    try:
        return create_application(role, candidate, actor=actor)
    except ChangedMeanwhile:
        found = application_for(role, candidate)
        if found is None:
            raise
        return found


def create_application(role: Role, candidate: Candidate, *, actor: User) -> Application:
    """A new application at stage ``new``, for a form shown before there was one.

    Raises :class:`ChangedMeanwhile` when the application exists after all (another
    request created it since the look-up), and :class:`ServiceError` when the
    candidate belongs to another organization.
    """
    if candidate.organization_id != role.organization_id:
        raise ServiceError(_l("This candidate is not one of the organization's."))
    now = utcnow()
    application = Application(
        organization_id=role.organization_id,
        role_id=role.id,
        candidate_id=candidate.id,
        stage=NEW,
        stage_changed_at=now,
    )
    application.history.append(
        StageChange(from_stage=None, to_stage=NEW, changed_by_id=actor.id, changed_at=now)
    )
    open_transaction()
    try:
        with db.session.begin_nested():
            db.session.add(application)
    except IntegrityError as exc:  # the unique (role, candidate) constraint: someone was first
        raise ChangedMeanwhile() from exc
    return application


def identity_hidden(role: Role, application: Application | None) -> bool:
    """Whether blind review still hides who the candidate is."""
    return bool(role.blind_review) and (application is None or application.revealed_at is None)


def time_in_stage(application: Application) -> timedelta:
    """How long the application has been at its current stage."""
    return max(utcnow() - application.stage_changed_at, timedelta(0))


def move(
    application: Application,
    stage_key: str,
    *,
    actor: User,
    expected_version: int,
    reason: NotAFitReason | str | None = None,
    detail: str = "",
) -> None:
    """Move the application to another stage, recording who did it and when.

    Moving to ``not_a_fit`` needs a ``reason`` (and ``detail`` when it is "other");
    moving to ``shortlisted`` puts the candidate at the end of the role's shortlist,
    leaving it takes them off. On a blind role, reaching ``shortlisted`` or a later
    stage that is not terminal reveals the candidate's identity (audited).

    Raises
    ------
    ChangedMeanwhile
        ``expected_version`` is not the application's version, or another request
        changed the row before this one could.
    AlreadyAtStageError
        The application is at ``stage_key`` already (and it is not a change of reason).
    ServiceError
        An unknown stage, or a missing not-a-fit reason.
    """
    if application.version != expected_version:
        raise ChangedMeanwhile()
    all_stages = stages_of(application.organization_id)
    target = next((s for s in all_stages if s.key == stage_key), None)
    if target is None:
        raise ServiceError(_l("Choose one of the organization's stages."), field="stage")
    fit_reason, fit_detail = not_a_fit_fields(stage_key, reason, detail)
    if stage_key == application.stage and (
        stage_key != NOT_A_FIT
        or (fit_reason, fit_detail) == (application.not_a_fit_reason, application.not_a_fit_detail)
    ):
        raise AlreadyAtStageError()
    previous = application.stage
    with db.session.no_autoflush:  # one UPDATE per move, made by _flush: version + 1
        revealed = _apply_move(application, target, all_stages, actor, fit_reason, fit_detail)
    _flush()
    _audit_move(application, previous, actor, revealed)


def _apply_move(
    application: Application,
    target: Stage,
    all_stages: list[Stage],
    actor: User,
    fit_reason: NotAFitReason | None,
    fit_detail: str,
) -> bool:
    """Change the application's fields for the move; whether its identity got revealed."""
    now = utcnow()
    if target.key != application.stage:
        application.history.append(
            StageChange(
                from_stage=application.stage,
                to_stage=target.key,
                changed_by_id=actor.id,
                changed_at=now,
            )
        )
        application.stage = target.key
        application.stage_changed_at = now
    _place_on_shortlist(application, on_shortlist(target, all_stages))
    application.not_a_fit_reason = fit_reason
    application.not_a_fit_detail = fit_detail
    return _reveal_if_due(application, target, all_stages, now)


def rate(application: Application, rating: int, *, actor: User, expected_version: int) -> None:
    """Give the application a rating from 1 to 5 (locked like a move)."""
    if application.version != expected_version:
        raise ChangedMeanwhile()
    if not 1 <= rating <= 5:
        raise ServiceError(_l("A rating goes from 1 to 5."), field="rating")
    application.rating = rating
    _flush()


def add_note(application: Application, body: str, *, actor: User) -> Note:
    """Append a note (notes are never edited nor deleted); audited without its text."""
    text = body.strip()
    if not text:
        raise ServiceError(_l("Write the note before adding it."), field="body")
    if len(text) > MAX_NOTE_CHARS:
        raise ServiceError(
            _l("A note holds at most %(num)d characters.", num=MAX_NOTE_CHARS), field="body"
        )
    note = Note(
        organization_id=application.organization_id,
        application_id=application.id,
        author_id=actor.id,
        body=text,
        created_at=utcnow(),
    )
    db.session.add(note)
    db.session.flush()
    audit.record(
        "note.added",
        organization_id=application.organization_id,
        actor_id=actor.id,
        target_type="application",
        target_id=application.id,
        role_id=application.role_id,
        candidate_id=application.candidate_id,
        note_id=note.id,
    )
    return note


# --- helpers --------------------------------------------------------------------------


def not_a_fit_fields(
    stage_key: str, reason: NotAFitReason | str | None, detail: str
) -> tuple[NotAFitReason | None, str]:
    """The (reason, detail) to store for a move to ``stage_key``; checks them for not a fit."""
    if stage_key != NOT_A_FIT:
        return None, ""
    try:
        fit_reason = NotAFitReason(reason) if reason else None
    except ValueError:
        fit_reason = None
    if fit_reason is None:
        raise ServiceError(_l("Choose why the candidate is not a fit."), field="reason")
    text = (detail or "").strip()
    if fit_reason is NotAFitReason.OTHER and not text:
        raise ServiceError(_l("Say in a few words why the candidate is not a fit."), field="detail")
    if len(text) > MAX_DETAIL_CHARS:
        raise ServiceError(
            _l("The explanation holds at most %(num)d characters.", num=MAX_DETAIL_CHARS),
            field="detail",
        )
    return fit_reason, text


def on_shortlist(stage: Stage, all_stages: list[Stage]) -> bool:
    """Whether an application at ``stage`` is on its role's shortlist.

    From "shortlisted" on, until a final stage: a person contacted or interviewed
    keeps their place on the list the team ordered.
    """
    if stage.is_terminal:
        return False
    keys = [s.key for s in all_stages]
    return SHORTLISTED in keys and keys.index(stage.key) >= keys.index(SHORTLISTED)


def _place_on_shortlist(application: Application, listed: bool) -> None:
    if not listed:
        application.shortlist_position = None
        return
    if application.shortlist_position is not None:
        return
    last = db.session.scalar(
        select(func.max(Application.shortlist_position)).where(
            Application.organization_id == application.organization_id,
            Application.role_id == application.role_id,
        )
    )
    application.shortlist_position = (last or 0) + 1


def _reveal_if_due(
    application: Application, target: Stage, all_stages: list[Stage], now: datetime
) -> bool:
    """Blind review ends at shortlisting, or at any later stage still in progress."""
    if not application.role.blind_review or application.revealed_at is not None:
        return False
    if not on_shortlist(target, all_stages):
        return False
    application.revealed_at = now
    return True


def open_transaction() -> None:
    """Open the transaction for real before a SAVEPOINT.

    pysqlite starts its transaction at the first INSERT, UPDATE or DELETE only: a
    SAVEPOINT before any of them is the outermost one, releasing it commits, and the
    request's later rollback would not undo what it wrote. An UPDATE of no row opens
    the transaction on SQLite and costs nothing elsewhere.
    """
    db.session.execute(
        update(Stage).where(false()).values(position=Stage.position),
        execution_options={"synchronize_session": False},
    )


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:  # the UPDATE ... WHERE version = ? matched no row
        raise ChangedMeanwhile() from exc


def _audit_move(application: Application, previous: str, actor: User, revealed: bool) -> None:
    common = {
        "organization_id": application.organization_id,
        "actor_id": actor.id,
        "target_type": "application",
        "target_id": application.id,
    }
    reason = application.not_a_fit_reason
    audit.record(
        "application.moved",
        **common,
        role_id=application.role_id,
        candidate_id=application.candidate_id,
        from_stage=previous,
        to_stage=application.stage,
        reason=reason.value if reason else None,
    )
    if revealed:
        audit.record(
            "identity.revealed",
            **common,
            role_id=application.role_id,
            candidate_id=application.candidate_id,
        )


# The bulk actions live apart; importing them here keeps one module to call.
from app.services.pipeline_bulk import BulkResult, bulk  # noqa: E402, F401
