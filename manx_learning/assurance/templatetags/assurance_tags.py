"""Template tags other apps use to show QA results on their own pages."""

from typing import Any

from django import template

from manx_learning.assurance.measures import Verdict

register = template.Library()


@register.inclusion_tag("assurance/includes/action_retest.html")
def action_retest(action: Any) -> dict[str, Any]:
    """The retest result for an action whose impact a QA assessment's retest measures: the
    recorded verdict, or "not yet retested" until the business unit records it."""
    assessment = getattr(action, "impact_assessment", None)
    if assessment is None:
        return {"assessment": None}
    retest = assessment.retests.first()
    verdict = Verdict(retest.verdict) if retest else Verdict.NOT_YET
    return {
        "assessment": assessment,
        "retest": retest,
        "label": verdict.label,
        "tag": verdict.tag,
    }
