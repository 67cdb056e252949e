"""Prospects: a recruiter's LinkedIn connections, and the invitation that makes one a candidate."""
