"""Forms for the register of recommendations. They check the shape of what people type; the
rules that need other rows (where a recommendation is addressed, numbering) live in `services`."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from manx_learning.actions.models import SourceKind
from manx_learning.actions.selectors import RecommendationStatus
from manx_learning.core.formkit import text_field

ALL_THAT_APPLY = "Select all that apply"
# Recommendations from case reviews are added on the review itself, with its findings.
ADDABLE_SOURCES = [(k, label) for k, label in SourceKind.choices if k != SourceKind.REVIEW]
EARLIEST_YEAR = 1990


def _checkboxes(label: str, help_text: str = ALL_THAT_APPLY) -> Any:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _choice(label: str, choices: list[tuple[Any, str]], empty: str) -> forms.ChoiceField:
    """An optional select for filtering, its first option meaning "any"."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty), *choices],
        error_messages={"invalid_choice": f"Choose a {label.lower()} from the list"},
    )


def _pick(label: str, one: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        required=False,
        empty_label=f"Any {label.lower()}",
        error_messages={"invalid_choice": f"Choose {one} from the list"},
    )


# Filtering the register -----------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Search the recommendations", required=False, max_length=200)
    source_kind = _choice("Source", SourceKind.choices, "Any source")
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a year from the list"},
    )
    agency = _pick("Agency", "an agency")
    theme = _pick("Theme", "a theme")
    status = _choice("Status", list(RecommendationStatus.LABELS.items()), "Any status")
    overdue = forms.BooleanField(label="Only those with overdue actions", required=False)

    def __init__(
        self, *args: Any, years: list[int], agencies: QuerySet, themes: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year"), *((y, str(y)) for y in years)]
        self.fields["agency"].queryset = agencies
        self.fields["theme"].queryset = themes


# Adding a recommendation ----------------------------------------------------------------------


class RecommendationAddForm(forms.Form):
    source_kind = forms.ChoiceField(
        label="Where does it come from?",
        choices=ADDABLE_SOURCES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the recommendation comes from",
            "invalid_choice": "Choose where the recommendation comes from",
        },
    )
    source_title = text_field(
        "Name of the source",
        "Enter the name of the audit, assessment or review",
        help_text="For example, Multi-agency audit of neglect cases, or a national review's title",
        max_length=200,
    )
    source_year = forms.IntegerField(
        label="Year of the source",
        help_text="For example, 2025",
        error_messages={
            "required": "Enter the year of the source",
            "invalid": "The year must be a number, like 2025",
        },
    )
    text = text_field("Recommendation", "Enter the recommendation")
    to_board = forms.BooleanField(label="Addressed to the Board", required=False)
    agencies = _checkboxes(
        "Addressed to these agencies",
        help_text="Select all that apply. Agencies can plan actions for it straight away",
    )
    themes = _checkboxes("Themes")
    smart_outcome = text_field(
        "Specific outcome",
        "Enter the specific outcome",
        help_text="What will be different, and for whom",
    )
    smart_measure = text_field(
        "Measure",
        "Enter how progress will be measured",
        help_text="How progress will be measured, for example a monthly audit of 20 records",
    )
    smart_owner = text_field(
        "Owner",
        "Enter who owns the recommendation",
        help_text="A named role, for example Named nurse for safeguarding",
        max_length=200,
    )
    smart_timescale = text_field(
        "Timescale",
        "Enter the timescale",
        help_text="For example, by March 2027",
        max_length=200,
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet,
        themes: QuerySet,
        this_year: int,
        checking: bool = False,
        **kwargs: Any,
    ) -> None:
        """`checking`: the person asked to check for similar recommendations, so only the
        recommendation's text is needed; the rest is kept as typed and checked when they add it."""
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["themes"].queryset = themes
        self.this_year = this_year
        if checking:
            for name, field in self.fields.items():
                field.required = name == "text"

    def clean_source_year(self) -> int | None:
        year = self.cleaned_data["source_year"]
        if year is not None and not EARLIEST_YEAR <= year <= self.this_year:
            raise forms.ValidationError(
                f"The year must be between {EARLIEST_YEAR} and {self.this_year}"
            )
        return year


# Annual figures -------------------------------------------------------------------------------


class AnnualForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Year",
        coerce=int,
        error_messages={"invalid_choice": "Choose a year from the list"},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
