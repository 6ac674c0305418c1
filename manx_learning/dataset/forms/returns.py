"""Forms for returns: the upload, the key-in form (one row of fields per indicator), the business
unit's query and the agency's answer, the board's filters, and issuing an API token.

Forms check shape only; the return's rules (units, periods, numerators) are the import engine's,
so a value keyed in is checked exactly as one uploaded."""

from typing import Any

from django import forms

from manx_learning.accounts.models import Agency
from manx_learning.core.formkit import EditTokenMixin, text_field
from manx_learning.dataset.importing import RowError
from manx_learning.dataset.models import Indicator, ReturnStatus


class UploadForm(forms.Form):
    upload = forms.FileField(
        label="Upload the return",
        help_text="A CSV file or Excel workbook (.xlsx) with columns indicator, agency, period, "
        "value and optionally numerator, denominator and note – the template has them all.",
        error_messages={"required": "Choose a CSV file or Excel workbook to upload"},
    )


class QueryForm(forms.Form):
    question = text_field("Your question", "Enter your question about this value")


class AnswerForm(forms.Form):
    answer = text_field("Your answer", "Enter your answer to the query")


class BoardFilterForm(forms.Form):
    frequency = forms.ChoiceField(label="Frequency", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ReturnStatus.choices]
    )

    def __init__(self, *args: Any, frequencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = frequencies


class TokenForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency whose system will use the token"},
    )
    name = text_field(
        "System name",
        "Enter a name for the system that will use the token",
        help_text="For example, Mosaic case management",
        max_length=100,
    )


# The key-in form --------------------------------------------------------------------------------

PARTS = ("value", "numerator", "denominator", "note")


class KeyInForm(EditTokenMixin):
    """One row of fields per indicator: value, numerator, denominator and commentary. Blank rows
    are left out of the return; whatever is typed is passed to the engine as text. The edit
    token says what the return held when the form was drawn."""

    def __init__(
        self, *args: Any, indicators: list[Indicator], initial_rows: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            current = initial_rows.get(indicator.pk)
            for part in PARTS:
                name = f"{part}_{indicator.pk}"
                label = {
                    "value": f"{indicator.code} value ({indicator.get_unit_display().lower()})",
                    "numerator": f"{indicator.code} numerator",
                    "denominator": f"{indicator.code} denominator",
                    "note": f"{indicator.code} commentary",
                }[part]
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=4000 if part == "note" else 40,
                    widget=forms.Textarea if part == "note" else forms.TextInput,
                )
                self.fields[name] = field
                if current is not None:
                    value = getattr(current, part)
                    self.initial[name] = "" if value is None else _plain(value)

    def rows(self) -> list[dict[str, Any]]:
        """(indicator row) groups of bound fields, for the template."""
        return [
            {"indicator": i, **{part: self[f"{part}_{i.pk}"] for part in PARTS}}
            for i in self.indicators
        ]

    def entries(self) -> tuple[list[dict[str, Any]], list[Indicator]]:
        """The filled-in rows as engine records, and which indicator each one is."""
        entries, which = [], []
        for indicator in self.indicators:
            values = {part: self.cleaned_data.get(f"{part}_{indicator.pk}", "") for part in PARTS}
            if not any(str(value).strip() for value in values.values()):
                continue
            entries.append({"indicator": indicator.code, **values})
            which.append(indicator)
        return entries, which

    def add_row_errors(self, errors: list[RowError], which: list[Indicator]) -> None:
        for error in errors:
            if not 1 <= error.row <= len(which):
                self.add_error(None, error.message)
                continue
            indicator = which[error.row - 1]
            part = error.column if error.column in PARTS else "value"
            self.add_error(f"{part}_{indicator.pk}", f"{indicator.code}: {error.message}")


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
