"""An organization's pages: its public page, the staff dashboard, a candidate's own profile."""
