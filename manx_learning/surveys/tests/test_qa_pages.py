"""Surveys as they appear on the QA framework's own pages."""

from django.urls import reverse

from manx_learning.assurance.services import evidence_for_origin
from manx_learning.surveys.services import survey_close
from manx_learning.surveys.tests.factories import answer


def test_the_qa_calendar_page_lists_a_survey_closing_this_month(
    client, business_unit_officer, make_survey
):
    survey = make_survey()
    month = f"{survey.closes_on:%Y-%m}"
    client.force_login(business_unit_officer)
    page = client.get(reverse("assurance:calendar"), {"month": month}).content.decode()
    assert f"Survey closes: {survey.title}" in page


def test_the_evidence_register_lists_a_closed_survey_and_links_back(
    client, business_unit_officer, make_survey
):
    survey = make_survey()
    for _ in range(5):
        answer(survey)
    survey_close(survey=survey, by=business_unit_officer)
    client.force_login(business_unit_officer)
    register = client.get(reverse("assurance:evidence-list")).content.decode()
    assert f"Survey: {survey.title}" in register
    results_url = reverse("surveys:results", args=[survey.code])
    detail = client.get(reverse("surveys:detail", args=[survey.code])).content.decode()
    assert "/qa/evidence/" in detail
    evidence = evidence_for_origin(survey)
    entry = client.get(reverse("assurance:evidence-detail", args=[evidence.code])).content.decode()
    assert f'href="{results_url}"' in entry
