"""Pages outside any organization: the landing page and the language switch."""
