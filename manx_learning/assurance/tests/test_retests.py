"""The retest: baseline against retest side by side for each measure and overall, recorded as
a snapshot, and shown on the actions it measures."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from manx_learning.assurance import retests, services
from manx_learning.assurance.measures import Comparison, Measurement, Verdict
from manx_learning.assurance.models import AssessmentStatus
from manx_learning.assurance.tests.factories import TODAY


def _c(verdict):
    m = Measurement(label="", score=1, score_label="", n=1)
    return Comparison(
        title="t", kind="audit", baseline=m, retest=m, verdict=verdict, explanation=""
    )


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([], Verdict.NOT_YET),
        ([Verdict.NOT_YET], Verdict.NOT_YET),
        ([Verdict.IMPROVED, Verdict.SAME], Verdict.IMPROVED),
        ([Verdict.IMPROVED, Verdict.DECLINED], Verdict.SAME),
        ([Verdict.DECLINED, Verdict.SAME, Verdict.NOT_YET], Verdict.DECLINED),
    ],
)
def test_the_overall_verdict_does_not_claim_more_than_the_measures_show(verdicts, expected):
    assert retests.overall([_c(v) for v in verdicts])[0] == expected


def test_only_retestable_things_can_be_measures(business_unit_officer, judged, neglect):
    with pytest.raises(ValidationError) as error:
        services.measure_add(assessment=judged, by=business_unit_officer, target=neglect)
    assert "cannot be retested" in str(error.value)


def test_the_measure_page_offers_what_providers_support(
    client, business_unit_officer, judged, indicator, fake_provider
):
    client.force_login(business_unit_officer)
    url = reverse("assurance:measure-add", args=[judged.code])
    choices = dict(client.get(url).context["form"].fields["target"].choices)
    value = f"dataset.indicator:{indicator.pk}"
    assert value in choices
    client.post(url, {"target": value})
    assert judged.measures.get().target == indicator
    again = client.post(url, {"target": value})
    assert "is already one of this assessment" in again.content.decode()


def test_the_retest_view_shows_baseline_against_retest_and_a_verdict(
    client, business_unit_officer, judged, indicator, fake_provider
):
    services.measure_add(assessment=judged, by=business_unit_officer, target=indicator)
    client.force_login(business_unit_officer)
    response = client.get(reverse("assurance:assessment-retest", args=[judged.code]))
    result = response.context["result"]
    assert result["verdict_label"] == "Practice improved"
    row = result["comparisons"][0]
    assert (row["baseline"]["score"], row["retest"]["score"]) == (40.0, 62.0)
    text = response.content.decode()
    assert "Shift: 7 points above the mean" in text
    assert "40.0 at baseline (n=12) and 62.0 at retest (n=14)" in text


def test_recording_the_retest_keeps_a_snapshot_and_shows_on_the_action(
    client, business_unit_officer, police_lead, judged, indicator, fake_provider, police
):
    services.measure_add(assessment=judged, by=business_unit_officer, target=indicator)
    action = services.plan_action_add(
        assessment=judged,
        by=business_unit_officer,
        description="Use the neglect tool at every core group",
        owner_agency=police,
        lead_name="DI Kermode",
        due_date=TODAY() + timedelta(days=30),
        expected_outcome="Earlier help",
    )
    client.force_login(police_lead)
    page = client.get(reverse("actions:action", args=[action.code])).content.decode()
    assert "Retest result" in page and "Not yet retested" in page

    judged.judged_on = TODAY() - timedelta(days=200)
    judged.save()
    client.force_login(business_unit_officer)
    url = reverse("assurance:assessment-retest", args=[judged.code])
    client.post(
        url,
        {
            "grade": "good",
            "rationale": "Most cases now good.",
            "retested_on": f"{TODAY():%d/%m/%Y}",
        },
    )
    judged.refresh_from_db()
    retest = judged.retests.get()
    assert judged.status == AssessmentStatus.RETESTED
    assert retest.verdict == "improved"
    assert [row["kind"] for row in retest.snapshot] == ["indicator", "judgement"]

    # Later data does not change the recorded result.
    fake_provider["retest"] = 10.0
    shown = client.get(url).context["result"]
    assert shown["verdict_label"] == "Practice improved"

    client.force_login(police_lead)
    page = client.get(reverse("actions:action", args=[action.code])).content.decode()
    assert "Practice improved" in page and "judged Good" in page


def test_a_retest_that_declined_says_so(business_unit_officer, judged, indicator, fake_provider):
    fake_provider["retest"] = 20.0
    services.measure_add(assessment=judged, by=business_unit_officer, target=indicator)
    judged.judged_on = TODAY() - timedelta(days=200)
    judged.save()
    retest = services.retest_record(
        assessment=judged,
        by=business_unit_officer,
        grade="inadequate",
        rationale="Worse.",
        retested_on=TODAY(),
    )
    assert retest.verdict == "declined"
    assert "2 measures" in retest.explanation and "2 declined" in retest.explanation


def test_a_retest_without_measures_rests_on_the_judgement(business_unit_officer, judged):
    judged.judged_on = TODAY() - timedelta(days=200)
    judged.save()
    retest = services.retest_record(
        assessment=judged,
        by=business_unit_officer,
        grade="requires_improvement",
        rationale="Little change.",
        retested_on=TODAY(),
    )
    assert retest.verdict == "same"


def test_a_retest_must_follow_the_judgement(business_unit_officer, judged):
    with pytest.raises(ValidationError) as error:
        services.retest_record(
            assessment=judged,
            by=business_unit_officer,
            grade="good",
            rationale="r",
            retested_on=TODAY(),
        )
    assert "after the date of the judgement" in error.value.message_dict["retested_on"][0]


def test_only_the_business_unit_records_a_retest(client, board_member, judged):
    client.force_login(board_member)
    url = reverse("assurance:assessment-retest", args=[judged.code])
    assert client.get(url).status_code == 200
    assert client.post(url, {"grade": "good"}).status_code == 403
