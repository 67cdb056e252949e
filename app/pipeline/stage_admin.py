"""The administrators' page of pipeline stages: rename, reorder, add, remove.

Removing a stage that applications are at is refused, saying how many there are:
moving people is a recruiter's decision, made on each application, not a side effect
of tidying the stage list. See :mod:`app.services.stages` for the rules.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.i18n import current_locale
from app.models import MemberRole, Stage
from app.pipeline.forms import NewStageForm, StageForm, StageRemoveForm, StageShiftForm
from app.pipeline.routes import bp
from app.services import pipeline, stages
from app.services.errors import ServiceError
from app.tenancy import get_or_404, members_only


@bp.route("/stages")
@members_only(MemberRole.ADMIN)
def stage_list():
    """The organization's stages in order, with how many applications are at each."""
    return _render_list(NewStageForm())


@bp.route("/stages/new", methods=["POST"])
@members_only(MemberRole.ADMIN)
def add_stage():
    """Add a stage at the end of the pipeline."""
    form = NewStageForm()
    if form.validate_on_submit():
        try:
            stage = stages.add_stage(
                g.org,
                form.label_en.data,
                form.label_fr.data,
                is_terminal=form.is_terminal.data,
                actor=current_user,
            )
        except ServiceError as exc:
            db.session.rollback()
            _error(form, exc)
        else:
            db.session.commit()
            flash(_("The stage %(name)s was added.", name=stage.label(current_locale())), "success")
            return redirect(url_for("pipeline.stage_list", _anchor=f"stage-{stage.id}"))
    return _render_list(form), 400


@bp.route("/stages/<int:stage_id>/edit", methods=["GET", "POST"])
@members_only(MemberRole.ADMIN)
def edit_stage(stage_id: int):
    """Rename a stage in both languages; say whether it ends the pipeline."""
    stage = get_or_404(Stage, stage_id)
    form = StageForm(obj=stage)
    fixed = stages.FIXED_TERMINAL.get(stage.key)
    if fixed is not None:
        del form.is_terminal  # the pipeline's own rules decide it
    if form.validate_on_submit():
        try:
            stages.update_stage(
                stage,
                form.label_en.data,
                form.label_fr.data,
                is_terminal=fixed if fixed is not None else form.is_terminal.data,
                actor=current_user,
            )
        except ServiceError as exc:
            db.session.rollback()
            _error(form, exc)
        else:
            db.session.commit()
            flash(_("The stage %(name)s was saved.", name=stage.label(current_locale())), "success")
            return redirect(url_for("pipeline.stage_list", _anchor=f"stage-{stage.id}"))
    status = 400 if form.errors else 200
    return render_template(
        "pipeline/stage_edit.html", org=g.org, stage=stage, form=form, fixed=fixed
    ), status


@bp.route("/stages/<int:stage_id>/move", methods=["POST"])
@members_only(MemberRole.ADMIN)
def shift_stage(stage_id: int):
    """Move a stage one place up or down the pipeline."""
    stage = get_or_404(Stage, stage_id)
    form = StageShiftForm()
    if not form.validate_on_submit():
        abort(400)  # only a forged request lacks the direction: each button sends one
    stages.shift_stage(stage, form.direction.data, actor=current_user)
    db.session.commit()
    return redirect(url_for("pipeline.stage_list", _anchor=f"stage-{stage.id}"))


@bp.route("/stages/<int:stage_id>/delete", methods=["POST"])
@members_only(MemberRole.ADMIN)
def remove_stage(stage_id: int):
    """Remove a stage no application is at."""
    stage = get_or_404(Stage, stage_id)
    name = stage.label(current_locale())
    if not StageRemoveForm().validate_on_submit():
        abort(400)
    try:
        stages.remove_stage(stage, actor=current_user)
    except ServiceError as exc:
        db.session.rollback()
        flash(_("%(name)s was not removed: %(reason)s", name=name, reason=exc.message), "error")
    else:
        db.session.commit()
        flash(_("The stage %(name)s was removed.", name=name), "success")
    return redirect(url_for("pipeline.stage_list"))


def _render_list(add_form: StageForm):  # type: ignore[no-untyped-def]
    return render_template(
        "pipeline/stages.html",
        org=g.org,
        stages=pipeline.stages(g.org),
        usage=stages.usage(g.org),
        essential=pipeline.ESSENTIAL_STAGES,
        add_form=add_form,
        remove_form=StageRemoveForm(formdata=None),
    )


def _error(form: StageForm, exc: ServiceError) -> None:
    target = getattr(form, exc.field or "label_en", None) or form.label_en
    target.errors = [*target.errors, str(exc.message)]
