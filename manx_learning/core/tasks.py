"""Background work, run by the Tasks worker (`manx-learning db_worker`)."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import Task, task
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone


def next_daily_run(now: datetime | None = None) -> datetime:
    """The next REMINDER_HOUR o'clock, local time."""
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=settings.REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def schedule_daily(daily_task: Task, now: datetime | None = None) -> bool:
    """Make sure one run of a daily job is waiting in the queue; True if one was added.

    Daily jobs (action, QA and return reminders) keep their own schedule: a deploy queues the
    first run (`manx-learning actions|qa|dataset schedule`) and each run queues the next, even
    when it fails. A second call finds the waiting run and adds none, so it is safe to repeat.
    """
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=daily_task.module_path, status="READY")
    if waiting.exists():
        return False
    daily_task.using(run_after=next_daily_run(now)).enqueue()
    return True


def schedule_daily_report(daily_task: Task, label: str) -> str:
    """`schedule_daily` for the `… schedule` commands: what happened, in a sentence."""
    if schedule_daily(daily_task):
        return f"{label} queued for {next_daily_run():%-d %B %Y at %H:%M}"
    return f"{label} were already queued"


def schedule_tomorrow(daily_task: Task) -> None:
    """Called by a daily job as it finishes (in `finally`), so one bad day does not stop it."""
    schedule_daily(daily_task, timezone.now() + timedelta(minutes=1))


def render_plain_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text template, not HTML-escaped: a subject or text body says "O'Neill", where the
    HTML part says "O&#x27;Neill" so the mail reader shows the same name."""
    return get_template(name).template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render an e-mail from its subject/text/html templates (``<template>_subject.txt`` ...)."""
    full = {"service_name": settings.SERVICE_NAME, "board_name": settings.BOARD_NAME} | context
    subject = " ".join(render_plain_text(f"{template}_subject.txt", full).split())
    text = render_plain_text(f"{template}.txt", full)
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
