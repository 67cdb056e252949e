"""Matching weights learned from recruiters' decisions: see, propose, accept, reset."""
