"""Outgoing e-mail: logged on a laptop, SMTP in production, kept in memory in tests."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("rallier.mail")

# Messages sent with MAIL_BACKEND=memory (the tests read them here).
outbox: list[EmailMessage] = []


def send_mail(to: str, subject: str, body: str) -> None:
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)

    backend = cfg["MAIL_BACKEND"]
    if backend == "memory":
        outbox.append(message)
    elif backend == "smtp":
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(message)
    else:
        log.info("E-mail to %s\nSubject: %s\n\n%s", to, subject, body)
