"""The demo board's register is realistic: several sources, overdue and assured actions, and a
recurring lesson that the similarity search finds."""

from django.core.management import call_command
from django.utils import timezone

from manx_learning.accounts.models import User
from manx_learning.actions.models import Action, ActionStatus, Rag, Recommendation
from manx_learning.actions.selectors import similar_recommendations


def test_the_demo_register_shows_follow_through_and_a_recurring_lesson(db):
    call_command("demo")
    counts = (Recommendation.objects.count(), Action.objects.count())
    call_command("demo")
    assert (Recommendation.objects.count(), Action.objects.count()) == counts, "duplicated"
    today = timezone.localdate()
    # Reviews, audits, QA assessments and national learning all feed the one register.
    kinds = set(Recommendation.objects.values_list("source_kind", flat=True))
    assert {"review", "audit", "assessment", "national"} <= kinds
    rags = [action.rag(today) for action in Action.objects.all()]
    assert rags.count(Rag.OVERDUE) >= 2
    assert Action.objects.filter(status=ActionStatus.ASSURED).exists()
    assert Action.objects.filter(status=ActionStatus.COMPLETED).exists()

    child_m_first = Recommendation.objects.get(review__title="Child M (demo)", number=1)
    business = User.objects.get(email="business@demo.test")
    similar = similar_recommendations(text=child_m_first.text, user=business, exclude=child_m_first)
    assert similar, "the 2021 audit recommendation should be found"
    earlier = similar[0]
    assert earlier.recommendation.source_year == 2021
    assert earlier.status_label == "Assured"
