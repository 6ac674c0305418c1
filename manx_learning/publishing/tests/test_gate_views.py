"""The anonymisation pages and the publication gate's page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from manx_learning.core.models import AuditEvent
from manx_learning.publishing import services
from manx_learning.publishing.models import AnonymisationRun, PublishedItem


def _login(client, user):
    client.force_login(user)
    return client


def _worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


# The worker commits and closes its own connection, so this runs outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_it_runs_the_anonymiser_on_the_latest_final_version(client, approved_review, reviewer):
    _login(client, reviewer)
    url = reverse("publishing:anonymise", args=[approved_review.code])
    assert "Run the anonymiser on version 1" in client.get(url).content.decode()
    response = client.post(url)
    run = AnonymisationRun.objects.get()
    assert response.url == reverse("publishing:run-progress", args=[run.code])
    assert run.report_version.number == 1
    assert run.status == "queued"  # the request did not wait for the anonymiser
    _worker()
    run.refresh_from_db()
    assert run.status == "done" and run.progress_percent == 100 and run.spans


def test_a_review_not_yet_approved_cannot_be_anonymised(client, gate_review, reviewer):
    _login(client, reviewer)
    url = reverse("publishing:anonymise", args=[gate_review.code])
    message = (
        "The report can be anonymised only once the Board has approved the review. "
        "It is at: awaiting approval."
    )
    page = client.get(url).content.decode()
    assert message in page
    assert "Run the anonymiser" not in page
    response = client.post(url, follow=True)
    assert message in response.content.decode()
    assert not AnonymisationRun.objects.exists()


def test_the_review_screen_highlights_every_replacement_and_is_audited(client, run, reviewer):
    page = _login(client, reviewer).get(reverse("publishing:run", args=[run.code]))
    html = page.content.decode()
    assert '<mark class="app-mark app-mark--register">' in html
    assert '<mark class="app-mark app-mark--detected">' in html
    assert "Could a rare event, a role and a date together identify the family" in html
    assert "<script" not in html.split("</header>")[-1].split("<footer")[0]
    assert AuditEvent.objects.filter(verb="anonymisation.viewed", actor=reviewer).exists()


def test_it_saves_decisions_and_missed_text(client, run, reviewer):
    _login(client, reviewer)
    url = reverse("publishing:run", args=[run.code])
    corkill = next(i for i, s in enumerate(run.spans) if s["original"] == "Corkill")
    response = client.post(url, {"action": "decide", f"span_{corkill}": "reject"})
    assert response.status_code == 302
    assert run.decisions.get().decision == "reject"
    client.post(url, {"action": "missed", "text": "Corkill", "replacement": "[name]"})
    assert "Corkill" not in services.anonymised_text(run)


def test_missed_text_not_in_the_report_is_an_error(client, run, reviewer):
    _login(client, reviewer)
    url = reverse("publishing:run", args=[run.code])
    response = client.post(url, {"action": "missed", "text": "Peel", "replacement": "[town]"})
    html = response.content.decode()
    assert "<title>Error: " in html
    assert '<a href="#id_text">Enter text exactly as it appears in the report</a>' in html


def test_the_person_who_ran_it_cannot_approve_but_a_second_person_can(
    client, run, reviewer, second_reviewer
):
    for index in services.undecided_spans(run):
        services.span_decide(run, index, "accept", reviewer)
    url = reverse("publishing:approve", args=[run.code])
    _login(client, reviewer).post(url)
    run.refresh_from_db()
    assert run.approved_by is None
    client.logout()
    _login(client, second_reviewer).post(url)
    run.refresh_from_db()
    assert run.approved_by == second_reviewer


def test_the_publish_page_lists_each_gap(client, run, business_unit_officer):
    page = _login(client, business_unit_officer).get(reverse("publishing:publish", args=[run.code]))
    html = page.content.decode()
    assert "A second person has not approved the anonymisation." in html
    assert "detected replacement(s) still need a decision." in html
    assert 'name="title"' not in html


def test_the_publish_page_previews_the_report_as_it_will_be_published(
    client, clean_run, business_unit_officer
):
    page = _login(client, business_unit_officer).get(
        reverse("publishing:publish", args=[clean_run.code])
    )
    html = page.content.decode()
    assert "How the report will read" in html
    # The anonymised text, as paragraphs: what the page and the PDF will show.
    assert '<p class="govuk-body">Child A lived with his mother Mother at [address].</p>' in html
    assert "Jayden" not in html.split("How the report will read")[1]


def test_publishing_redirects_to_the_public_page(client, clean_run, business_unit_officer):
    _login(client, business_unit_officer)
    response = client.post(
        reverse("publishing:publish", args=[clean_run.code]),
        {
            "title": "Learning from Child A",
            "summary": "Agencies did not share.",
            "audience": "both",
        },
    )
    item = PublishedItem.objects.get()
    assert response.status_code == 302
    assert response.url == f"/learning/{item.slug}/"


def test_a_leak_is_shown_on_the_publish_page(client, clean_run, business_unit_officer):
    _login(client, business_unit_officer)
    response = client.post(
        reverse("publishing:publish", args=[clean_run.code]),
        {"title": "Learning from Child A", "summary": "Jayden's story.", "audience": "both"},
    )
    assert "Jayden appears in the summary" in response.content.decode()
    assert not PublishedItem.objects.exists()


def test_outsiders_are_refused(client, run, panel_chair, police_lead, reviewer):
    review = run.report_version.review
    urls = [
        reverse("publishing:anonymise", args=[review.code]),
        reverse("publishing:run", args=[run.code]),
        reverse("publishing:publish", args=[run.code]),
    ]
    for outsider in (panel_chair, police_lead):
        _login(client, outsider)
        # They see the review, so are refused its anonymisation (403); its runs show real names,
        # which they may not see, so they are told nothing of a run (404).
        assert [client.get(url).status_code for url in urls] == [403, 404, 404]
        assert client.post(reverse("publishing:approve", args=[run.code])).status_code == 404
        progress = reverse("publishing:run-progress", args=[run.code])
        assert client.post(progress, {"action": "retry"}).status_code == 404
        client.logout()
    _login(client, reviewer)
    assert client.get(urls[2]).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_report_goes_from_anonymisation_to_publication_through_the_pages(
    client, approved_review, reviewer, second_reviewer, business_unit_officer
):
    _login(client, reviewer)
    client.post(reverse("publishing:anonymise", args=[approved_review.code]))
    _worker()
    run = AnonymisationRun.objects.get()
    answers = {f"span_{i}": "accept" for i in services.undecided_spans(run)}
    client.post(reverse("publishing:run", args=[run.code]), {"action": "decide", **answers})
    _login(client, second_reviewer).post(reverse("publishing:approve", args=[run.code]))
    _login(client, business_unit_officer)
    publish_url = reverse("publishing:publish", args=[run.code])
    assert "Every check has passed" in client.get(publish_url).content.decode()
    response = client.post(
        publish_url, {"title": "Learning from Child A", "summary": "Agencies.", "audience": "both"}
    )
    item = PublishedItem.objects.get()
    assert response.url == f"/learning/{item.slug}/"
    assert "Corkill" not in item.body_html and "Jayden" not in item.body_html


def test_a_published_review_no_longer_offers_anonymise_and_publish(
    client, clean_run, business_unit_officer
):
    review = clean_run.report_version.review
    _login(client, business_unit_officer)
    assert "Anonymise and publish" in client.get(f"/reviews/{review.code}/").content.decode()
    services.publish(
        clean_run,
        business_unit_officer,
        title="Learning from Child A",
        summary="Shared.",
        audience="both",
        themes=[],
    )
    assert "Anonymise and publish" not in client.get(f"/reviews/{review.code}/").content.decode()
