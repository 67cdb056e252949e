"""Error pages in the user's language, for the codes users can meet."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

PAGES = (400, 403, 404, 405, 413, 429, 500)


def render_error(error: HTTPException):  # type: ignore[no-untyped-def]
    code = error.code or 500
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    # Keep what the exception says beyond its page (Allow on 405, Retry-After on 429).
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_template(template, error=error, code=code), code, headers


def handle_csrf(error: CSRFError):  # type: ignore[no-untyped-def]
    return render_template("errors/400.html", error=error, code=400, csrf=True), 400


def handle_server_error(error: Exception):  # type: ignore[no-untyped-def]
    # Nothing half-written survives a crash in the middle of a request.
    db.session.rollback()
    return render_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(InternalServerError, handle_server_error)
