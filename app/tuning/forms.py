from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

from app.models import RoleKind


class TuningActionForm(FlaskForm):
    """What the page's buttons (propose, accept, reset) send: the role kind, and the CSRF token."""

    # Several buttons on the page carry one each: no id, or the ids would repeat.
    kind = HiddenField(
        validators=[AnyOf([kind.value for kind in RoleKind])], render_kw={"id": False}
    )
