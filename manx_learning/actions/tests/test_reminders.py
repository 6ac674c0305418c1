"""Reminders go to action owners before the due date and when overdue, escalate to the business
unit, are grouped per person, and are never sent twice for the same reason."""

import pytest
from django.core import mail
from django.core.management import call_command

from manx_learning.actions import services
from manx_learning.actions.models import ReminderLog
from manx_learning.actions.tests.factories import make_overdue


def _worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_overdue_actions_remind_their_owner_once(police_action, police_lead, business_unit_officer):
    make_overdue(police_action, 3)
    first = services.reminders_send()
    _worker()
    assert first.emails == 1
    assert [m.to for m in mail.outbox] == [[police_lead.email]]
    assert "overdue since" in mail.outbox[0].body
    second = services.reminders_send()
    _worker()
    assert second.emails == 0 and second.skipped == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_long_overdue_actions_escalate_to_the_business_unit(
    police_action, police_lead, business_unit_officer, settings
):
    settings.ACTION_ESCALATE_AFTER_DAYS = 28
    make_overdue(police_action, 30)
    run = services.reminders_send()
    _worker()
    assert sorted(run.by_person) == sorted([police_lead.email, business_unit_officer.email])
    escalation = next(m for m in mail.outbox if m.to == [business_unit_officer.email])
    assert "30 days overdue" in escalation.body


@pytest.mark.django_db(transaction=True)
def test_reminders_are_grouped_into_one_email_per_person(
    national, police_action, police_lead, police
):
    from datetime import timedelta

    from django.utils import timezone

    second = services.action_create(
        recommendation=national,
        by=police_lead,
        description="Train custody sergeants",
        owner_agency=police,
        lead_name="Sgt Quine",
        due_date=timezone.localdate() + timedelta(days=5),
        expected_outcome="x",
        impact_kind="check",
        impact_measure="Training records",
    )
    make_overdue(police_action, 2)
    run = services.reminders_send()
    _worker()
    assert run.emails == 1 and run.items == 2
    assert len(mail.outbox) == 1
    assert second.description in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_new_due_date_earns_a_new_reminder(police_action):
    make_overdue(police_action, 2)
    services.reminders_send()
    make_overdue(police_action, 1)
    assert services.reminders_send().emails == 1
    assert ReminderLog.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_is_queued_once_and_sends_through_the_worker(police_action, police_lead):
    from django_tasks_db.models import DBTaskResult

    from manx_learning.actions.tasks import daily_reminders
    from manx_learning.core.tasks import schedule_daily

    assert schedule_daily(daily_reminders) is True
    assert schedule_daily(daily_reminders) is False
    task_path = "manx_learning.actions.tasks.daily_reminders"
    assert DBTaskResult.objects.filter(task_path=task_path, status="READY").count() == 1
    make_overdue(police_action, 2)
    # Run today's job as the worker would (the queued one waits for tomorrow morning).
    daily_reminders.enqueue()
    _worker()
    assert [m.to for m in mail.outbox] == [[police_lead.email]]
