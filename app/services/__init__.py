"""Use-cases shared by the views and the CLI. They flush; the caller commits."""
