"""Forms for action plans. They check the shape of what people type; the rules that need other
rows (who may plan, acceptance, tick-box actions, assurance) live in `services`."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from manx_learning.actions.models import ActionStatus, EvidenceKind, ImpactKind, Rag
from manx_learning.actions.services import LEAD_STATUSES
from manx_learning.core.formkit import date_field, text_field


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.agency.name})"


# Planning an action ---------------------------------------------------------------------------


class ActionForm(forms.Form):
    description = text_field(
        "What will be done",
        "Enter what will be done",
        help_text="Describe the change your agency will make",
    )
    # Shown only when the services find the description is a tick-box action.
    practice_change = text_field(
        "The change in practice you expect",
        help_text="What practitioners will do differently, and how you will measure it",
    )
    owner_agency = forms.ModelChoiceField(
        label="Agency that owns the action",
        queryset=None,
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that owns the action"},
    )
    lead = _PersonChoice(
        label="Lead person (optional)",
        queryset=None,
        required=False,
        empty_label="Not chosen",
        help_text="Choose them if they use Manx Learning: they can then update the action",
    )
    lead_name = text_field(
        "Lead person's name and role",
        help_text="For example, DI Lee, Public Protection Unit. Not needed if you chose them above",
        max_length=150,
    )
    due_date = date_field("Due date", "Enter the date the action is due")
    expected_outcome = text_field(
        "Expected outcome",
        "Enter the expected outcome",
        help_text="What will be different for children, adults or families",
    )
    impact_kind = forms.ChoiceField(
        label="How will you know it made a difference?",
        choices=ImpactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you will know the action made a difference"},
    )
    impact_measure = text_field(
        "The measure",
        "Enter how you will know the action made a difference",
        help_text="The indicator, the retest, or the check, and what result would show impact",
    )

    def __init__(self, *args: Any, agencies: QuerySet, leads: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies
        self.fields["lead"].queryset = leads

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("lead") and not data.get("lead_name") and "lead" not in self.errors:
            self.add_error("lead_name", "Enter the name of the lead person, or choose them")
        return data


# Updating an action ---------------------------------------------------------------------------


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in ActionStatus if s in LEAD_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status of the action"},
    )
    note = text_field("Progress note", help_text="What has happened since the last update")
    noted_on = date_field("Date of the update", "Enter the date of the update")
    closed_reason = text_field(
        "Reasons for closing the action",
        help_text="Needed if the action is closed as not achieved or superseded",
    )
    # The version the person saw, so a save made from an older view is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of evidence"},
    )
    description = text_field(
        "What the evidence shows",
        "Describe what the evidence shows",
        help_text="For example, Re-audit of 20 cases: 18 met the standard",
        max_length=300,
    )
    upload = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word (.docx), Excel (.xlsx) or CSV file, or a photo (PNG or JPEG)",
        error_messages={"required": "Choose a file", "empty": "The selected file is empty"},
    )


# The Panel ------------------------------------------------------------------------------------


class AssureForm(forms.Form):
    note = text_field("Assurance note (optional)", help_text="What the Panel saw that shows impact")
    assured_on = date_field("Date of assurance", "Enter the date the Panel assured the action")


class SendBackForm(forms.Form):
    reason = text_field(
        "Why is it being sent back?",
        "Enter why the action is being sent back",
        help_text="The agency will see this on the action's timeline",
    )


class MeetingForm(forms.Form):
    held_on = date_field("Date of the Panel meeting", "Enter the date of the Panel meeting")
    note = text_field("Note (optional)", max_length=300)


# Lists ----------------------------------------------------------------------------------------


# Open actions are never done, so the filter offers the other three.
OPEN_RAGS = [(rag.value, rag.label) for rag in (Rag.OVERDUE, Rag.DUE_SOON, Rag.ON_TRACK)]


class ActionFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=None, required=False, empty_label="All agencies"
    )
    rag = forms.ChoiceField(label="Progress", choices=[("", "Any"), *OPEN_RAGS], required=False)

    def __init__(self, *args: Any, agencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
