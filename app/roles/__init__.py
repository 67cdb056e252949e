"""An organization's roles: the list, importing a role file, ranked candidates and why."""
