"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from app.extensions import db
from app.models import AuditEvent


def record(
    action: str,
    *,
    organization_id: int | None = None,
    actor_id: int | None = None,
    target_type: str = "",
    target_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        organization_id=organization_id,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        details=details,
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(event)
    return event
