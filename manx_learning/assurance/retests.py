"""Baseline against retest for one assessment: each measure's comparison (from the provider its
app registered in `measures`), the Board's own judgement then and now, and the overall verdict.

The overall verdict counts the comparisons that have a result: more improved than declined is
"practice improved", more declined than improved is "practice declined", otherwise "no
significant change". A tie is not called an improvement, because a Board should not claim
impact its evidence does not show."""

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from manx_learning.assurance import measures
from manx_learning.assurance.measures import Comparison, Measurement, Verdict
from manx_learning.assurance.models import GRADE_RANK, Assessment, AssessmentMeasure, Grade


@dataclass
class RetestResult:
    comparisons: list[Comparison] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # measures no provider could compare
    verdict: Verdict = Verdict.NOT_YET
    explanation: str = "There is no retest result yet."


def _grade_label(grade: str) -> str:
    return Grade(grade).label if grade in Grade.values else "Not judged"


def judgement_comparison(assessment: Assessment, grade: str, retested_on: date) -> Comparison:
    """The Board's judgement at baseline against its judgement at retest, on the grade scale."""
    baseline = Measurement(
        label=f"Judgement on {assessment.judged_on:%-d %B %Y}" if assessment.judged_on else "",
        score=GRADE_RANK.get(assessment.grade),
        score_label="Judgement",
        n=assessment.evidence.count(),
        distribution={_grade_label(assessment.grade): 1},
    )
    retest = Measurement(
        label=f"Judgement at retest on {retested_on:%-d %B %Y}",
        score=GRADE_RANK.get(grade),
        score_label="Judgement",
        n=0,
        distribution={_grade_label(grade): 1},
    )
    before, after = GRADE_RANK.get(assessment.grade, 0), GRADE_RANK.get(grade, 0)
    verdict = (
        Verdict.IMPROVED if after > before else Verdict.DECLINED if after < before else Verdict.SAME
    )
    text = (
        f"Judged {_grade_label(assessment.grade)} at baseline and {_grade_label(grade)} at retest."
    )
    return Comparison(
        title="The Board's judgement",
        kind=measures.JUDGEMENT,
        baseline=baseline,
        retest=retest,
        verdict=verdict,
        explanation=text,
    )


def measure_comparison(
    measure: AssessmentMeasure, assessment: Assessment, retest_on: date
) -> Comparison | None:
    target = measure.target
    if target is None:
        return None
    return measures.comparison_for(target, baseline_on=assessment.period_end, retest_on=retest_on)


def overall(comparisons: list[Comparison]) -> tuple[Verdict, str]:
    results = [c for c in comparisons if c.verdict != Verdict.NOT_YET]
    if not results:
        return Verdict.NOT_YET, "No measure has a retest result yet."
    counts = {v: sum(1 for c in results if c.verdict == v) for v in Verdict}
    improved, declined, same = (
        counts[Verdict.IMPROVED],
        counts[Verdict.DECLINED],
        counts[Verdict.SAME],
    )
    text = (
        f"Of {len(results)} measure{'s' if len(results) != 1 else ''} with a result, "
        f"{improved} improved, {same} showed no significant change and {declined} declined."
    )
    if improved > declined:
        return Verdict.IMPROVED, text
    if declined > improved:
        return Verdict.DECLINED, text
    return Verdict.SAME, text


def retest_result(
    assessment: Assessment, *, retested_on: date | None = None, grade: str = ""
) -> RetestResult:
    """Every measure compared now (or as at `retested_on`), plus the judgement if a retest grade
    is given. Measures whose app no longer provides a comparison are listed as missing."""
    retested_on = retested_on or timezone.localdate()
    result = RetestResult()
    for measure in assessment.measures.select_related("target_type"):
        comparison = measure_comparison(measure, assessment, retested_on)
        if comparison is None:
            result.missing.append(measure.label)
        else:
            result.comparisons.append(comparison)
    if grade and assessment.grade:
        result.comparisons.append(judgement_comparison(assessment, grade, retested_on))
    result.verdict, result.explanation = overall(result.comparisons)
    return result


def as_dict(comparison: Comparison) -> dict[str, Any]:
    """A comparison as JSON-safe data (for the snapshot kept with a recorded retest)."""
    data = asdict(comparison)
    data["verdict"] = str(comparison.verdict.value)
    return data


def display(data: dict[str, Any]) -> dict[str, Any]:
    """A comparison (snapshot or live) ready for a template: verdict label and tag colour, and
    whether it is the Board's judgement (shown as grades, without scores or counts)."""
    verdict = Verdict(data["verdict"])
    return data | {
        "verdict_label": verdict.label,
        "tag": verdict.tag,
        "is_judgement": data["kind"] == measures.JUDGEMENT,
    }
