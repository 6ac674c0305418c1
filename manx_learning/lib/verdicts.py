"""Baseline against retest, framework-free: a `Measurement` on each side, a `Comparison`, and the
`Verdict` that `compare` reaches. Audit programmes, surveys and indicators build these in their
own apps; `assurance.measures` keeps the registry of who provides a comparison for what."""

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    IMPROVED = "improved"
    SAME = "same"
    DECLINED = "declined"
    NOT_YET = "not_yet"  # no retest result yet

    @property
    def label(self) -> str:
        return {
            "improved": "Practice improved",
            "same": "No significant change",
            "declined": "Practice declined",
            "not_yet": "Not yet retested",
        }[self.value]

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour every page shows this verdict in."""
        return VERDICT_TAGS[self]


VERDICT_TAGS = {
    Verdict.IMPROVED: "govuk-tag--green",
    Verdict.SAME: "govuk-tag--yellow",
    Verdict.DECLINED: "govuk-tag--red",
    Verdict.NOT_YET: "govuk-tag--grey",
}

# The kind of the comparison of the Board's own judgement (the others are the measures' kinds).
JUDGEMENT = "judgement"


@dataclass(frozen=True)
class Measurement:
    """One side of a comparison, e.g. "Good or better: 42% of 12 cases"."""

    label: str  # e.g. "Baseline audit, March 2026"
    score: float | None  # the headline number compared, e.g. percent good or better
    score_label: str  # e.g. "% of sections graded Good or better"
    n: int  # how many cases, responses or points the score rests on
    distribution: dict[str, int] = field(default_factory=dict)  # e.g. grade -> count, in order
    detail: list[str] = field(default_factory=list)  # extra lines, e.g. SPC signals
    url: str = ""


@dataclass(frozen=True)
class Comparison:
    title: str
    kind: str  # "audit", "survey" or "indicator", or JUDGEMENT
    baseline: Measurement
    retest: Measurement | None
    verdict: Verdict
    explanation: str  # one plain sentence that states the change and the evidence for it


def compare(
    baseline: Measurement,
    retest: Measurement | None,
    *,
    higher_is_better: bool = True,
    tolerance: float = 5.0,
) -> tuple[Verdict, str]:
    """A change smaller than `tolerance` (in the score's own units, percentage points by default)
    is "no significant change": small samples move by chance and we would rather say so."""
    if retest is None or retest.score is None or baseline.score is None:
        return Verdict.NOT_YET, "There is no retest result yet."
    change = retest.score - baseline.score
    better = change if higher_is_better else -change
    text = (
        f"{baseline.score_label}: {baseline.score:.1f} at baseline (n={baseline.n}) "
        f"and {retest.score:.1f} at retest (n={retest.n})"
    )
    if abs(change) < tolerance:
        return Verdict.SAME, f"{text}; a change of {change:+.1f} is within ±{tolerance:g}."
    if better > 0:
        return Verdict.IMPROVED, f"{text}; a change of {change:+.1f}."
    return Verdict.DECLINED, f"{text}; a change of {change:+.1f}."
