"""Surveys on the QA calendar: opening, closing, and retests due."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse

from manx_learning.lib.qa_calendar import CalendarItem
from manx_learning.surveys.models import Survey, SurveyStatus


def _item(survey: Survey, due: date, kind: str, title: str, done: bool) -> CalendarItem:
    return CalendarItem(
        due=due,
        kind=kind,
        title=title,
        url=reverse("surveys:detail", args=[survey.code]),
        agencies=tuple(survey.agencies.all()),
        done=done,
    )


def calendar_items(start: date, end: date) -> Iterator[CalendarItem]:
    """The calendar provider registered in `AssuranceConfig.ready()`."""
    surveys = Survey.objects.prefetch_related("agencies", "retests")
    for survey in surveys.filter(opens_on__range=(start, end)):
        done = survey.status != SurveyStatus.DRAFT
        yield _item(survey, survey.opens_on, "survey", f"Survey opens: {survey.title}", done)
    for survey in surveys.filter(closes_on__range=(start, end)).exclude(status=SurveyStatus.DRAFT):
        done = survey.status == SurveyStatus.CLOSED
        yield _item(survey, survey.closes_on, "survey", f"Survey closes: {survey.title}", done)
    for survey in surveys.filter(retest_due_on__range=(start, end), retest_of__isnull=True):
        done = bool(survey.retests.all())  # prefetched: no query per survey
        yield _item(
            survey, survey.retest_due_on, "retest", f"Survey retest due: {survey.title}", done
        )
