from typing import Any

from django import forms

from manx_learning.accounts.models import Agency
from manx_learning.reviews.models import Review

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class ChronologyFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )
    date_from = forms.DateField(
        label="From", required=False, input_formats=DATE_FORMATS, help_text="For example, 1/3/2025"
    )
    date_to = forms.DateField(
        label="To", required=False, input_formats=DATE_FORMATS, help_text="For example, 31/8/2025"
    )
    key_only = forms.BooleanField(label="Key practice episodes only", required=False)
    flagged_only = forms.BooleanField(label="Flagged entries only", required=False)
    gap_days = forms.IntegerField(
        label="Show gaps in contact longer than (days)",
        required=False,
        min_value=1,
        max_value=3650,
        error_messages={"min_value": "Enter a number of days of 1 or more"},
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(
            pk__in=review.chronology.values("agency")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data


class ChronologyImportForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Which agency's chronology is this?",
        queryset=Agency.objects.none(),
        empty_label="Choose the agency",
        error_messages={"required": "Choose the agency the chronology came from"},
    )
    file = forms.FileField(
        label="Chronology file",
        help_text=(
            "A CSV or Excel (.xlsx) file with the columns date, time, agency, source, event and "
            "practitioner. Time and practitioner can be left empty. Dates like 03/04/2025 are read "
            "as 3 April 2025."
        ),
        error_messages={"required": "Choose a chronology file"},
    )
    agency_confirmed = forms.BooleanField(
        label="Yes, this is the chosen agency's chronology",
        required=False,
        help_text="Only if its agency column names the agency differently (each entry keeps "
        "that as its label)",
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)


class EntryAnnotationForm(forms.Form):
    is_key_episode = forms.BooleanField(label="This is a key practice episode", required=False)
    flagged = forms.BooleanField(
        label="Flag this entry", required=False, help_text="For example, to come back to it"
    )
    analysis = forms.CharField(
        label="Analysis note", required=False, widget=forms.Textarea, max_length=5000
    )
