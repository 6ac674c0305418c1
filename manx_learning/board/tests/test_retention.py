"""Retention: a review's identifier register (and chronology) is destroyed a set time after its
learning is published, unless held; a dry run changes nothing; the audit event holds no
personal data."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from manx_learning.core.models import AuditEvent
from manx_learning.publishing.models import PublishedItem
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import AgencyRequest, RegisterPerson


@pytest.fixture
def published_review(analysis, business_unit_officer, reviewer, settings):
    settings.RETENTION_YEARS = {"identifier_register": 2, "chronology": 7}
    reviews_services.register_person_add(
        review=analysis, by=reviewer, pseudonym="Child J", names=["Jayden Kinrade"]
    )
    PublishedItem.objects.create(
        kind="report",
        slug="child-j",
        title="Child J: learning",
        summary="s",
        body_html="<p>b</p>",
        year=2023,
        audience="all",
        review=analysis,
        published_at=timezone.now() - timedelta(days=2 * 366),
    )
    return analysis


def _run(*args):
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_the_report_lists_what_is_due_and_changes_nothing(published_review):
    report = json.loads(_run("report", "--json"))
    assert [(d["review"], d["record"], d["held"]) for d in report["due"]] == [
        (published_review.reference, "identifier_register", False)
    ]
    assert RegisterPerson.objects.filter(review=published_review).exists()


def test_apply_destroys_it_and_the_trail_holds_no_name(published_review):
    destroyed = json.loads(_run("apply", "--json"))["destroyed"]
    assert [d["record"] for d in destroyed] == ["identifier_register"]
    assert not RegisterPerson.objects.filter(review=published_review).exists()
    event = AuditEvent.objects.get(verb="retention.destroyed")
    assert event.detail["rows"] == 1 and "years after publication" in event.detail["reason"]
    assert "Jayden" not in json.dumps(event.detail)
    assert json.loads(_run("report", "--json"))["due"] == []  # nothing left to destroy
    call_command("audit", "verify")


def test_a_held_register_is_kept_until_released(published_review, business_unit_officer):
    by = business_unit_officer.email
    _run(
        "hold",
        published_review.reference,
        "identifier_register",
        "--by",
        by,
        "--reason",
        "Coroner's inquest pending",
    )
    assert "held: kept" in _run("report")
    _run("apply")
    assert RegisterPerson.objects.filter(review=published_review).exists()
    _run("release", published_review.reference, "identifier_register", "--by", by)
    _run("apply")
    assert not RegisterPerson.objects.filter(review=published_review).exists()


def test_not_yet_due_is_not_listed(published_review, settings):
    settings.RETENTION_YEARS = {"identifier_register": 5}
    assert "Nothing is due" in _run("report")


def test_only_the_business_unit_records_a_hold(published_review, reviewer):
    with pytest.raises(CommandError, match="business unit"):
        _run(
            "hold",
            published_review.reference,
            "identifier_register",
            "--by",
            reviewer.email,
            "--reason",
            "x",
        )


def test_agency_submissions_are_blanked_but_the_requests_stay(
    published_review, business_unit_officer, police_lead, police, settings, tmp_path
):
    """What an agency sent (text and file) goes; which agency was asked for what, and when it
    answered, stays as the review's history."""
    settings.MEDIA_ROOT = tmp_path
    settings.RETENTION_YEARS = {"agency_submissions": 1}
    item = AgencyRequest.objects.create(
        review=published_review,
        agency=police,
        kind="report",
        due_date=timezone.localdate(),
        requested_by=business_unit_officer,
        submitted_by=police_lead,
    )
    item.text = "Our officers attended 14 Ballaugh Road on 3 March."
    item.document.save("police-report.txt", ContentFile(b"Jayden Kinrade was seen"), save=False)
    item.submitted_at = timezone.now()
    item.save()
    stored = tmp_path / item.document.name
    assert stored.exists()

    report = json.loads(_run("report", "--json"))
    assert [(d["record"], d["rows"]) for d in report["due"]] == [("agency_submissions", 1)]
    _run("apply", "--json")

    item.refresh_from_db()
    assert item.text == "" and not item.document and item.submitted_at is not None
    assert not stored.exists()
    event = AuditEvent.objects.get(verb="retention.destroyed")
    assert event.detail["record"] == "agency_submissions" and "Ballaugh" not in json.dumps(
        event.detail
    )
