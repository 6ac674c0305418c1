"""A survey as QA evidence: its responses, headline score, free-text themes and any retest
verdict, offered to the evidence register through `core.evidence` (assurance records it)."""

from django.urls import reverse
from django.utils import timezone

from manx_learning.core.evidence import Offer
from manx_learning.surveys import results, retest
from manx_learning.surveys.models import Survey, SurveyStatus
from manx_learning.vocabulary.models import Strength


def _strength(n: int) -> str:
    """Survey respondents choose themselves, so even many answers are not 'strong' alone."""
    if n >= 50:
        return Strength.STRONG
    if n >= 20:
        return Strength.MODERATE
    return Strength.LIMITED


def evidence_summary(survey: Survey) -> str:
    outcome = results.survey_results(survey)
    period = f"{survey.opens_on:%-d %B %Y} to {survey.closes_on:%-d %B %Y}"
    lines = [f"{survey.get_audience_display()} survey, {period}: {outcome.n} responses."]
    if outcome.suppressed:
        lines.append("Fewer than 5 responses, so no results are shown.")
    else:
        if outcome.score is not None:
            lines.append(
                f"{outcome.score:.0f}% agreed (4 or 5 out of 5) across its scale questions."
            )
        themes = [t for r in outcome.questions for t in r.themes]
        if themes:
            top = ", ".join(f"{name} ({count})" for name, count in themes[:4])
            lines.append(f"Free-text themes: {top}.")
    comparison = retest.comparison(survey)
    if comparison and comparison.retest is not None:
        lines.append(f"{comparison.verdict.label}: {comparison.explanation}")
    return " ".join(lines)


def survey_offer(survey: Survey) -> Offer:
    """The register entry a survey (open or closed) offers: one per survey, refreshed."""
    n = survey.responses.count()
    today = timezone.localdate()
    return Offer(
        origin=survey,
        source=survey.evidence_source,
        title=f"Survey: {survey.title}",
        summary=evidence_summary(survey),
        dated=min(survey.closes_on, today)
        if survey.status == SurveyStatus.OPEN
        else survey.closes_on,
        link_url=reverse("surveys:results", args=[survey.code]),
        strength=_strength(n),
        agencies=survey.agencies.all(),
        themes=survey.themes.all(),
        priorities=survey.priorities.all(),
    )
