"""Each role's shortlist: its order, and exports as CSV and JSON Resume files."""
