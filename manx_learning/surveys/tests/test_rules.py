"""The rules a survey is built by."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from manx_learning.surveys import services
from manx_learning.surveys.models import QuestionKind, SurveyStatus


def test_a_survey_that_asks_for_identifying_details_must_say_why(
    make_survey, business_unit_officer
):
    survey = make_survey(publish=False)
    question = services.question_add(
        survey=survey,
        by=business_unit_officer,
        kind=QuestionKind.TEXT,
        text="Your phone number, if you would like a call",
        required=True,
        asks_identifying=True,
    )
    assert question.required is False  # nobody has to identify themselves
    with pytest.raises(ValidationError, match="Say why the survey asks for identifying details"):
        services.survey_publish(survey=survey, by=business_unit_officer)
    survey.why_identifying = "So we can call you back if you ask us to."
    survey.save()
    services.survey_publish(survey=survey, by=business_unit_officer)
    assert survey.status == SurveyStatus.OPEN


def test_the_reason_cannot_be_removed_while_a_question_asks_for_identifying_details(
    make_survey, business_unit_officer
):
    survey = make_survey(publish=False, why_identifying="To call you back")
    services.question_add(
        survey=survey, by=business_unit_officer, kind="text", text="Phone", asks_identifying=True
    )
    details = {
        "title": survey.title,
        "audience": survey.audience,
        "intro": survey.intro,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
    }
    with pytest.raises(ValidationError) as error:
        services.survey_update(survey=survey, by=business_unit_officer, **details)
    assert "why_identifying" in error.value.message_dict


def test_questions_cannot_change_once_published(make_survey, business_unit_officer):
    survey = make_survey()
    with pytest.raises(ValidationError, match="cannot change once the survey is published"):
        services.question_add(survey=survey, by=business_unit_officer, kind="scale", text="New")


def test_only_a_choose_one_question_can_split_the_results(make_survey, business_unit_officer):
    survey = make_survey(publish=False)
    with pytest.raises(ValidationError) as error:
        services.question_add(
            survey=survey, by=business_unit_officer, kind="scale", text="Agree?", group_by=True
        )
    assert "group_by" in error.value.message_dict


def test_a_survey_must_close_after_it_opens(business_unit_officer):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.survey_create(
            by=business_unit_officer,
            title="Backwards",
            audience="families",
            intro="Hello",
            opens_on=today,
            closes_on=today - timedelta(days=1),
        )
    assert "closes_on" in error.value.message_dict


def test_only_the_business_unit_builds_surveys(make_survey, panel_chair, police_lead):
    for person in (panel_chair, police_lead):
        with pytest.raises(PermissionDenied):
            services.survey_create(
                by=person,
                title="Mine",
                audience="practitioners",
                intro="Hi",
                opens_on=timezone.localdate(),
                closes_on=timezone.localdate(),
            )


def test_each_public_link_is_long_random_and_different(make_survey):
    first, second = make_survey(), make_survey(title="Second")
    assert first.public_token != second.public_token
    assert len(first.public_token) >= 22


def test_the_daily_job_closes_surveys_past_their_closing_date(make_survey):
    from django.core.management import call_command

    survey = make_survey()
    survey.closes_on = timezone.localdate() - timedelta(days=1)
    survey.save()
    call_command("surveys", "close-due", verbosity=0)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert services.surveys_close_due() == 0
