"""Organization administration: members, invitations, roles."""
