"""Locale choice: the user's preference, then the session, then Accept-Language."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_date, format_decimal
from flask_babel import get_locale as babel_locale
from flask_login import current_user

from app.extensions import babel

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands: their messages are English
        return "en"
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    if session.get("locale") in supported:
        return session["locale"]
    return (
        request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_locale() -> str:
    return str(babel_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def template_helpers() -> dict[str, Any]:
    from app.labels import label

    return {
        "current_locale": current_locale,
        "language_names": LANGUAGE_NAMES,
        "label": label,
    }


def init_app(app: Flask) -> None:
    from app.labels import label

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.add_template_filter(format_date, "format_date")
    app.add_template_filter(format_decimal, "format_number")
    app.add_template_filter(label, "label")
