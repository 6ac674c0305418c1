"""Anyone with the link answers, with no account; bots, floods and oversized posts are refused
without a puzzle."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from manx_learning.surveys import protection
from manx_learning.surveys.models import Response
from manx_learning.surveys.tests.factories import form_data as _form_data
from manx_learning.surveys.tests.factories import post_answers as _post


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_who_is_not_signed_in_answers_and_is_thanked(client, make_survey):
    survey = make_survey()
    response = _post(client, survey, _form_data(client, survey))
    assert response.url == reverse("surveys:thanks", args=[survey.public_token])
    assert "Thank you" in client.get(response.url).content.decode()
    answers = {a.question.text: a for a in Response.objects.get(survey=survey).answers.all()}
    assert answers["I know who to contact"].scale_value == 5
    assert answers["Which training have you had?"].selected == ["Neglect"]
    assert answers["What would help?"].text == "More joint training"


def test_the_form_is_plain_and_says_answers_are_anonymous(client, make_survey):
    survey = make_survey()
    page = client.get(reverse("surveys:respond", args=[survey.public_token])).content.decode()
    assert "Your answers are anonymous" in page
    assert "Strongly agree" in page and "(optional)" in page
    assert 'name="website"' in page and "<div hidden>" in page


def test_a_required_question_left_empty_is_named_in_the_error(client, make_survey):
    survey = make_survey()
    first = survey.questions.first()
    page = _post(client, survey, _form_data(client, survey, **{f"q_{first.pk}": ""}))
    assert page.status_code == 200
    assert "Select how much you agree" in page.content.decode()
    assert not Response.objects.exists()


def test_an_option_that_was_never_offered_is_refused(client, make_survey):
    survey = make_survey()
    agency = survey.questions.all()[2]
    _post(client, survey, _form_data(client, survey, **{f"q_{agency.pk}": "Mars"}))
    assert not Response.objects.exists()


def test_free_text_longer_than_the_limit_is_refused(client, make_survey):
    survey = make_survey()
    text = survey.questions.all()[4]
    page = _post(client, survey, _form_data(client, survey, **{f"q_{text.pk}": "x" * 2001}))
    assert "2000 characters or fewer" in page.content.decode()
    assert not Response.objects.exists()


def test_a_filled_honeypot_is_thanked_but_nothing_is_kept(client, make_survey):
    survey = make_survey()
    response = _post(client, survey, _form_data(client, survey, website="http://spam.example"))
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_answers_sent_faster_than_a_person_could_are_refused_with_a_plain_message(
    client, make_survey, settings
):
    settings.SURVEY_MIN_FILL_SECONDS = 3
    survey = make_survey()
    page = _post(client, survey, _form_data(client, survey))
    assert "select &#x27;Send my answers&#x27; again" in page.content.decode()
    assert not Response.objects.exists()
    old = protection.started_token(survey.public_token, now=timezone.now().timestamp() - 10)
    _post(client, survey, _form_data(client, survey, started=old))
    assert Response.objects.count() == 1


def test_a_start_time_signed_for_another_survey_or_forged_is_refused(client, make_survey, settings):
    settings.SURVEY_MIN_FILL_SECONDS = 3
    survey, other = make_survey(), make_survey(title="Other")
    earlier = timezone.now().timestamp() - 60
    for started in [protection.started_token(other.public_token, now=earlier), "forged"]:
        _post(client, survey, _form_data(client, survey, started=started))
    assert not Response.objects.exists()


def test_too_many_answers_from_one_client_in_an_hour_are_refused(client, make_survey, settings):
    settings.SURVEY_RATE_LIMIT_PER_HOUR = 2
    survey = make_survey()
    statuses = [_post(client, survey, _form_data(client, survey)).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2
    other_client = _post(client, survey, _form_data(client, survey), REMOTE_ADDR="10.9.9.9")
    assert other_client.status_code == 302


def test_an_oversized_submission_is_refused_before_it_is_read(client, make_survey, settings):
    settings.SURVEY_MAX_BODY_BYTES = 1000
    survey = make_survey()
    text = survey.questions.all()[4]
    page = _post(client, survey, _form_data(client, survey, **{f"q_{text.pk}": "y" * 1500}))
    assert page.status_code == 413
    assert not Response.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(make_survey):
    survey = make_survey()
    client = Client(enforce_csrf_checks=True)
    data = _form_data(client, survey)
    assert _post(client, survey, data).status_code == 403
    assert not Response.objects.exists()


def test_a_closed_survey_says_so_and_takes_no_answers(client, make_survey, business_unit_officer):
    from manx_learning.surveys.services import survey_close

    survey = make_survey()
    data = _form_data(client, survey)
    survey_close(survey=survey, by=business_unit_officer)
    page = _post(client, survey, data)
    assert "This survey is closed" in page.content.decode()
    assert not Response.objects.exists()


def test_a_survey_not_yet_open_says_when_it_opens(client, make_survey):
    today = timezone.localdate()
    survey = make_survey(opens_on=today + timedelta(days=3), closes_on=today + timedelta(days=9))
    page = client.get(reverse("surveys:respond", args=[survey.public_token])).content.decode()
    assert "This survey is not open yet" in page


def test_a_draft_or_unknown_link_is_not_found(client, make_survey):
    draft = make_survey(publish=False)
    assert client.get(reverse("surveys:respond", args=[draft.public_token])).status_code == 404
    assert client.get(reverse("surveys:respond", args=["not-a-token"])).status_code == 404
