"""Alembic environment: runs against the Flask app's engine and metadata."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from app.models.base import UTCDateTime

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def render_item(type_, obj, autogen_context):
    # Revisions must not import the app: UTCDateTime is a plain timestamp
    # with time zone in the database.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def skip_empty_revisions(context_, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def configure(**kwargs):
    options = {
        **current_app.extensions["migrate"].configure_args,
        "target_metadata": target_metadata,
        "render_item": render_item,
        "compare_type": True,
        "process_revision_directives": skip_empty_revisions,
        **kwargs,
    }
    context.configure(**options)


def run_migrations_offline():
    configure(url=db.engine.url.render_as_string(hide_password=False), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    with db.engine.connect() as connection:
        configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
