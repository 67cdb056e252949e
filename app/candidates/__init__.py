"""Recruiters' view of the organization's candidates: the list and the duplicates."""
