from django import forms

from manx_learning.core.selectors import audit_object_types, audit_verbs


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label="Who", required=False, help_text="Part of an email address, or ‘system’"
    )
    verb = forms.ChoiceField(label="What happened", required=False)
    object_type = forms.ChoiceField(label="Kind of record", required=False)
    text = forms.CharField(label="Record contains", required=False)
    date_from = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 27/3/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        help_text="For example, 31/3/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", "Anything")] + [(v, v) for v in audit_verbs()]
        self.fields["object_type"].choices = [("", "Any")] + [(t, t) for t in audit_object_types()]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data
