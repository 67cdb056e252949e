"""Whose profile a page is about: the logged-in candidate's own, or one a staff member opens."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, url_for
from flask_login import current_user

from app.extensions import db
from app.models import Candidate, MemberRole, Source
from app.services import accounts
from app.tenancy import get_or_404, scoped

#: Who may edit a candidate's profile or import into it on their behalf.
EDITORS = (MemberRole.ADMIN, MemberRole.RECRUITER)


@dataclass(frozen=True)
class Subject:
    """The candidate a page is about, and whether the reader is that candidate."""

    candidate: Candidate
    own: bool

    @property
    def source(self) -> Source:
        """What the candidate types is theirs; what staff type is the recruiter's."""
        return Source.FORM if self.own else Source.RECRUITER

    def url(self, view: str, **values: object) -> str:
        """The URL of ``view`` ("edit", "import") for this subject, self or on behalf."""
        if self.own:
            return url_for(f"profiles.my_{view}", **values)
        return url_for(f"profiles.candidate_{view}", candidate_id=self.candidate.id, **values)

    @property
    def profile_url(self) -> str:
        if self.own:
            return url_for("org.my_profile")
        return url_for("profiles.candidate_profile", candidate_id=self.candidate.id)


def own_candidate() -> Candidate:
    """The logged-in candidate's profile in this organization (made if it went missing)."""
    candidate = db.session.scalar(scoped(Candidate).where(Candidate.user_id == current_user.id))
    if candidate is None:
        candidate = accounts.ensure_candidate_profile(current_user, g.org)
        db.session.commit()
    return candidate


def me() -> Subject:
    return Subject(own_candidate(), own=True)


def on_behalf(candidate_id: int) -> Subject:
    """A candidate of this organization (404 for any other), seen by staff."""
    return Subject(get_or_404(Candidate, candidate_id), own=False)
