"""Fixtures for survey tests: a survey built and published through the services (answers are
given with `factories.answer`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from manx_learning.surveys import services
from manx_learning.surveys.models import Audience, QuestionKind, Survey


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    # Most tests post straight after loading the form; the minimum fill time has its own tests.
    settings.SURVEY_MIN_FILL_SECONDS = 0


@pytest.fixture
def make_survey(business_unit_officer):
    def make(
        *,
        audience: str = Audience.PRACTITIONERS,
        title: str = "Working together survey",
        publish: bool = True,
        group_by: bool = False,
        **extra,
    ) -> Survey:
        today = timezone.localdate()
        by = business_unit_officer
        survey = services.survey_create(
            by=by,
            title=title,
            audience=audience,
            intro="Tell us how agencies work together. It takes 5 minutes.",
            opens_on=extra.pop("opens_on", today - timedelta(days=1)),
            closes_on=extra.pop("closes_on", today + timedelta(days=30)),
            **extra,
        )
        services.question_add(
            survey=survey, by=by, kind=QuestionKind.SCALE, text="I know who to contact"
        )
        services.question_add(
            survey=survey, by=by, kind=QuestionKind.SCALE, text="Information is shared quickly"
        )
        services.question_add(
            survey=survey,
            by=by,
            kind=QuestionKind.SINGLE,
            text="Which agency do you work for?",
            choices=["Police", "Health", "Education"],
            group_by=group_by,
        )
        services.question_add(
            survey=survey,
            by=by,
            kind=QuestionKind.MULTIPLE,
            text="Which training have you had?",
            choices=["Neglect", "Domestic abuse"],
            required=False,
        )
        services.question_add(
            survey=survey, by=by, kind=QuestionKind.TEXT, text="What would help?", required=False
        )
        if publish:
            services.survey_publish(survey=survey, by=by)
        return survey

    return make
