"""Findings, recommendations, agencies' formal responses and submitting for approval."""

from datetime import date, timedelta

from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services
from manx_learning.reviews.models import ChronologyEntry, Stage
from manx_learning.vocabulary.models import Theme


def _url(name, review, *more):
    return reverse(f"reviews:{name}", args=[review.code, *more])


def _respond_url(recommendation):
    return _url("recommendation-respond", recommendation.review, recommendation.code)


SMART = {
    "smart_outcome": "Every ED attendance of a child known to CSC is shared within 24 hours",
    "smart_measure": "Monthly audit of 20 attendances",
    "smart_owner": "Named nurse",
    "smart_timescale": "By March 2027",
}


def test_the_reviewer_adds_a_finding_through_the_page(client, analysis, reviewer, health):
    theme = Theme.objects.get(name="Information sharing")
    client.force_login(reviewer)
    response = client.post(
        _url("finding-add", analysis),
        {
            "kind": "learning",
            "title": "ED attendances were not shared",
            "text": "Four attendances in six weeks.\nNone reached children's services.",
            "themes": [theme.pk],
            "agencies": [health.pk],
        },
    )
    assert response.url == _url("findings", analysis)
    finding = analysis.findings.get()
    assert (finding.kind, finding.title) == ("learning", "ED attendances were not shared")
    assert list(finding.themes.all()) == [theme]
    assert list(finding.agencies.all()) == [health]


def test_the_finding_form_offers_the_chronology_entries(client, analysis, reviewer, police):
    entry = ChronologyEntry.objects.create(
        review=analysis,
        agency=police,
        agency_label="IMC",
        occurred_on=date(2025, 11, 3),
        event="Officers attended a report of a missing child; found at a known address " * 3,
        source_file="police.xlsx",
        source_row=2,
        is_key_episode=True,
    )
    client.force_login(reviewer)
    page = client.get(_url("finding-add", analysis)).content.decode()
    assert "3 November 2025 – Isle of Man Constabulary – Officers attended a report" in page
    assert "No chronology has been imported yet" not in page
    client.post(
        _url("finding-add", analysis),
        {
            "kind": "learning",
            "title": "Missing episodes",
            "text": "...",
            "chronology_entries": [entry.pk],
        },
    )
    assert list(analysis.findings.get().chronology_entries.all()) == [entry]


def test_a_long_chronology_offers_only_its_key_episodes_and_flagged_entries(
    client, analysis, reviewer, police
):
    """500 entries as 500 checkboxes cannot be used: the reviewer marks what findings draw on."""
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            review=analysis,
            agency=police,
            agency_label="IMC",
            occurred_on=date(2025, 1, 1) + timedelta(days=n // 4),
            event=f"Routine contact number {n}",
            source_file="police.csv",
            source_row=n + 2,
            is_key_episode=n == 120,
            flagged=n == 333,
        )
        for n in range(500)
    )
    client.force_login(reviewer)
    page = client.get(_url("finding-add", analysis)).content.decode()
    assert page.count('name="chronology_entries"') == 2
    assert "Routine contact number 120" in page and "Routine contact number 333" in page
    unmarked = ChronologyEntry.objects.get(event="Routine contact number 7")
    response = client.post(
        _url("finding-add", analysis),
        {"kind": "learning", "title": "T", "text": "...", "chronology_entries": [unmarked.pk]},
    )
    assert response.status_code == 200 and not analysis.findings.exists()


def test_the_finding_form_says_how_to_offer_entries_when_none_is_marked(
    client, analysis, reviewer, police
):
    ChronologyEntry.objects.create(
        review=analysis,
        agency=police,
        agency_label="IMC",
        occurred_on=date(2025, 11, 3),
        event="Welfare check",
        source_file="police.csv",
        source_row=2,
    )
    client.force_login(reviewer)
    page = client.get(_url("finding-add", analysis)).content.decode()
    assert 'name="chronology_entries"' not in page
    assert "No entry is marked yet" in page and "key practice episodes" in page


def test_the_finding_form_says_when_there_is_no_chronology(client, analysis, reviewer):
    client.force_login(reviewer)
    page = client.get(_url("finding-add", analysis)).content.decode()
    assert "No chronology has been imported yet" in page


def test_a_finding_needs_a_kind_a_title_and_the_text(client, analysis, reviewer):
    client.force_login(reviewer)
    html = client.post(_url("finding-add", analysis), {}).content.decode()
    assert "Choose whether this is learning or good practice" in html
    assert "Enter a title for the finding" in html
    assert "Enter the finding" in html


def test_a_reviewer_not_assigned_cannot_add_a_finding(client, analysis, other_reviewer):
    client.force_login(other_reviewer)  # not on this review, so told nothing of it
    assert client.get(_url("finding-add", analysis)).status_code == 404
    assert client.post(_url("finding-add", analysis), {"kind": "learning"}).status_code == 404


def test_the_reviewer_adds_a_recommendation_through_the_page(client, analysis, reviewer, health):
    finding = services.finding_add(
        review=analysis,
        by=reviewer,
        kind="learning",
        title="Not shared",
        text="...",
        themes=[],
        agencies=[health],
    )
    client.force_login(reviewer)
    response = client.post(
        _url("recommendation-add", analysis),
        {
            "text": "Share ED attendances with children's services.",
            "to_board": "on",
            "agencies": [health.pk],
            "findings": [finding.pk],
            **SMART,
        },
    )
    assert response.url == _url("findings", analysis)
    added = analysis.recommendations.get()
    assert (added.number, added.to_board, added.smart_owner) == (1, True, "Named nurse")
    assert list(added.agencies.all()) == [health]
    assert list(added.findings.all()) == [finding]
    assert added.responses_due is not None


def test_a_recommendation_needs_its_smart_check(client, analysis, reviewer, health):
    client.force_login(reviewer)
    response = client.post(
        _url("recommendation-add", analysis), {"text": "Do better.", "agencies": [health.pk]}
    )
    html = response.content.decode()
    for message in (
        "Enter the specific outcome",
        "Enter how progress will be measured",
        "Enter who owns the recommendation",
        "Enter the timescale",
    ):
        assert message in html
    assert not analysis.recommendations.exists()


def test_a_recommendation_must_be_addressed_to_someone(client, analysis, reviewer):
    client.force_login(reviewer)
    response = client.post(_url("recommendation-add", analysis), {"text": "Do better.", **SMART})
    assert "Address the recommendation to the Board or at least one agency" in (
        response.content.decode()
    )
    assert response.context["form"].errors["agencies"]


def test_the_findings_page_lists_each_kind_and_the_responses(
    client, recommendation, reviewer, police_lead, health
):
    review = recommendation.review
    services.finding_add(
        review=review,
        by=reviewer,
        kind="good_practice",
        title="GP followed up",
        text="...",
        themes=[],
        agencies=[health],
    )
    client.force_login(reviewer)
    response = client.get(_url("findings", review))
    assert [f.title for f in response.context["good_practice"]] == ["GP followed up"]
    assert response.context["learning"] == []
    html = response.content.decode()
    assert f"Response due {recommendation.responses_due.day} " in html
    assert "Every exploitation referral reaches children" in html
    assert AuditEvent.objects.filter(verb="review.findings_viewed", actor=reviewer).exists()

    recommendation.responses_due = date.today() - timedelta(days=1)
    recommendation.save()
    assert "Overdue" in client.get(_url("findings", review)).content.decode()

    services.recommendation_respond(
        recommendation=recommendation,
        agency=police_lead.agency,
        by=police_lead,
        response="partly",
        reasons="We will share within 48 hours, not 24.",
    )
    html = client.get(_url("findings", review)).content.decode()
    assert "Partly accepted" in html
    assert "We will share within 48 hours, not 24." in html


def test_findings_are_shown_only_to_those_working_on_or_deciding_the_review(
    client, analysis, panel_chair, board_member, police_lead, other_reviewer, business_unit_officer
):
    for person, status in [
        (business_unit_officer, 200),
        (panel_chair, 200),
        (board_member, 404),  # not yet at approval, so not theirs to see
        (police_lead, 403),  # sees the review, not its findings
        (other_reviewer, 404),
    ]:
        client.force_login(person)
        assert client.get(_url("findings", analysis)).status_code == status, person


def test_the_board_sees_the_findings_once_the_review_is_for_approval(
    client, approval, board_member
):
    client.force_login(board_member)
    response = client.get(_url("findings", approval))
    assert response.status_code == 200
    assert "Submit for approval" not in response.content.decode()


def test_free_text_is_shown_escaped(client, analysis, reviewer):
    services.finding_add(
        review=analysis,
        by=reviewer,
        kind="learning",
        title="<script>alert(1)</script>",
        text="Line one\n<b>Line two</b>",
        themes=[],
        agencies=[],
    )
    client.force_login(reviewer)
    html = client.get(_url("findings", analysis)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Line one<br>&lt;b&gt;Line two&lt;/b&gt;" in html


def test_the_addressed_agency_lead_responds(client, recommendation, police_lead):
    client.force_login(police_lead)
    page = client.get(_respond_url(recommendation)).content.decode()
    assert "Head of public protection" in page  # the SMART check is shown above the form
    response = client.post(
        _respond_url(recommendation), {"response": "accepted", "reasons": "We agree."}
    )
    assert response.status_code == 302
    answer = recommendation.responses.get()
    assert (answer.agency, answer.response, answer.responded_by) == (
        police_lead.agency,
        "accepted",
        police_lead,
    )


def test_a_response_needs_its_reasons(client, recommendation, police_lead):
    client.force_login(police_lead)
    response = client.post(_respond_url(recommendation), {"response": "not_accepted"})
    assert "Enter the reasons for your response" in response.content.decode()
    assert not recommendation.responses.exists()


def test_an_agency_lead_not_addressed_cannot_respond(client, recommendation, health_lead, reviewer):
    for person in (health_lead, reviewer):
        client.force_login(person)
        assert client.get(_respond_url(recommendation)).status_code == 403
        post = client.post(_respond_url(recommendation), {"response": "accepted", "reasons": "x"})
        assert post.status_code == 403
    assert not recommendation.responses.exists()


def test_submitting_without_good_practice_shows_the_gaps(client, analysis, reviewer, health):
    services.finding_add(
        review=analysis,
        by=reviewer,
        kind="learning",
        title="Not shared",
        text="...",
        themes=[],
        agencies=[health],
    )
    services.report_version_add(review=analysis, by=reviewer, kind="final", text="Report")
    client.force_login(reviewer)
    page = client.get(_url("findings", analysis)).content.decode()
    assert "Before you can submit for approval" in page
    assert "Why was no good practice found?" in page

    response = client.post(_url("submit", analysis), follow=True)
    assert response.redirect_chain[-1][0] == _url("findings", analysis)
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert str(message).startswith("Before submitting for approval, add at least one good-practice")
    analysis.refresh_from_db()
    assert analysis.stage == Stage.ANALYSIS


def test_a_statement_of_why_no_good_practice_lets_the_review_go_for_approval(
    client, analysis, reviewer, health
):
    services.finding_add(
        review=analysis,
        by=reviewer,
        kind="learning",
        title="Not shared",
        text="...",
        themes=[],
        agencies=[health],
    )
    services.report_version_add(review=analysis, by=reviewer, kind="final", text="Report")
    client.force_login(reviewer)
    response = client.post(_url("findings", analysis), {"reason": ""})
    assert "Enter why no good practice was found" in response.content.decode()
    client.post(_url("findings", analysis), {"reason": "Records showed nothing to build on."})
    response = client.post(_url("submit", analysis))
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.stage == Stage.APPROVAL
    assert analysis.no_good_practice_reason == "Records showed nothing to build on."


def test_only_those_working_on_the_review_submit_it(client, analysis, panel_chair, other_reviewer):
    for person, status in ((panel_chair, 403), (other_reviewer, 404)):
        client.force_login(person)
        assert client.post(_url("submit", analysis)).status_code == status
    client.force_login(panel_chair)
    assert client.post(_url("findings", analysis), {"reason": "x"}).status_code == 403


def test_submit_accepts_only_post(client, analysis, reviewer):
    client.force_login(reviewer)
    assert client.get(_url("submit", analysis)).status_code == 405


def _buttons(client, review):
    html = client.get(_url("findings", review)).content.decode()
    return ">Add a finding<" in html, ">Add a recommendation<" in html, "Save statement" in html


def test_the_findings_page_offers_only_what_the_stage_allows(client, gathering, reviewer):
    """Findings can be added until the review is submitted, recommendations and the statement of
    why no good practice was found during the analysis: the page offers nothing that would only
    lead to an error."""
    client.force_login(reviewer)
    assert _buttons(client, gathering) == (True, False, False)
    services.analysis_start(review=gathering, by=reviewer)
    assert _buttons(client, gathering) == (True, True, True)


def test_a_submitted_review_takes_no_more_findings(client, approval, reviewer):
    client.force_login(reviewer)
    assert _buttons(client, approval) == (False, True, False)
