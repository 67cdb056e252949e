"""Where to send people: after login, and back to where they came from."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for

from app.models import User


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: an open redirect would make phishing links look legitimate."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


def home_for(user: User) -> str:
    """Where a user lands after login: their one organization, or the chooser."""
    memberships = user.memberships
    if len(memberships) == 1:
        membership = memberships[0]
        endpoint = "org.dashboard" if membership.is_staff else "org.my_profile"
        return url_for(endpoint, slug=membership.organization.slug)
    return url_for("main.organizations")
