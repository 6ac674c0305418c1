"""Baseline against retest for surveys, through the QA framework's `measures` contract.

A survey's score is the mean, over its scale questions, of the share of answers that are 4 or 5
("% agreeing"); see `results`. The verdict comes from `compare` (a change of less than
5 percentage points is "no significant change"). A side with fewer than 5 responses has no score,
so the verdict waits ("not yet retested") rather than compare numbers too small to mean anything."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from manx_learning.lib.verdicts import Comparison, Measurement, compare
from manx_learning.surveys import results
from manx_learning.surveys.models import QuestionKind, Survey

SCORE_LABEL = "% agreeing (4 or 5) across the scale questions"


def measurement(survey: Survey, label: str) -> Measurement:
    outcome = results.survey_results(survey)
    distribution: dict[str, int] = {}
    for result in outcome.questions:
        if result.question.kind == QuestionKind.SCALE:
            for value, bar in enumerate(result.bars, 1):
                distribution[str(value)] = distribution.get(str(value), 0) + bar.count
    detail = ["Fewer than 5 responses: no score"] if outcome.suppressed else []
    return Measurement(
        label=f"{label}: {survey.title}, {survey.opens_on:%B %Y}",
        score=outcome.score,
        score_label=SCORE_LABEL,
        n=outcome.n,
        distribution=distribution,
        detail=detail,
        url=reverse("surveys:results", args=[survey.code]),
    )


def pair_of(survey: Survey) -> tuple[Survey, Survey | None]:
    """(baseline, latest retest) for a baseline or for one of its retests."""
    if survey.retest_of_id:
        return survey.retest_of, survey
    return survey, survey.retests.order_by("-opens_on", "-created_at").first()


def comparison(survey: Survey, **_dates: date | None) -> Comparison | None:
    """The `measures` provider: None for a survey that is neither a baseline with a retest nor a
    retest (there is nothing to compare)."""
    baseline, retest = pair_of(survey)
    if retest is None:
        return None
    before = measurement(baseline, "Baseline")
    after = measurement(retest, "Retest")
    verdict, explanation = compare(before, after)
    return Comparison(
        title=baseline.title,
        kind="survey",
        baseline=before,
        retest=after,
        verdict=verdict,
        explanation=explanation,
    )


@dataclass(frozen=True)
class QuestionPair:
    text: str
    baseline: float | None
    retest: float | None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.retest is None:
            return None
        return round(self.retest - self.baseline, 1)

    @property
    def rose(self) -> bool:
        """Whether the change is shown with a plus sign."""
        change = self.change
        return change is not None and change > 0


def question_pairs(baseline: Survey, retest: Survey) -> list[QuestionPair]:
    """Each scale question's % agreeing at baseline and at retest, matched through the copy link
    (so a question's position changing never mismatches them)."""
    before = {r.question.pk: r for r in results.survey_results(baseline).questions}
    after = {r.question.copied_from_id: r for r in results.survey_results(retest).questions}
    pairs = []
    for question in baseline.questions.filter(kind=QuestionKind.SCALE):
        old, new = before.get(question.pk), after.get(question.pk)
        pairs.append(
            QuestionPair(
                question.text,
                old.agreement if old else None,
                new.agreement if new else None,
            )
        )
    return pairs
