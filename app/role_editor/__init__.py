"""Writing roles: create, edit, duplicate, open, pause, close; per-role weights."""
