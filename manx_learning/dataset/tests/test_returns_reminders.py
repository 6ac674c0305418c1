"""Return deadlines and reminders: due N working days after the period, reminders once each,
sent by the real Tasks worker."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from manx_learning.dataset import services
from manx_learning.dataset.models import Return, ReturnStatus
from manx_learning.dataset.tests.factories import indicator


def test_a_return_is_due_fifteen_working_days_after_its_period(settings):
    settings.DATASET_RETURN_DEADLINE_WORKING_DAYS = 15
    # March 2026 ends on Tuesday 31st; Good Friday and Easter Monday (3 and 6 April) are skipped.
    assert services.return_deadline("2026-03") == date(2026, 4, 23)


def submitted(agency, *periods):
    for period in periods:
        Return.objects.create(
            agency=agency,
            period=period,
            period_start=date(int(period[:4]), int(period[5:]), 1),
            deadline=services.return_deadline(period),
            status=ReturnStatus.SUBMITTED,
        )


@pytest.mark.django_db(transaction=True)
def test_reminders_go_once_to_data_officers_of_agencies_that_have_not_submitted(
    data_officer, police, health, settings
):
    settings.DATASET_REMINDER_DAYS_BEFORE = 5
    indicator("CP-01", owner_agency=police)
    submitted(police, "2026-01", "2026-02")  # only March's return is still to come
    deadline = services.return_deadline("2026-03")
    first = services.returns_reminders_send(today=date(2026, 4, 20))
    again = services.returns_reminders_send(today=date(2026, 4, 20))
    assert (first.emails, again.emails, again.skipped) == (1, 0, 1)
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert [m.to for m in mail.outbox] == [["data@police.example.im"]]
    assert "2026-03" in mail.outbox[0].subject
    overdue = services.returns_reminders_send(today=deadline.replace(day=deadline.day + 1))
    assert overdue.emails == 1 and "overdue" in overdue.items[0]


@pytest.mark.django_db
def test_no_reminder_once_the_return_is_submitted(data_officer, police):
    indicator("CP-01", owner_agency=police)
    submitted(police, "2026-01", "2026-02", "2026-03")
    assert services.returns_reminders_send(today=date(2026, 4, 20)).emails == 0
