"""Recruiters' bulk import of candidate profiles (JSON Resume files, LinkedIn exports)."""
