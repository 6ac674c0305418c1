"""A survey's results: counts, means, agreement, themes and breakdowns, with small groups
suppressed so nobody can be picked out.

Rules (also in docs/surveys.md):

1. Nothing is shown until a survey has `MIN_RESPONSES` (5) responses.
2. A breakdown by a "split results by" question hides every group with fewer than 5 responses
   ("fewer than 5 responses"). If that would hide exactly one group, the next smallest group is
   hidden too, so the hidden group cannot be worked out by subtracting the others from the total.
3. On a "split results by" question itself, counts of 1 to 4 read "fewer than 5".
4. Free-text answers are listed in alphabetical order, never in the order they arrived, so they
   cannot be lined up with other answers.

Score: for each scale question, the share of its answers that are 4 or 5 (agree or strongly
agree); the survey's score is the mean of those shares over its scale questions. A share is
easier to read than a mean of 1-5 and is the measure the baseline and retest are compared on."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from manx_learning.surveys import themes as theme_lexicon
from manx_learning.surveys.models import Answer, Question, QuestionKind, Survey

MIN_RESPONSES = 5
AGREE_VALUES = (4, 5)
NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: float
    masked: bool = False  # shown as "fewer than 5"


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    agreement: float | None = None
    themes: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupRow:
    label: str
    n: int
    suppressed: bool
    score: float | None
    agreements: list[float | None]

    @property
    def too_few(self) -> bool:
        """Hidden for its own size (rule 1), not to protect a smaller group (rule 2)."""
        return self.n < MIN_RESPONSES


@dataclass(frozen=True)
class Breakdown:
    question: Question
    scale_questions: list[Question]
    rows: list[GroupRow]

    @property
    def hidden_span(self) -> int:
        """The columns a hidden group's one cell spans: responses, score and each question."""
        return len(self.scale_questions) + 2


@dataclass
class SurveyResults:
    survey: Survey
    n: int
    questions: list[QuestionResult] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    score: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_RESPONSES


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def agreement_of(values: list[int]) -> float | None:
    """The share of scale answers that are 4 or 5, as a percentage; None with no answers."""
    if not values:
        return None
    return _percent(sum(1 for v in values if v in AGREE_VALUES), len(values))


def score_of(agreements: list[float | None]) -> float | None:
    known = [a for a in agreements if a is not None]
    return round(sum(known) / len(known), 1) if known else None


def _scale_result(question: Question, answers: list[dict[str, Any]]) -> QuestionResult:
    values = [a["scale_value"] for a in answers if a["scale_value"]]
    counts = Counter(values)
    bars = [
        Bar(f"{value} – {label}", counts[value], _percent(counts[value], len(values)))
        for value, label in zip(range(1, 6), question.labels, strict=True)
    ]
    mean = round(sum(values) / len(values), 2) if values else None
    return QuestionResult(question, len(values), bars, mean, agreement_of(values))


def _choice_result(question: Question, answers: list[dict[str, Any]]) -> QuestionResult:
    chosen = [a["selected"] for a in answers if a["selected"]]
    counts = Counter(label for selection in chosen for label in selection)
    # Small counts on a "split by" question would say which few people belong to a group.
    mask = question.group_by
    bars = [
        Bar(
            label,
            counts[label],
            _percent(counts[label], len(chosen)),
            masked=mask and 0 < counts[label] < MIN_RESPONSES,
        )
        for label in question.choices
    ]
    return QuestionResult(question, len(chosen), bars)


def _text_result(question: Question, answers: list[dict[str, Any]]) -> QuestionResult:
    texts = sorted((a["text"] for a in answers if a["text"].strip()), key=str.casefold)
    return QuestionResult(
        question, len(texts), themes=theme_lexicon.theme_counts(texts), texts=texts
    )


_BUILDERS = {
    QuestionKind.SCALE: _scale_result,
    QuestionKind.SINGLE: _choice_result,
    QuestionKind.MULTIPLE: _choice_result,
    QuestionKind.TEXT: _text_result,
}


def _answers_by_question(survey: Survey) -> dict[int, list[dict[str, Any]]]:
    rows = Answer.objects.filter(response__survey=survey).values(
        "response_id", "question_id", "scale_value", "selected", "text"
    )
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["question_id"], []).append(row)
    return grouped


def _groups(question: Question, answers: list[dict[str, Any]], everyone: set) -> dict[str, set]:
    members: dict[str, set] = {label: set() for label in question.choices}
    for answer in answers:
        for label in answer["selected"]:
            members.setdefault(label, set()).add(answer["response_id"])
    answered = set().union(*members.values()) if members else set()
    members[NOT_ANSWERED] = everyone - answered
    return members


def _suppressed_labels(sizes: dict[str, int]) -> set[str]:
    """Rule 2: hide small groups, and one more when only one would be hidden."""
    hidden = {label for label, n in sizes.items() if 0 < n < MIN_RESPONSES}
    shown = sorted((n, label) for label, n in sizes.items() if n >= MIN_RESPONSES)
    if len(hidden) == 1 and shown:
        hidden.add(shown[0][1])
    return hidden


def _breakdown(
    question: Question, scales: list[Question], grouped: dict[int, list[dict[str, Any]]], everyone
) -> Breakdown:
    members = _groups(question, grouped.get(question.pk, []), everyone)
    hidden = _suppressed_labels({label: len(ids) for label, ids in members.items()})
    rows = []
    for label, ids in members.items():
        if label == NOT_ANSWERED and not ids:
            continue
        if label in hidden:
            rows.append(GroupRow(label, len(ids), True, None, []))
            continue
        agreements = [
            agreement_of(
                [a["scale_value"] for a in grouped.get(q.pk, []) if a["response_id"] in ids]
            )
            for q in scales
        ]
        rows.append(GroupRow(label, len(ids), False, score_of(agreements), agreements))
    return Breakdown(question, scales, rows)


def survey_results(survey: Survey) -> SurveyResults:
    """Every question's results, or only the count while there are fewer than 5 responses."""
    n = survey.responses.count()
    results = SurveyResults(survey=survey, n=n)
    if results.suppressed:
        return results
    questions = list(survey.questions.all())
    grouped = _answers_by_question(survey)
    results.questions = [_BUILDERS[q.kind](q, grouped.get(q.pk, [])) for q in questions]
    scales = [q for q in questions if q.kind == QuestionKind.SCALE]
    results.score = score_of([r.agreement for r in results.questions if r.agreement is not None])
    everyone = set(survey.responses.values_list("pk", flat=True))
    results.breakdowns = [
        _breakdown(q, scales, grouped, everyone) for q in questions if q.group_by and q.is_choice
    ]
    return results


# Export ----------------------------------------------------------------------------------------

EXPORT_HEADER = ["Question", "Kind", "Answer or theme", "Count", "Percent", "Mean (1-5)"]


def export_rows(results: SurveyResults) -> list[list[Any]]:
    """Aggregated rows only. Free-text answers are exported as theme counts, never verbatim: a
    spreadsheet travels further than the results page, and a sentence can identify its writer."""
    rows: list[list[Any]] = [["All questions", "Responses", "", results.n, "", ""]]
    if results.suppressed:
        return rows
    rows.append(["All scale questions", "Score (% agreeing)", "", "", results.score, ""])
    for result in results.questions:
        question = result.question
        kind = question.get_kind_display()
        for bar in result.bars:
            count = "fewer than 5" if bar.masked else bar.count
            percent = "" if bar.masked else bar.percent
            rows.append([question.text, kind, bar.label, count, percent, ""])
        if question.kind == QuestionKind.SCALE:
            rows.append([question.text, kind, "% agreeing (4 or 5)", "", result.agreement, ""])
            rows.append([question.text, kind, "Mean", result.answered, "", result.mean])
        for theme, count in result.themes:
            rows.append([question.text, kind, f"Theme: {theme}", count, "", ""])
        if question.kind == QuestionKind.TEXT:
            rows.append([question.text, kind, "Answers (not exported)", result.answered, "", ""])
    return rows
