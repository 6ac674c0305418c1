"""The publication gate: every gap listed, a final scan for register values, a clean PDF."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from manx_learning.core.models import AuditEvent
from manx_learning.publishing import services
from manx_learning.publishing.models import PublishedItem
from manx_learning.publishing.tests.factories import approve
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import ReportVersion
from manx_learning.vocabulary.models import Theme

SUMMARY = "A child was harmed after information was not shared between agencies."


def _publish(run, by, title="Learning from Child A", summary=SUMMARY):
    return services.publish(run, by, title=title, summary=summary, audience="children", themes=[])


def test_the_gate_lists_each_gap(run):
    gaps = " ".join(services.publication_gaps(run))
    assert "still need a decision" in gaps
    assert "second person has not approved" in gaps
    # Runs are made only after the Board's approval, so those gaps are closed.
    assert "Board has not approved" not in gaps


def test_a_clean_run_on_an_approved_review_has_no_gaps(clean_run):
    assert services.publication_gaps(clean_run) == []


def test_a_board_decision_not_to_publish_is_a_gap(gate_review, panel_chair, board_member, reviewer):
    approve(gate_review, panel_chair, board_member, publication="none")
    run = services.anonymisation_run(
        version=services.latest_final_version(gate_review), by=reviewer
    )
    assert "The Board decided the report is not to be published." in services.publication_gaps(run)


def test_a_changed_version_text_after_the_run_blocks_publication(clean_run, business_unit_officer):
    version = clean_run.report_version
    version.text += "\n\nA late paragraph."
    version.save()
    assert any(
        "changed since the anonymiser ran" in g for g in services.publication_gaps(clean_run)
    )
    with pytest.raises(ValidationError, match="changed since"):
        _publish(clean_run, business_unit_officer)


def test_a_run_on_an_older_version_blocks_publication(run, reviewer):
    # The service takes no new version once the Board has approved; one made before that rule
    # (or by hand) still blocks the older run.
    ReportVersion.objects.create(
        review=run.report_version.review,
        number=2,
        kind="final",
        text="A newer report.",
        added_by=reviewer,
    )
    assert any("latest final report" in g for g in services.publication_gaps(run))


def test_publishing_a_clean_run_creates_an_item_with_html_and_a_clean_pdf(
    clean_run, business_unit_officer
):
    theme, _ = Theme.objects.get_or_create(name="Information sharing")
    item = services.publish(
        clean_run,
        business_unit_officer,
        title="Learning from Child A",
        summary=SUMMARY,
        audience="children",
        themes=[theme],
    )
    assert PublishedItem.objects.public().get() == item
    assert item.kind == "review" and item.slug.startswith("learning-from-child-a-")
    assert '<p class="govuk-body">Child A lived with his mother Mother' in item.body_html
    assert "Jayden" not in item.body_html
    assert list(item.themes.all()) == [theme]
    data = item.pdf.read()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert "/Author" not in reader.metadata
    assert reader.metadata["/Title"] == "Learning from Child A"
    assert reader.metadata["/Creator"] == reader.metadata["/Producer"] == "Manx Learning"
    assert b"WeasyPrint" not in data
    clean_run.report_version.review.refresh_from_db()
    assert clean_run.report_version.review.publication_date is not None
    assert AuditEvent.objects.filter(verb="publication.published").exists()
    assert services.publication_gaps(clean_run) == [
        "This review is already published, as “Learning from Child A”."
    ]


def test_a_second_run_on_a_published_review_cannot_publish_it_again(
    clean_run, reviewer, second_reviewer, business_unit_officer
):
    _publish(clean_run, business_unit_officer)
    again = services.anonymisation_run(version=clean_run.report_version, by=reviewer)
    for index in services.undecided_spans(again):
        services.span_decide(again, index, "accept", reviewer)
    services.run_approve(again, second_reviewer)
    assert "This review is already published, as “Learning from Child A”." in (
        services.publication_gaps(again)
    )
    with pytest.raises(ValidationError, match="already published"):
        _publish(again, business_unit_officer, title="Learning from Child A, again")
    assert PublishedItem.objects.count() == 1


def test_the_gate_refuses_a_summary_that_leaks_a_register_value_and_says_where(
    clean_run, business_unit_officer
):
    with pytest.raises(ValidationError, match="Jayden appears in the summary"):
        _publish(clean_run, business_unit_officer, summary="What happened to Jayden.")
    assert not PublishedItem.objects.exists()


def test_a_report_with_a_name_only_in_the_title_is_refused(clean_run, business_unit_officer):
    with pytest.raises(ValidationError) as refused:
        _publish(clean_run, business_unit_officer, title="Learning from the KINRADE family")
    assert "Kinrade appears in the title" in " ".join(refused.value.messages)
    assert "Kinrade appears in the PDF" in " ".join(refused.value.messages)


def test_a_kept_detection_that_is_a_register_value_is_refused(
    clean_run, reviewer, business_unit_officer
):
    review = clean_run.report_version.review
    reviews_services.register_person_add(
        review=review, by=reviewer, pseudonym="GP", names=["Dr Corkill"]
    )
    corkill = next(i for i, s in enumerate(clean_run.spans) if s["original"] == "Corkill")
    services.span_decide(clean_run, corkill, "reject", reviewer)
    services.run_approve(clean_run, business_unit_officer)
    with pytest.raises(ValidationError, match="Corkill appears in the published page") as refused:
        _publish(clean_run, business_unit_officer)
    assert not any(m.startswith("Dr appears") for m in refused.value.messages)


def test_the_scan_looks_for_each_name_its_words_and_each_identifier():
    register = {
        "people": [{"pseudonym": "Child A", "names": ["Jayden Kinrade", "Dr Jo de Silva"]}],
        "identifiers": [{"replacement": "[address]", "values": ["14 Ballabrooie Drive"]}],
    }
    assert services.register_values(register) == [
        "14 Ballabrooie Drive",
        "Dr Jo de Silva",
        "Jayden",
        "Jayden Kinrade",
        "Jo",
        "Kinrade",
        "Silva",
    ]


def test_only_the_business_unit_publishes(clean_run, reviewer):
    with pytest.raises(PermissionDenied):
        _publish(clean_run, reviewer)


def test_the_published_pdf_stays_tagged(clean_run, business_unit_officer):
    item = _publish(clean_run, business_unit_officer)
    reader = PdfReader(io.BytesIO(item.pdf.read()))
    assert "/StructTreeRoot" in reader.root_object
    assert b"Manx Learning" in reader.root_object["/Metadata"].get_object().get_data()


def test_the_missing_approval_says_who_may_give_it(run, second_reviewer, reviewer):
    gap = next(g for g in services.publication_gaps(run) if "second person" in g)
    # The reviewer ran it: the other reviewer or the business unit may approve.
    assert "any business unit officer, or the review's reviewer Sam Second" in gap
    assert reviewer.full_name not in gap


def test_a_run_waiting_for_approval_is_on_the_dashboards_of_those_who_may_approve(
    client, run, second_reviewer, business_unit_officer, reviewer, panel_chair
):
    link = f"/anonymisation/{run.code}/"
    for person, shown in (
        (second_reviewer, True),
        (business_unit_officer, True),
        (reviewer, False),  # ran it
        (panel_chair, False),  # may not see the register
    ):
        client.force_login(person)
        html = client.get("/dashboard/").content.decode()
        assert (link in html) is shown, person.email
