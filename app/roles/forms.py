from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import SubmitField

from app.services.roles import MAX_ROLE_FILE_BYTES


class RoleFileForm(FlaskForm):
    file = FileField(
        _l("Role file (JSON)"),
        validators=[
            FileRequired(_l("Choose a role file to import.")),
            FileSize(
                MAX_ROLE_FILE_BYTES,
                message=_l("The file is larger than %(kb)d KB.", kb=MAX_ROLE_FILE_BYTES // 1024),
            ),
        ],
    )
    submit = SubmitField(_l("Import the role"))
