from django.urls import reverse

from manx_learning.accounts.demo import demo_load
from manx_learning.accounts.models import User
from manx_learning.assurance.measures import Verdict, comparison_for
from manx_learning.assurance.models import Evidence
from manx_learning.surveys.demo import demo_feedback_load
from manx_learning.surveys.models import Response, Survey
from manx_learning.surveys.results import survey_results
from manx_learning.vocabulary.models import EvidenceSource


def test_the_demo_has_a_baseline_a_retest_that_improved_and_a_small_families_survey(db):
    demo_load()
    baseline, retest, families = demo_feedback_load()
    assert baseline.responses.count() == 40
    assert retest.responses.count() == 35
    assert retest.retest_of == baseline
    comparison = comparison_for(retest)
    assert comparison.verdict == Verdict.IMPROVED, comparison.explanation
    assert survey_results(families).suppressed
    sources = set(Evidence.objects.values_list("source", flat=True))
    assert {EvidenceSource.PRACTITIONER_FEEDBACK, EvidenceSource.FAMILY_FEEDBACK} <= sources


def test_loading_the_demo_twice_adds_nothing(db):
    demo_load()
    demo_feedback_load()
    surveys, responses = Survey.objects.count(), Response.objects.count()
    demo_feedback_load()
    assert (Survey.objects.count(), Response.objects.count()) == (surveys, responses)


def test_the_demo_retest_page_says_practice_improved_with_the_evidence(client, db):
    demo_load()
    _, retest, families = demo_feedback_load()
    client.force_login(User.objects.get(email="business@demo.test"))
    page = client.get(reverse("surveys:detail", args=[retest.code])).content.decode()
    assert "Practice improved" in page and "n=40" in page and "n=35" in page
    listing = client.get(reverse("surveys:list")).content.decode()
    assert ">35<" in listing and ">40<" in listing
    small = client.get(reverse("surveys:results", args=[families.code])).content.decode()
    assert "fewer than 5 responses so far" in small
