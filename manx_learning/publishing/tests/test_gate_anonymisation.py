"""Anonymisation runs and the reviewer's decisions on them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from manx_learning.core.models import AuditEvent
from manx_learning.publishing import services
from manx_learning.publishing.tests.factories import REPORT


def _index(run, original):
    return next(i for i, s in enumerate(run.spans) if s["original"] == original)


def test_a_run_replaces_register_names(run):
    output = services.anonymised_text(run)
    assert "Jayden" not in output and "Kinrade" not in output
    assert "Child A" in output and "Mother" in output and "[school]" in output
    assert run.source_text == REPORT
    assert run.source_sha256 and run.spans
    assert AuditEvent.objects.filter(verb="anonymisation.run").exists()


def test_accepting_a_detection_replaces_it_and_rejecting_keeps_it(run, reviewer):
    corkill = _index(run, "Corkill")
    assert run.spans[corkill]["source"] == "detected"
    services.span_decide(run, corkill, "accept", reviewer)
    assert "Corkill" not in services.anonymised_text(run)
    services.span_decide(run, corkill, "reject", reviewer)
    assert "Dr Corkill" in services.anonymised_text(run)


def test_missed_text_is_replaced_everywhere(run, reviewer):
    services.missed_text_add(run, "Noble's Hospital", "[hospital]", reviewer)
    output = services.anonymised_text(run)
    assert "Noble" not in output and "[hospital]" in output


def test_missed_text_must_occur_in_the_report(run, reviewer):
    with pytest.raises(ValidationError):
        services.missed_text_add(run, "Peel", "[town]", reviewer)


def test_register_spans_cannot_be_rejected(run, reviewer):
    with pytest.raises(ValidationError, match="cannot be undone"):
        services.span_decide(run, _index(run, "Jayden Kinrade"), "reject", reviewer)


def test_the_person_who_ran_it_cannot_approve(run, reviewer):
    for index in services.undecided_spans(run):
        services.span_decide(run, index, "accept", reviewer)
    with pytest.raises(ValidationError, match="second person"):
        services.run_approve(run, reviewer)


def test_it_cannot_be_approved_with_open_detections(run, second_reviewer):
    assert services.undecided_spans(run)
    with pytest.raises(ValidationError, match="every detected"):
        services.run_approve(run, second_reviewer)


def test_a_second_person_approves_when_every_detection_is_decided(run, reviewer, second_reviewer):
    for index in services.undecided_spans(run):
        services.span_decide(run, index, "reject", reviewer)
    services.run_approve(run, second_reviewer)
    run.refresh_from_db()
    assert run.approved_by == second_reviewer


def test_a_new_decision_withdraws_the_approval(run, reviewer, second_reviewer):
    for index in services.undecided_spans(run):
        services.span_decide(run, index, "accept", reviewer)
    services.run_approve(run, second_reviewer)
    services.span_decide(run, _index(run, "Corkill"), "reject", reviewer)
    run.refresh_from_db()
    assert run.approved_by is None


def test_it_refuses_someone_without_access_to_the_register(approved_review, panel_chair):
    version = services.latest_final_version(approved_review)
    with pytest.raises(PermissionDenied):
        services.anonymisation_run(version=version, by=panel_chair)


def test_saving_the_same_decisions_again_keeps_the_approval(run, reviewer, second_reviewer):
    decisions = {index: "accept" for index in services.undecided_spans(run)}
    services.span_decisions_save(run, decisions, reviewer)
    services.run_approve(run, second_reviewer)
    assert services.span_decisions_save(run, decisions, second_reviewer) == 0
    run.refresh_from_db()
    assert run.approved_by == second_reviewer
