"""The audit log, read by administrators."""
