"""The QA calendar shows items from every provider plus assessments' retests; the daily QA
reminders are grouped per person, sent once, and sent by the Tasks worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from manx_learning.assurance import calendar
from manx_learning.assurance.calendar import CalendarItem
from manx_learning.assurance.models import QaReminderLog
from manx_learning.assurance.reminders import qa_reminders_send
from manx_learning.assurance.tests.factories import TODAY


@pytest.fixture
def audit_due(police, police_lead):
    """A provider, as the audits app registers, with one police audit due in five days."""

    def provider(start, end):
        due = TODAY() + timedelta(days=5)
        if start <= due <= end:
            yield CalendarItem(
                due=due,
                kind="audit",
                title="Neglect re-audit",
                url="/audits/x/",
                agencies=(police,),
                remind=(police_lead,),
            )

    calendar.register(provider)
    yield
    calendar._PROVIDERS.remove(provider)


def test_the_calendar_lists_provider_items_and_retests(
    client, business_unit_officer, judged, audit_due
):
    client.force_login(business_unit_officer)
    month = f"{judged.retest_due:%Y-%m}"
    titles = [
        i.title
        for i in client.get(reverse("assurance:calendar"), {"month": month}).context["items"]
    ]
    assert f"Retest: {judged.title}" in titles
    this_month = client.get(
        reverse("assurance:calendar"), {"month": f"{TODAY() + timedelta(days=5):%Y-%m}"}
    )
    assert "Neglect re-audit" in this_month.content.decode()
    only_retests = client.get(
        reverse("assurance:calendar"),
        {"month": f"{TODAY() + timedelta(days=5):%Y-%m}", "kind": "retest"},
    )
    assert "Neglect re-audit" not in only_retests.content.decode()


def test_an_agency_lead_sees_only_board_wide_and_their_agencys_items(
    client, health_lead, audit_due
):
    client.force_login(health_lead)
    month = f"{TODAY() + timedelta(days=5):%Y-%m}"
    assert (
        "Neglect re-audit"
        not in client.get(reverse("assurance:calendar"), {"month": month}).content.decode()
    )


def test_a_bad_month_is_named(client, business_unit_officer):
    client.force_login(business_unit_officer)
    response = client.get(reverse("assurance:calendar"), {"month": "March"})
    assert "Enter the month as year and month" in response.content.decode()


def test_reminders_are_grouped_per_person_and_sent_once(
    business_unit_officer, police_lead, judged, audit_due, django_capture_on_commit_callbacks
):
    judged.retest_due = TODAY() + timedelta(days=3)
    judged.save()
    with django_capture_on_commit_callbacks(execute=False):
        run = qa_reminders_send()
    audit_line = f"Neglect re-audit (audit) – due on {TODAY() + timedelta(days=5):%-d %B %Y}"
    retest_line = f"Retest: {judged.title} (retest) – due on {judged.retest_due:%-d %B %Y}"
    assert run.by_person[business_unit_officer.email] == [retest_line, audit_line]
    assert run.by_person[police_lead.email] == [
        f"Neglect re-audit (audit) – due on {TODAY() + timedelta(days=5):%-d %B %Y}"
    ]
    assert run.emails == 2
    again = qa_reminders_send()
    assert (again.emails, again.skipped) == (0, 3)


def test_done_and_far_off_items_are_not_reminded(business_unit_officer, judged):
    run = qa_reminders_send()  # the retest is six months away
    assert run.emails == 0 and not QaReminderLog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_sends_the_qa_reminder_e_mail(business_unit_officer, judged):
    from manx_learning.assurance.tasks import daily_qa_reminders

    judged.retest_due = TODAY() - timedelta(days=2)
    judged.save()
    daily_qa_reminders.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    sent = [m for m in mail.outbox if business_unit_officer.email in m.to]
    assert len(sent) == 1
    assert "1 QA item due" in sent[0].subject
    assert f"Retest: {judged.title} (retest) – overdue since" in sent[0].body


@pytest.mark.django_db(transaction=True)
def test_the_qa_command_sends_and_schedules(business_unit_officer, capsys):
    call_command("qa", "remind")
    assert "QA reminders: 0 e-mail(s)" in capsys.readouterr().out
    call_command("qa", "schedule")
    call_command("qa", "schedule")
    out = capsys.readouterr().out
    assert "queued for" in out and "already queued" in out
