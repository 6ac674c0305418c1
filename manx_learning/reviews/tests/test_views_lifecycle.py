"""The reviews list, the referral form and the review's summary page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from manx_learning.core.models import AuditEvent
from manx_learning.reviews import services
from manx_learning.reviews.models import ParallelProcess, Review, Stage

REFER = reverse("reviews:refer")
LIST = reverse("reviews:list")


def _referral_form(police, health, **changes):
    data = {
        "title": "Family K",
        "referral_date": "2/3/2026",
        "incident_date": "14/2/2026",
        "referrer_name": "DI Lee Police",
        "referral_source": "Police rapid review",
        "harm": "died",
        "abuse_neglect": "known",
        "agencies": [police.pk, health.pk],
        "concern": "Agencies did not share what they knew.",
        "family_wishes": "The family want to take part.",
        "subject_pseudonym": "Child K",
        "subject_age_band": "1_4",
        "subject_category": "child",
        "parallel_kinds": ["inquest", "police_investigation"],
        "parallel_detail": "Coroner's inquest opened and adjourned.",
    }
    return data | changes


def _detail(review):
    return reverse("reviews:detail", args=[review.code])


# The referral form ----------------------------------------------------------------------------


def test_the_referral_form_offers_today_and_the_persons_name(client, police_lead):
    client.force_login(police_lead)
    html = client.get(REFER).content.decode()
    today = timezone.localdate()
    assert f'value="{today.day}/{today.month}/{today.year}"' in html
    assert 'value="Lee Police"' in html
    assert "novalidate" in html
    assert html.count("<h1") == 1


def test_a_referral_creates_a_review_and_shows_it(client, police_lead, police, health):
    client.force_login(police_lead)
    response = client.post(REFER, _referral_form(police, health))
    review = Review.objects.get(title="Family K")
    assert response.status_code == 302
    assert response["Location"] == _detail(review)
    assert review.referral_date == date(2026, 3, 2)
    assert review.incident_date == date(2026, 2, 14)
    assert review.referring_agency == police
    assert set(review.agencies.all()) == {police, health}
    assert review.subjects.get().pseudonym == "Child K"
    kinds = set(ParallelProcess.objects.filter(review=review).values_list("kind", flat=True))
    assert kinds == {"inquest", "police_investigation"}
    page = client.get(response["Location"]).content.decode()
    assert f"Referral recorded as {review.reference}" in page


def test_an_empty_referral_shows_every_error(client, police_lead):
    client.force_login(police_lead)
    response = client.post(REFER, {"referral_date": "", "referrer_name": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "There is a problem" in html
    for message in [
        "Enter a pseudonym for the case",
        "Enter the date the referral was received",
        "Enter the name of the person making the referral",
        "Select whether the person died or was seriously harmed",
        "Select whether abuse or neglect is known or suspected",
        "Select the agencies involved",
        "Enter a pseudonym for the subject",
    ]:
        assert message in html
    assert not Review.objects.exists()


def test_a_referral_date_that_is_not_a_date_is_refused(client, police_lead, police, health):
    client.force_login(police_lead)
    response = client.post(REFER, _referral_form(police, health, referral_date="31/2/2026"))
    assert "must be a real date" in response.content.decode()


def test_the_services_errors_appear_on_the_right_field(client, police_lead, police, health):
    client.force_login(police_lead)
    data = _referral_form(police, health, incident_date="3/3/2026")
    response = client.post(REFER, data)
    form = response.context["form"]
    assert form.errors["incident_date"] == [
        "The incident date must be on or before the referral date"
    ]
    assert not Review.objects.exists()


# The list -------------------------------------------------------------------------------------


@pytest.fixture
def second(business_unit_officer, police):
    """A newer referral, by the business unit, involving only the police, with nothing overdue."""
    return services.review_refer(
        by=business_unit_officer,
        title="Adult M",
        referral_date=timezone.localdate(),
        referrer_name="Bea Unit",
        referral_source="Coroner",
        harm="died",
        abuse_neglect="known",
        concern="Self-neglect was not escalated.",
        agencies=[police],
        subjects=[{"pseudonym": "Adult M", "age_band": "65_plus", "category": "vulnerable_adult"}],
    )


def test_the_business_unit_sees_every_review_grouped_by_stage(
    client, business_unit_officer, referral, second
):
    services.requests_send(
        review=referral,
        by=business_unit_officer,
        kind="summary",
        agencies=[referral.referring_agency],
    )
    client.force_login(business_unit_officer)
    response = client.get(LIST)
    groups = response.context["groups"]
    assert [label for label, _ in groups] == ["Referral received", "Screening"]
    assert [row.review for row in groups[1][1]] == [referral]
    html = response.content.decode()
    assert "REF-2026-001" in html and "Child J" in html
    assert "Overdue" in html


def test_reviews_with_overdue_items_come_first_in_their_stage(
    client, business_unit_officer, referral, second
):
    client.force_login(business_unit_officer)
    rows = client.get(LIST).context["groups"][0][1]
    assert [(row.review, row.overdue) for row in rows] == [(referral, True), (second, False)]
    assert rows[0].next_due < rows[1].next_due


def test_the_list_filters_by_stage_and_kind(client, business_unit_officer, referral, second):
    client.force_login(business_unit_officer)
    response = client.get(LIST, {"stage": Stage.SCREENING})
    assert response.context["groups"] == []
    assert "No reviews match your filters" in response.content.decode()
    response = client.get(LIST, {"stage": Stage.REFERRAL, "kind": ""})
    assert response.context["page"].paginator.count == 2
    assert client.get(LIST, {"kind": "scmr"}).context["page"].paginator.count == 0


def test_an_agency_lead_sees_only_the_reviews_their_agency_is_in(
    client, health_lead, referral, second
):
    client.force_login(health_lead)
    response = client.get(LIST)
    reviews = [row.review for _, rows in response.context["groups"] for row in rows]
    assert reviews == [referral]
    assert not response.context["dashboard"]


def test_the_list_says_when_there_are_no_reviews(client, practitioner):
    client.force_login(practitioner)
    html = client.get(LIST).content.decode()
    assert "There are no reviews for you to see yet" in html


def test_the_list_is_paged_in_25s(client, business_unit_officer, referral):
    for number in range(25):
        Review.objects.create(
            reference=f"REF-2025-{number:03d}",
            title=f"Case {number}",
            referring_agency=referral.referring_agency,
            referred_by=referral.referred_by,
            referrer_name="Someone",
            referral_source="Test",
            harm="died",
            abuse_neglect="known",
            concern="Test",
            referral_date=date(2025, 1, 1),
        )
    client.force_login(business_unit_officer)
    page = client.get(LIST).context["page"]
    assert (page.paginator.count, page.paginator.num_pages, len(page.object_list)) == (26, 2, 25)
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 1


# The review's summary -------------------------------------------------------------------------


def test_viewing_a_review_is_audited_every_time(client, health_lead, referral):
    client.force_login(health_lead)
    client.get(_detail(referral))
    client.get(_detail(referral))
    events = AuditEvent.objects.filter(verb="review.viewed", object_id=str(referral.code))
    assert events.count() == 2
    assert events.first().actor == health_lead


def test_the_summary_shows_the_fields_national_analyses_found_missing(
    client, business_unit_officer, referral
):
    client.force_login(business_unit_officer)
    html = client.get(_detail(referral)).content.decode()
    for text in [
        "Referral received",  # the stage tag
        "Police rapid review",
        "Isle of Man Constabulary",
        "DI Lee Police",
        "14 February 2026",
        "2 March 2026",
        "Commissioned",
        "Published",
        "Period the review looks at",
        "Methodology",
        "Reviewer independence",
        "Involvement of the person and family",
        "Police investigation: Exploitation enquiry",
        "Child J",
        "Noble&#x27;s Hospital",
        "Panel decision",
        "Overdue",
        "Timeline",
        "Referred",
    ]:
        assert text in html, text
    assert html.count("<h1") == 1


def test_the_business_unit_is_offered_the_next_steps_at_referral(
    client, business_unit_officer, referral
):
    client.force_login(business_unit_officer)
    steps = dict(client.get(_detail(referral)).context["next_steps"])
    assert steps["Request agency summaries"] == reverse(
        "reviews:request-summaries", args=[referral.code]
    )
    assert "Record the screening" in steps
    assert "Record the Panel decision" not in steps


def test_others_are_offered_no_next_steps(client, health_lead, referral):
    client.force_login(health_lead)
    response = client.get(_detail(referral))
    assert response.context["next_steps"] == []
    assert "What to do next" not in response.content.decode()


def test_the_panel_is_offered_the_decision_once_screened(
    client, panel_chair, business_unit_officer, referral
):
    services.screening_record(
        review=referral,
        by=business_unit_officer,
        serious_harm=True,
        abuse_or_neglect=True,
        interagency_concern=True,
        recommendation="scmr",
        rationale="All three criteria are met.",
    )
    client.force_login(panel_chair)
    response = client.get(_detail(referral))
    assert [label for label, _ in response.context["next_steps"]] == ["Record the Panel decision"]
    assert "All three criteria are met." in response.content.decode()


def test_the_agency_asked_sees_a_submit_link_and_others_do_not(
    client, business_unit_officer, police_lead, health_lead, referral, police
):
    (request,) = services.requests_send(
        review=referral, by=business_unit_officer, kind="summary", agencies=[police]
    )
    submit = reverse("reviews:request-submit", args=[referral.code, request.code])
    client.force_login(police_lead)
    assert f'href="{submit}"' in client.get(_detail(referral)).content.decode()
    client.force_login(health_lead)
    assert f'href="{submit}"' not in client.get(_detail(referral)).content.decode()


def test_the_timeline_shows_who_moved_the_review_and_why(
    client, business_unit_officer, referral, police
):
    services.requests_send(
        review=referral, by=business_unit_officer, kind="summary", agencies=[police]
    )
    client.force_login(business_unit_officer)
    html = client.get(_detail(referral)).content.decode()
    assert "Referral received to Screening" in html
    assert "Agency summaries requested" in html
    assert "Bea Unit" in html


def test_links_to_the_other_sections_follow_who_may_open_them(
    client, business_unit_officer, health_lead, reviewer, referral
):
    services.reviewer_assign(review=referral, by=business_unit_officer, reviewer=reviewer)
    client.force_login(reviewer)
    sections = dict(client.get(_detail(referral)).context["sections"])
    assert sections["Identifier register"] == reverse("reviews:register", args=[referral.code])
    client.force_login(health_lead)
    assert client.get(_detail(referral)).context["sections"] == []


def test_radio_and_checkbox_errors_link_to_their_first_option(client, police_lead):
    """Django gives a group of radios or checkboxes no id of its own, so the error summary links
    to the first option, where GOV.UK Frontend moves the focus."""
    client.force_login(police_lead)
    html = client.post(REFER, {"referral_date": "", "referrer_name": ""}).content.decode()
    assert 'href="#id_title"' in html
    assert 'href="#id_harm_0"' in html and 'id="id_harm_0"' in html
    assert 'href="#id_agencies_0"' in html and 'id="id_agencies_0"' in html
    assert 'href="#id_subject_age_band"' in html
    assert 'href="#"' not in html


def test_the_review_page_shows_learning_events_and_family_contact_to_the_review_team(
    client, gathering_review, reviewer, panel_chair, police_lead, police
):
    event = services.learning_event_add(
        review=gathering_review,
        by=reviewer,
        held_on=date(2026, 6, 10),
        attendees="Police – 2 officers",
        learning="Nobody knew whom to call.",
        agencies=[police],
    )
    services.family_contact_add(
        review=gathering_review,
        by=reviewer,
        contact_on=date(2026, 6, 15),
        who="Mother",
        method="Home visit",
        summary="She wants to be heard.",
    )
    for person in (reviewer, panel_chair):
        client.force_login(person)
        html = client.get(_detail(gathering_review)).content.decode()
        assert "10 June 2026" in html and event.learning in html, person
        assert "Home visit" in html and "She wants to be heard." in html, person
    client.force_login(police_lead)  # the referring agency's lead: not the working material
    html = client.get(_detail(gathering_review)).content.decode()
    assert "Learning events" not in html and "Nobody knew whom to call." not in html
    assert "She wants to be heard." not in html


def test_the_review_page_says_when_nothing_has_been_gathered_yet(
    client, gathering_review, referral, reviewer, business_unit_officer
):
    client.force_login(reviewer)
    html = client.get(_detail(gathering_review)).content.decode()
    assert "No learning events have been recorded yet." in html
    assert "No contact with the family has been recorded yet." in html


def test_the_kind_of_review_is_named_once_for_an_scmr(client, gathering_review, reviewer):
    client.force_login(reviewer)
    html = client.get(_detail(gathering_review)).content.decode()
    assert html.count(">Kind of review</dt>") == 1


def test_an_agency_lead_sees_the_recommendations_to_their_agency(
    client, gathering_review, reviewer, police_lead, health_lead, police
):
    services.analysis_start(review=gathering_review, by=reviewer)
    recommendation = services.recommendation_add(
        review=gathering_review,
        by=reviewer,
        text="Share what the police know with the ED.",
        to_board=False,
        agencies=[police],
        findings=[],
        themes=[],
        smart_outcome="Shared within a day",
        smart_measure="Audit",
        smart_owner="Head of public protection",
        smart_timescale="By June 2027",
    )
    respond = reverse(
        "reviews:recommendation-respond", args=[gathering_review.code, recommendation.code]
    )
    client.force_login(police_lead)
    html = client.get(_detail(gathering_review)).content.decode()
    assert "Recommendations to Isle of Man Constabulary" in html
    assert f'href="{respond}">Respond<' in html

    services.recommendation_respond(
        recommendation=recommendation,
        agency=police,
        by=police_lead,
        response="accepted",
        reasons="Agreed.",
    )
    html = client.get(_detail(gathering_review)).content.decode()
    assert ">Accepted</strong>" in html
    assert f'href="{respond}">Change<' in html

    client.force_login(health_lead)  # involved in the review, but not addressed
    html = client.get(_detail(gathering_review)).content.decode()
    assert "Recommendations to" not in html


def test_contact_with_the_family_can_be_recorded_from_commissioning(
    client, business_unit_officer, referral, panel_chair
):
    services.decision_record(
        review=referral,
        by=panel_chair,
        outcome="scmr",
        rationale="Criteria met.",
        decided_by="SCMR Panel",
        decided_on=date(2026, 3, 20),
    )
    client.force_login(business_unit_officer)
    response = client.get(_detail(referral))
    add = reverse("reviews:family-contact-add", args=[referral.code])
    assert ("Record contact with the family", add) in response.context["next_steps"]
    assert "No contact with the family has been recorded yet." in response.content.decode()
