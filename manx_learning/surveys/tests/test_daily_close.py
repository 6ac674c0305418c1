"""Surveys close themselves on the morning after their closing date, in the daily QA run."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from manx_learning.assurance.models import Evidence
from manx_learning.surveys.models import SurveyStatus


@pytest.mark.django_db(transaction=True)
def test_the_daily_qa_run_closes_surveys_past_their_date_into_the_evidence_register(make_survey):
    from manx_learning.assurance.tasks import daily_qa_reminders

    today = timezone.localdate()
    finished = make_survey(title="Finished survey")
    finished.closes_on = today - timedelta(days=1)
    finished.save()
    running = make_survey(title="Running survey")

    daily_qa_reminders.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    finished.refresh_from_db()
    running.refresh_from_db()
    assert finished.status == SurveyStatus.CLOSED
    assert running.status == SurveyStatus.OPEN
    assert Evidence.objects.filter(title__contains="Finished survey").exists()
