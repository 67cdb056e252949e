"""The candidate's side: the profile form, imports, consents and their own data.

Staff (administrators and recruiters) use the same form and import pages on a
candidate's behalf, under ``/o/<slug>/candidates/<candidate_id>/``.
"""

from flask import g

from app.tenancy import org_blueprint

bp = org_blueprint("profiles", __name__)


@bp.context_processor
def _organization() -> dict[str, object]:
    """base.html shows the organization's name and menu when ``org`` is given."""
    return {"org": g.org}


from app.profiles import privacy, routes, uploads  # noqa: E402, F401 - the views register on bp
