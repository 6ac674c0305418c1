"""Background work, run by the Tasks worker (`manx-learning db_worker`)."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render an e-mail from its subject/text/html templates (``<template>_subject.txt`` ...)."""
    full = {"service_name": settings.SERVICE_NAME, "board_name": settings.BOARD_NAME} | context
    subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
    text = render_to_string(f"{template}.txt", full)
    html = render_to_string(f"{template}.html", full)
    return subject, text, html


@task
def send_email_task(to: list[str], template: str, context: dict[str, Any]) -> int:
    subject, text, html = render_email(template, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message.send()


def send_email_on_commit(*, to: list[str], template: str, context: dict[str, Any]) -> None:
    """Queue an e-mail once the surrounding transaction commits, so a rolled-back change never
    sends mail (task arguments must be JSON: strings, lists and dicts only)."""
    transaction.on_commit(
        lambda: send_email_task.enqueue(to=list(to), template=template, context=context)
    )
