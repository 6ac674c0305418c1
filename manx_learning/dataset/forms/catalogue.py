"""Forms for the indicator catalogue and the analysis pages. They check the shape of what people
type; rules that involve more than one field or other rows live in `dataset/catalogue.py`."""

from typing import Any

from django import forms

from manx_learning.accounts.models import Agency
from manx_learning.core.formkit import EditTokenMixin, text_field
from manx_learning.dataset.models import Frequency, Improvement, Unit
from manx_learning.vocabulary.models import BoardPriority


def _number(label: str, help_text: str = "") -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages={"invalid": f"{label} must be a number, like 12 or 12.5"},
    )


def _radios(label: str, choices: list[tuple[str, str]], required: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label="Search by code, name or definition", required=False, max_length=100)
    priority = forms.ModelChoiceField(
        label="Board priority",
        queryset=BoardPriority.objects.none(),
        required=False,
        empty_label="Any priority",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Any agency",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )
    frequency = forms.ChoiceField(
        label="Frequency",
        required=False,
        choices=[("", "Any frequency"), *Frequency.choices],
        error_messages={"invalid_choice": "Choose a frequency from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = BoardPriority.objects.order_by("title")
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")

    def filters(self) -> dict[str, Any]:
        """The valid filters; anything invalid is ignored rather than shown as an error."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class IndicatorForm(EditTokenMixin):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="Short code used in files and the API, for example CP-03",
        error_messages={"required": "Enter the indicator's code"},
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the indicator's name"}
    )
    definition = text_field(
        "Plain-English definition",
        "Enter a plain-English definition",
        help_text="What is counted and why it matters, in words a Board member understands",
    )
    numerator_definition = text_field("Numerator", help_text="What is counted on top")
    denominator_definition = text_field(
        "Denominator", help_text="What it is divided by (leave empty for a simple count)"
    )
    unit = _radios("Unit", Unit.choices, "Choose the unit")
    frequency = _radios("Frequency", Frequency.choices, "Choose how often it is collected")
    improvement = _radios(
        "Improvement direction", Improvement.choices, "Choose which way is better"
    )
    target = _number("Target", "Optional. Assurance says whether the process reliably meets it")
    target_low = _number(
        "Healthy band: from",
        "Optional. For indicators where too low is also a warning, e.g. repeat plans 10 to 15%",
    )
    target_high = _number("Healthy band: to")
    owner_agency = forms.ModelChoiceField(
        label="Owner agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="No single owner",
    )
    reporting_agencies = forms.ModelMultipleChoiceField(
        label="Agencies that report it",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Leave empty if only the owner reports it",
    )
    priority = forms.ModelChoiceField(
        label="Board priority",
        queryset=BoardPriority.objects.none(),
        required=False,
        empty_label="Not linked to a priority",
    )
    disaggregations = forms.CharField(
        label="Breakdowns collected",
        required=False,
        max_length=300,
        help_text="Separate with commas, for example: age band, gender, category",
    )
    baseline_points = forms.IntegerField(
        label="Fix the limits after this many points",
        required=False,
        min_value=2,
        max_value=200,
        help_text="Optional. Leave empty to calculate the limits from every point",
        error_messages={
            "invalid": "The number of points must be a whole number, like 12",
            "min_value": "Fix the limits after at least 2 points, or leave it empty",
            "max_value": "Fix the limits after 200 points or fewer",
        },
    )
    is_published = forms.BooleanField(
        label="Publish as open data on the public site", required=False
    )
    is_active = forms.BooleanField(label="Still collected", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["owner_agency"].queryset = agencies
        self.fields["reporting_agencies"].queryset = agencies
        self.fields["priority"].queryset = BoardPriority.objects.order_by("-is_active", "title")

    def clean_disaggregations(self) -> list[str]:
        text = self.cleaned_data.get("disaggregations") or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class ReferenceValueForm(forms.Form):
    series = forms.CharField(
        label="Benchmark",
        max_length=100,
        help_text="For example, England average",
        error_messages={"required": "Enter the name of the benchmark"},
    )
    period = forms.CharField(
        label="Period",
        max_length=10,
        help_text="YYYY-MM for a month, YYYY-Qn for a quarter, YYYY for a year",
        error_messages={"required": "Enter the period"},
    )
    value = forms.FloatField(
        label="Value",
        error_messages={"required": "Enter the value", "invalid": "The value must be a number"},
    )
    source = forms.CharField(
        label="Source", max_length=200, required=False, help_text="Where the figure comes from"
    )


class ProcessChangeForm(forms.Form):
    period = forms.CharField(
        label="First period under the new process",
        max_length=10,
        help_text="YYYY-MM for a month, YYYY-Qn for a quarter, YYYY for a year",
        error_messages={"required": "Enter the first period under the new process"},
    )
    description = forms.CharField(
        label="What changed",
        max_length=300,
        help_text="For example, the MASH opened and began screening every police notification",
        error_messages={"required": "Describe what changed"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Every agency",
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()


class CommentaryForm(forms.Form):
    note = text_field(
        "Commentary",
        help_text="What explains this value? It is shown beside the chart",
    )
