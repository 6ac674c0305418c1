"""A survey run again as a retest, the verdict on practice, the QA calendar, and the evidence
register entry with its link back."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from manx_learning.assurance import calendar, measures
from manx_learning.assurance.models import Evidence
from manx_learning.assurance.services import evidence_for_origin
from manx_learning.surveys import services
from manx_learning.surveys.models import Audience, SurveyStatus
from manx_learning.surveys.tests.factories import answer
from manx_learning.vocabulary.models import EvidenceSource


@pytest.fixture
def baseline_and_retest(make_survey, business_unit_officer):
    baseline = make_survey()
    for scales in [(2, 2), (4, 2), (2, 3), (5, 1), (3, 2)]:
        answer(baseline, scales=scales)
    services.survey_close(survey=baseline, by=business_unit_officer)
    today = timezone.localdate()
    retest = services.survey_retest_create(
        baseline=baseline, by=business_unit_officer, opens_on=today, closes_on=today
    )
    services.survey_publish(survey=retest, by=business_unit_officer)
    return baseline, retest


def test_a_retest_asks_exactly_the_same_questions(baseline_and_retest):
    baseline, retest = baseline_and_retest
    assert retest.retest_of == baseline and retest.status == SurveyStatus.OPEN
    fields = ("order", "kind", "text", "required", "choices", "group_by")
    assert list(retest.questions.values_list(*fields)) == list(
        baseline.questions.values_list(*fields)
    )
    assert retest.public_token != baseline.public_token


def test_the_retest_waits_for_five_responses_then_says_practice_improved(baseline_and_retest):
    baseline, retest = baseline_and_retest
    for _ in range(4):
        answer(retest, scales=(5, 4))
    assert measures.comparison_for(retest).verdict == measures.Verdict.NOT_YET
    answer(retest, scales=(4, 4))
    comparison = measures.comparison_for(baseline)
    assert comparison.verdict == measures.Verdict.IMPROVED
    assert comparison.baseline.score == 20.0 and comparison.retest.score == 100.0
    assert "n=5" in comparison.explanation


def test_a_retest_that_matches_the_baseline_is_no_significant_change(baseline_and_retest):
    _, retest = baseline_and_retest
    for scales in [(2, 2), (4, 2), (2, 3), (5, 1), (3, 2)]:
        answer(retest, scales=scales)
    assert measures.comparison_for(retest).verdict == measures.Verdict.SAME


def test_the_survey_page_shows_baseline_and_retest_side_by_side(
    client, business_unit_officer, baseline_and_retest
):
    _, retest = baseline_and_retest
    for _ in range(5):
        answer(retest, scales=(1, 1))
    client.force_login(business_unit_officer)
    page = client.get(reverse("surveys:detail", args=[retest.code])).content.decode()
    assert "Practice declined" in page
    assert "I know who to contact" in page and "-40.0" in page


def test_a_retest_of_a_retest_is_refused(baseline_and_retest, business_unit_officer):
    _, retest = baseline_and_retest
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="from the baseline"):
        services.survey_retest_create(
            baseline=retest, by=business_unit_officer, opens_on=today, closes_on=today
        )


def test_closing_a_survey_adds_it_to_the_evidence_register_with_a_link_back(
    baseline_and_retest, client, business_unit_officer
):
    baseline, _ = baseline_and_retest
    evidence = evidence_for_origin(baseline)
    assert evidence.source == EvidenceSource.PRACTITIONER_FEEDBACK
    assert evidence.link_url == reverse("surveys:results", args=[baseline.code])
    assert "5 responses" in evidence.summary and "20% agreed" in evidence.summary
    client.force_login(business_unit_officer)
    assert client.get(evidence.link_url).status_code == 200


def test_the_evidence_of_an_open_survey_can_be_refreshed_and_stays_one_entry(
    client, business_unit_officer, make_survey
):
    survey = make_survey(audience=Audience.FAMILIES)
    client.force_login(business_unit_officer)
    client.post(reverse("surveys:evidence", args=[survey.code]))
    assert "Fewer than 5 responses" in evidence_for_origin(survey).summary
    for _ in range(5):
        answer(survey)
    client.post(reverse("surveys:evidence", args=[survey.code]))
    assert Evidence.objects.count() == 1
    evidence = evidence_for_origin(survey)
    assert evidence.source == EvidenceSource.FAMILY_FEEDBACK and "100% agreed" in evidence.summary


def test_the_qa_calendar_shows_surveys_closing_and_retests_due(make_survey):
    today = timezone.localdate()
    survey = make_survey(retest_due_on=today + timedelta(days=60))
    items = calendar.items_between(today, today + timedelta(days=90))
    titles = {item.title: item for item in items if item.url.endswith(f"{survey.code}/")}
    assert f"Survey closes: {survey.title}" in titles
    due = titles[f"Survey retest due: {survey.title}"]
    assert due.kind == "retest" and not due.done
