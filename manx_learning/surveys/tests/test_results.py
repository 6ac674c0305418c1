"""Results: charts as numbers, themes, and nothing shown for groups under 5."""

import csv
import io

from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.surveys.results import export_rows, survey_results
from manx_learning.surveys.services import question_add, survey_publish
from manx_learning.surveys.tests.factories import answer


def test_nothing_is_shown_until_five_responses(client, business_unit_officer, make_survey):
    survey = make_survey()
    for _ in range(4):
        answer(survey, scales=(5, 5), text="Secret detail about my team")
    client.force_login(business_unit_officer)
    page = client.get(reverse("surveys:results", args=[survey.code])).content.decode()
    assert "fewer than 5 responses so far" in page
    assert "Secret detail" not in page
    assert survey_results(survey).suppressed
    answer(survey, scales=(1, 2))
    page = client.get(reverse("surveys:results", args=[survey.code])).content.decode()
    assert "Secret detail" in page


def test_scale_questions_show_counts_percentages_mean_and_agreement(make_survey):
    survey = make_survey()
    for scales in [(5, 1), (4, 1), (4, 2), (2, 3), (1, 5)]:
        answer(survey, scales=scales)
    first = survey_results(survey).questions[0]
    assert [bar.count for bar in first.bars] == [1, 1, 0, 2, 1]
    assert first.mean == 3.2
    assert first.agreement == 60.0
    assert survey_results(survey).score == 40.0  # (60 + 20) / 2


def test_choice_questions_show_counts_and_percentages(make_survey):
    survey = make_survey()
    for agency, training in [("Police", ["Neglect"]), ("Police", []), ("Health", ["Neglect"])]:
        answer(survey, agency=agency, training=training)
    answer(survey, agency="Education", training=["Domestic abuse", "Neglect"])
    answer(survey, agency="Police")
    results = survey_results(survey)
    agencies = {bar.label: (bar.count, bar.percent) for bar in results.questions[2].bars}
    assert agencies == {"Police": (3, 60.0), "Health": (1, 20.0), "Education": (1, 20.0)}
    training = {bar.label: bar.count for bar in results.questions[3].bars}
    assert training == {"Neglect": 3, "Domestic abuse": 1}


def test_free_text_is_tagged_with_themes_and_shown_escaped(
    client, business_unit_officer, make_survey
):
    survey = make_survey()
    answer(survey, text="<script>alert(1)</script> Caseloads are too high")
    answer(survey, text="Better information sharing and joint training")
    answer(survey, text="More training please")
    for _ in range(2):
        answer(survey)
    themes = dict(survey_results(survey).questions[4].themes)
    assert themes == {
        "Training": 2,
        "Workload": 1,
        "Information sharing": 1,
        "Multi-agency working": 1,
    }
    client.force_login(business_unit_officer)
    page = client.get(reverse("surveys:results", args=[survey.code])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


def test_a_breakdown_hides_groups_under_five_and_one_more_when_only_one_is_hidden(make_survey):
    survey = make_survey(group_by=True)
    for _ in range(6):
        answer(survey, agency="Police", scales=(5, 5))
    for _ in range(5):
        answer(survey, agency="Health", scales=(1, 1))
    for _ in range(2):
        answer(survey, agency="Education", scales=(4, 4))
    results = survey_results(survey)
    rows = {row.label: row for row in results.breakdowns[0].rows}
    assert rows["Education"].suppressed and rows["Education"].score is None
    # With only Education hidden, its answers would be total minus Police minus Health.
    assert rows["Health"].suppressed
    assert not rows["Police"].suppressed and rows["Police"].score == 100.0
    masked = {bar.label: bar.masked for bar in results.questions[2].bars}
    assert masked == {"Police": False, "Health": False, "Education": True}


def test_the_breakdown_shows_every_group_of_five_or_more(make_survey):
    survey = make_survey(group_by=True)
    for agency, scales in [("Police", (5, 5)), ("Health", (1, 4))]:
        for _ in range(5):
            answer(survey, agency=agency, scales=scales)
    rows = {row.label: row for row in survey_results(survey).breakdowns[0].rows}
    assert rows["Health"].agreements == [0.0, 100.0] and rows["Health"].score == 50.0
    assert rows["Education"].n == 0 and not rows["Education"].suppressed


def test_the_export_is_aggregated_and_safe_in_a_spreadsheet(
    client, business_unit_officer, make_survey
):
    survey = make_survey()
    answer(survey, text='=HYPERLINK("http://evil") my manager Ms Kermode')
    for _ in range(4):
        answer(survey, text="training")
    client.force_login(business_unit_officer)
    response = client.get(reverse("surveys:results", args=[survey.code]) + "?format=csv")
    body = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert "Kermode" not in body and "HYPERLINK" not in body
    rows = list(csv.reader(io.StringIO(body)))
    assert ["What would help?", "Free text", "Theme: Training", "4", "", ""] in rows
    assert AuditEvent.objects.filter(verb="survey.results_exported").exists()


def test_the_export_of_a_small_survey_has_only_the_count(make_survey):
    survey = make_survey()
    answer(survey)
    assert export_rows(survey_results(survey)) == [["All questions", "Responses", "", 1, "", ""]]


def test_a_question_label_that_looks_like_a_formula_is_neutralised(
    client, business_unit_officer, make_survey
):
    survey = make_survey(publish=False)
    question_add(
        survey=survey, by=business_unit_officer, kind="scale", text="=1+1 is right", required=False
    )
    survey_publish(survey=survey, by=business_unit_officer)
    for _ in range(5):
        answer(survey)
    client.force_login(business_unit_officer)
    body = client.get(reverse("surveys:results", args=[survey.code]) + "?format=csv").content
    assert b"'=1+1 is right" in body
