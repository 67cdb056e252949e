"""Candidates asking for a human review of their automated assessment (Law 25)."""
