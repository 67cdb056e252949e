"""Rallier: the Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import load_config
from app.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``overrides`` win over the environment (tests use it)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    app.config.update(load_config(app.instance_path))
    if overrides:
        app.config.update(overrides)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_commands(app)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def register_extensions(app: Flask) -> None:
    from app import auth, i18n  # noqa: F401 - the user loader and locale selector register themselves

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.audit_log.routes import bp as audit_log_bp
    from app.auth.routes import bp as auth_bp
    from app.auth.routes import org_bp as auth_org_bp
    from app.candidates.routes import bp as candidates_bp
    from app.imports.routes import bp as imports_bp
    from app.main.routes import bp as main_bp
    from app.org.routes import bp as org_bp
    from app.pipeline.routes import bp as pipeline_bp
    from app.profiles import bp as profiles_bp
    from app.prospects.routes import bp as prospects_bp
    from app.reviews.routes import bp as reviews_bp
    from app.role_editor.routes import bp as role_editor_bp
    from app.roles.routes import bp as roles_bp
    from app.shortlists.routes import bp as shortlists_bp
    from app.tenancy import add_slug_to_urls
    from app.tuning.routes import bp as tuning_bp

    for bp in (main_bp, auth_bp, auth_org_bp, org_bp, admin_bp, roles_bp, tuning_bp):
        app.register_blueprint(bp)
    for bp in (imports_bp, prospects_bp, candidates_bp, profiles_bp):
        app.register_blueprint(bp)
    for bp in (role_editor_bp, pipeline_bp, shortlists_bp, reviews_bp, audit_log_bp):
        app.register_blueprint(bp)
    app.url_defaults(add_slug_to_urls)


def register_errorhandlers(app: Flask) -> None:
    from app.errors import init_app

    init_app(app)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def set_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def register_template_helpers(app: Flask) -> None:
    from app.i18n import template_helpers

    app.context_processor(template_helpers)


def register_commands(app: Flask) -> None:
    from app.cli import init_app

    init_app(app)
