"""Tenant isolation in one place.

Every organization-owned row carries ``organization_id``. Views under
``/o/<slug>/`` get the organization from the URL, check the current user's
membership, and fetch rows only through :func:`scoped` and :func:`get_or_404`,
so a row of another organization is simply not found (404, never 403: its
existence must not leak).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, g
from flask_login import current_user
from sqlalchemy import Select, select

from app.extensions import db, login_manager
from app.models import MemberRole, Membership, Organization

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def current_org() -> Organization:
    return g.org


def scoped(model: type[T]) -> Select[tuple[T]]:
    """``SELECT`` of ``model`` limited to the current organization."""
    return select(model).where(model.organization_id == g.org.id)  # type: ignore[attr-defined]


def get_or_404(model: type[T], ident: int) -> T:
    """The row of ``model`` with this id in the current organization, or 404."""
    row = db.session.scalar(scoped(model).where(model.id == ident))  # type: ignore[attr-defined]
    if row is None:
        abort(404)
    return row


def load_org_from_url(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Resolve ``<slug>`` for every route of an organization blueprint."""
    slug = (values or {}).pop("slug", None)
    org = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None:
        abort(404)
    g.org = org
    g.membership = None
    if current_user.is_authenticated:
        g.membership = db.session.scalar(
            select(Membership).where(
                Membership.organization_id == org.id, Membership.user_id == current_user.id
            )
        )


def add_slug_to_urls(endpoint: str, values: dict[str, Any]) -> None:
    """Inside an organization's pages, ``url_for`` fills ``slug`` by itself."""
    if "slug" in values or "org" not in g:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "slug"):
        values["slug"] = g.org.slug


def org_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint mounted under ``/o/<slug>`` whose views see ``g.org``."""
    bp = Blueprint(name, import_name, url_prefix="/o/<slug>")
    bp.url_value_preprocessor(load_org_from_url)
    return bp


def members_only(*roles: MemberRole) -> Callable[[F], F]:
    """Let in logged-in members of ``g.org`` holding one of ``roles``.

    Non-members get 404, exactly as for an organization that does not exist;
    members with another role get 403.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if g.membership is None:
                abort(404)
            if roles and g.membership.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
