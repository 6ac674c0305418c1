"""Writing a recommendation or a finding shows what the Board has recommended before."""

from manx_learning.actions import services as actions_services


def _earlier(by, health):
    return actions_services.recommendation_create(
        by=by,
        source_kind="audit",
        source_title="Audit of ED notifications (2021)",
        source_year=2021,
        text="The emergency department should notify children's services of every attendance "
        "by a child already known to them.",
        agencies=[health],
        smart_outcome="x",
        smart_measure="x",
        smart_owner="x",
        smart_timescale="x",
    )


def test_a_reviewer_checks_a_draft_recommendation_against_the_register(
    client, gathering_review, reviewer, business_unit_officer, health
):
    from manx_learning.reviews import services

    _earlier(business_unit_officer, health)
    services.analysis_start(review=gathering_review, by=reviewer)
    client.force_login(reviewer)
    draft = "Noble's Hospital should tell children's services each time a known child attends ED."
    response = client.post(
        f"/reviews/{gathering_review.code}/recommendations/add/", {"text": draft, "check": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Previously identified" in html
    assert "Audit of ED notifications (2021)" in html
    assert "There is a problem" not in html  # a check is not a save
    assert not gathering_review.recommendations.exists()


def test_a_new_learning_finding_is_warned_about_a_recurring_lesson(
    client, gathering_review, reviewer, business_unit_officer, health
):
    _earlier(business_unit_officer, health)
    client.force_login(reviewer)
    response = client.post(
        f"/reviews/{gathering_review.code}/findings/add/",
        {
            "kind": "learning",
            "title": "ED attendances not shared",
            "text": "The emergency department did not notify children's services of attendances "
            "by a child known to them.",
            "agencies": [health.pk],
        },
        follow=True,
    )
    assert "Previously identified: Audit of ED notifications (2021)" in response.content.decode()
