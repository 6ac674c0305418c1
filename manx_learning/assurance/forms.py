"""Forms for the QA framework. They check the shape of what people type; rules that need other
rows (a judgement needs evidence, an action is due by the retest) live in `services`."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from manx_learning.assurance.models import Grade
from manx_learning.core.formkit import EditTokenMixin, date_field, text_field
from manx_learning.vocabulary.models import EvidenceSource, Strength

ALL_THAT_APPLY = "Select all that apply"


def _checkboxes(label: str, help_text: str = ALL_THAT_APPLY) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _pick(label: str, one: str, empty: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        required=False,
        empty_label=empty,
        error_messages={"invalid_choice": f"Choose {one} from the list"},
    )


def _choice(label: str, choices: list[tuple[str, str]], empty: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty), *choices],
        error_messages={"invalid_choice": f"Choose a {label.lower()} from the list"},
    )


def _optional_date(label: str) -> forms.DateField:
    field = date_field(label, "")
    field.required = False
    return field


# The evidence register ------------------------------------------------------------------------


class EvidenceFilterForm(forms.Form):
    q = forms.CharField(label="Search the evidence", required=False, max_length=200)
    source = _choice("Source", EvidenceSource.choices, "Any source")
    priority = _pick("Board priority", "a priority", "Any priority")
    theme = _pick("Theme", "a theme", "Any theme")
    agency = _pick("Agency", "an agency", "Any agency")
    strength = _choice("Strength", Strength.choices, "Any strength")
    origin = _choice(
        "How it was added",
        [("automatic", "Added automatically"), ("manual", "Added by hand")],
        "Either way",
    )
    dated_from = _optional_date("Dated from")
    dated_to = _optional_date("Dated to")

    def __init__(
        self, *args: Any, priorities: QuerySet, themes: QuerySet, agencies: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities
        self.fields["theme"].queryset = themes
        self.fields["agency"].queryset = agencies


class EvidenceForm(EditTokenMixin):
    title = text_field("Title", "Enter a title for the evidence", max_length=200)
    source = forms.ChoiceField(
        label="Source",
        choices=EvidenceSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the evidence comes from"},
    )
    dated = date_field("Date of the evidence", "Enter the date of the evidence")
    summary = text_field(
        "Summary",
        "Enter a summary of what the evidence shows",
        help_text="What it shows, how it was gathered and how many cases or people it covers",
    )
    strength = forms.ChoiceField(
        label="Strength",
        choices=Strength.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how much weight the evidence can bear"},
    )
    agencies = _checkboxes(
        "Agencies it is about",
        "Leave empty for Board-wide evidence, which every agency lead can see",
    )
    themes = _checkboxes("Themes")
    priorities = _checkboxes("Board priorities")
    link_url = text_field(
        "Link",
        help_text="Optional. Where the evidence can be seen in full, starting https:// or /",
        max_length=500,
    )

    def __init__(
        self, *args: Any, agencies: QuerySet, themes: QuerySet, priorities: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["themes"].queryset = themes
        self.fields["priorities"].queryset = priorities


class AttachmentForm(forms.Form):
    upload = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word document, Excel workbook, CSV file, or a photo (PNG or JPEG)",
        error_messages={"required": "Choose a file"},
    )


# Board priorities -----------------------------------------------------------------------------


class PriorityForm(EditTokenMixin):
    title = text_field("Title", "Enter the priority's title", max_length=150)
    outcome_sought = text_field(
        "Outcome sought",
        "Enter the outcome the Board seeks",
        help_text="What will be different for children and adults",
    )
    description = text_field("Why it is a priority", help_text="Optional")
    starts_on = date_field("Start of the period", "Enter the start of the period", "1/4/2025")
    ends_on = date_field("End of the period", "Enter the end of the period", "31/3/2028")


# Assessments ----------------------------------------------------------------------------------


class AssessmentForm(EditTokenMixin):
    title = text_field("Title", "Enter a title for the assessment", max_length=200)
    priority = _pick("Board priority", "a priority", "No priority")
    theme = _pick("Theme", "a theme", "No theme")
    question = text_field(
        "What the assessment asks", help_text="Optional. The question the Board wants answered"
    )
    period_start = date_field("Period from", "Enter the start of the period", "1/4/2025")
    period_end = date_field("Period to", "Enter the end of the period", "31/3/2026")

    def __init__(self, *args: Any, priorities: QuerySet, themes: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities
        self.fields["priority"].help_text = "Choose a priority, a theme, or both"
        self.fields["theme"].queryset = themes


class AssessmentEvidenceForm(forms.Form):
    evidence = _checkboxes(
        "Evidence the judgement rests on",
        "Evidence tagged with the priority or theme and dated in the period is listed first",
    )

    def __init__(self, *args: Any, evidence: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence


GRADE_FIELD = {
    "choices": Grade.choices,
    "widget": forms.RadioSelect,
    "error_messages": {"required": "Choose the judgement"},
}


class JudgementForm(forms.Form):
    grade = forms.ChoiceField(label="Judgement", **GRADE_FIELD)
    rationale = text_field("Rationale", "Enter why you made this judgement")
    strengths = text_field("Strengths", "Enter the strengths you found")
    areas_for_improvement = text_field("Areas for improvement", "Enter the areas for improvement")
    judged_on = date_field("Date of the judgement", "Enter the date of the judgement")
    retest_due = date_field(
        "Retest date",
        "Enter the retest date",
        "30/9/2027",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retest_due"].help_text = (
            "When the same audit, survey and indicators are run again to measure impact: "
            "usually 6 to 12 months after the action plan. For example, 30/9/2027"
        )


class MeasureForm(forms.Form):
    target = forms.ChoiceField(
        label="Measure",
        help_text="An audit programme, survey or indicator to run again at the retest",
        error_messages={
            "required": "Choose a measure",
            "invalid_choice": "Choose a measure from the list",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose a measure"), *choices]


class PlanActionForm(forms.Form):
    description = text_field("What will be done", "Enter what will be done")
    owner_agency = forms.ModelChoiceField(
        label="Agency that owns the action",
        queryset=None,
        empty_label="Choose an agency",
        error_messages={
            "required": "Choose the agency that owns the action",
            "invalid_choice": "Choose an agency from the list",
        },
    )
    lead_name = text_field(
        "Lead person's name and role", "Enter the lead person's name and role", max_length=150
    )
    due_date = date_field("Due date", "Enter the due date", "31/3/2027")
    expected_outcome = text_field("Expected outcome", "Enter the expected outcome")
    impact_measure = text_field(
        "How the retest will show impact",
        help_text="Optional. For example, 'Good or better in 70% of re-audited cases'",
    )
    practice_change = text_field(
        "The change in practice you expect",
        help_text="Needed if the action is only to remind staff or re-issue a policy",
    )

    def __init__(self, *args: Any, agencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


class RetestForm(forms.Form):
    grade = forms.ChoiceField(label="Judgement at retest", **GRADE_FIELD)
    rationale = text_field(
        "Rationale",
        "Enter why you made this judgement at retest",
        help_text="What the measures and the evidence gathered since show",
    )
    retested_on = date_field("Date of the retest", "Enter the date of the retest")


# The QA calendar and scrutiny reports ---------------------------------------------------------

CALENDAR_KINDS = [
    ("audit", "Audits"),
    ("survey", "Surveys"),
    ("retest", "Retests"),
    ("assessment", "Assessments"),
    ("return", "Data returns"),
]


class CalendarFilterForm(forms.Form):
    month = forms.CharField(
        label="Month",
        required=False,
        max_length=7,
        help_text="For example, 2026-11",
        error_messages={"max_length": "Enter the month as year and month, like 2026-11"},
    )
    kind = _choice("Kind", CALENDAR_KINDS, "Everything")
    open_only = forms.BooleanField(label="Only items not yet done", required=False)


class ScrutinyForm(forms.Form):
    priority = _pick("Board priority", "a priority", "Choose a priority")
    theme = _pick("Theme", "a theme", "Choose a theme")

    def __init__(self, *args: Any, priorities: QuerySet, themes: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities
        self.fields["theme"].queryset = themes
