"""Administering an organization's pipeline stages: rename, reorder, add, remove.

Keys never change once a stage exists: applications, their history, the ranking's
filters and the learning of weights refer to stages by key. The stages the
application's rules rely on (``new``, ``shortlisted``, ``not_a_fit``) can be renamed
and moved but neither removed nor made terminal (or not terminal). Any other stage
can be removed only while no application is at it; the administrator moves those
applications first (the refusal says how many there are). Every function flushes.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select

from app.extensions import db
from app.importers.vocab import plain_words
from app.models import Application, Organization, Stage, User
from app.services import audit
from app.services.errors import ServiceError
from app.services.pipeline import ESSENTIAL_STAGES, NOT_A_FIT, stages

MAX_LABEL_CHARS = 100
MAX_KEY_CHARS = 40
MAX_STAGES = 30
#: Whether each essential stage is terminal: fixed, the pipeline's rules depend on it.
FIXED_TERMINAL = {key: key == NOT_A_FIT for key in ESSENTIAL_STAGES}


def usage(org: Organization) -> dict[str, int]:
    """How many applications are at each stage key."""
    rows = db.session.execute(
        select(Application.stage, func.count())
        .where(Application.organization_id == org.id)
        .group_by(Application.stage)
    )
    return {key: count for key, count in rows}


def add_stage(
    org: Organization, label_en: str, label_fr: str, *, is_terminal: bool, actor: User
) -> Stage:
    """A new stage at the end of the pipeline, its key made from the English label."""
    current = stages(org)
    if len(current) >= MAX_STAGES:
        raise ServiceError(_l("An organization has at most %(num)d stages.", num=MAX_STAGES))
    label_en, label_fr = _check_labels(current, label_en, label_fr, None)
    stage = Stage(
        organization_id=org.id,
        key=_new_key(label_en, {s.key for s in current}),
        label_en=label_en,
        label_fr=label_fr,
        position=(max((s.position for s in current), default=-1) + 1),
        is_terminal=is_terminal,
    )
    db.session.add(stage)
    db.session.flush()
    _audit("stage.created", stage, actor)
    return stage


def update_stage(
    stage: Stage, label_en: str, label_fr: str, *, is_terminal: bool, actor: User
) -> None:
    """Rename a stage in both languages and say whether it ends the pipeline."""
    fixed = FIXED_TERMINAL.get(stage.key)
    if fixed is not None and is_terminal != fixed:
        raise ServiceError(
            _l("This stage is one the pipeline relies on: whether it ends it cannot change."),
            field="is_terminal",
        )
    current = [s for s in _stages_of(stage) if s.id != stage.id]
    stage.label_en, stage.label_fr = _check_labels(current, label_en, label_fr, stage)
    stage.is_terminal = is_terminal
    db.session.flush()
    _audit("stage.updated", stage, actor)


def shift_stage(stage: Stage, direction: str, *, actor: User) -> bool:
    """Swap the stage with its neighbour above (``up``) or below (``down``).

    Returns False when it already is first (or last).
    """
    ordered = _stages_of(stage)
    for position, item in enumerate(ordered):  # mend gaps and ties left by removals
        item.position = position
    index = ordered.index(stage)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        db.session.flush()
        return False
    neighbour = ordered[other]
    stage.position, neighbour.position = neighbour.position, stage.position
    db.session.flush()
    _audit("stage.updated", stage, actor, position=stage.position)
    return True


def remove_stage(stage: Stage, *, actor: User) -> None:
    """Delete a stage no application is at; the essential stages stay."""
    if stage.key in ESSENTIAL_STAGES:
        raise ServiceError(
            _l("This stage is one the pipeline relies on: rename it rather than remove it.")
        )
    in_use = db.session.scalar(
        select(func.count(Application.id)).where(
            Application.organization_id == stage.organization_id,
            Application.stage == stage.key,
        )
    )
    if in_use:
        raise ServiceError(
            lazy_ngettext(
                "%(num)d application is at this stage: move it to another stage first.",
                "%(num)d applications are at this stage: move them to another stage first.",
                in_use,
            )
        )
    _audit("stage.removed", stage, actor)
    db.session.delete(stage)
    db.session.flush()


def _stages_of(stage: Stage) -> list[Stage]:
    return list(
        db.session.scalars(
            select(Stage)
            .where(Stage.organization_id == stage.organization_id)
            .order_by(Stage.position, Stage.id)
        )
    )


def _check_labels(
    others: list[Stage], label_en: str, label_fr: str, stage: Stage | None
) -> tuple[str, str]:
    label_en, label_fr = " ".join(label_en.split()), " ".join(label_fr.split())
    for name, value in (("label_en", label_en), ("label_fr", label_fr)):
        if not value:
            raise ServiceError(_l("Give the stage a name."), field=name)
        if len(value) > MAX_LABEL_CHARS:
            raise ServiceError(
                _l("A stage name holds at most %(num)d characters.", num=MAX_LABEL_CHARS),
                field=name,
            )
        taken = {plain_words(getattr(s, name)) for s in others if s is not stage}
        if plain_words(value) in taken:
            raise ServiceError(
                _l("Another stage already has this name: %(name)s.", name=value), field=name
            )
    return label_en, label_fr


def _new_key(label_en: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", plain_words(label_en)).strip("_")[: MAX_KEY_CHARS - 4]
    base = base or "stage"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _audit(action: str, stage: Stage, actor: User, **details: object) -> None:
    audit.record(
        action,
        organization_id=stage.organization_id,
        actor_id=actor.id,
        target_type="stage",
        target_id=stage.id,
        key=stage.key,
        **details,
    )
