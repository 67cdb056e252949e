"""Accounts: login, logout, password reset, sign-up, invitations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db, login_manager
from app.models import User

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Cookies carry the user's session token, not their id: logout rotates it."""
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.active.is_(True))
    )
