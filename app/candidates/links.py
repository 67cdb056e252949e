"""Links to a candidate's page, which the profiles blueprint serves."""

from __future__ import annotations

from flask import current_app, g, url_for

CANDIDATE_RULE = "/o/<slug>/candidates/<int:candidate_id>"


def _candidate_endpoint() -> str | None:
    cache = current_app.extensions.setdefault("rallier_candidate_endpoint", {})
    if "endpoint" not in cache:
        cache["endpoint"] = next(
            (
                rule.endpoint
                for rule in current_app.url_map.iter_rules()
                if rule.rule == CANDIDATE_RULE and "GET" in (rule.methods or ())
            ),
            None,
        )
    return cache["endpoint"]


def candidate_url(candidate_id: int) -> str:
    """The page of candidate ``candidate_id`` in the current organization."""
    endpoint = _candidate_endpoint()
    if endpoint is not None:
        return url_for(endpoint, candidate_id=candidate_id)
    return f"/o/{g.org.slug}/candidates/{candidate_id}"
