"""Forms for conducting a review. They check the shape of what people type; the rules that
need other rows (stages, who may do what, what approval needs) live in `services`."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from manx_learning.actions.models import ResponseKind
from manx_learning.core.formkit import date_field, text_field
from manx_learning.reviews.models import (
    ChronologyEntry,
    FindingKind,
    IdentifierCategory,
    PublicationChoice,
    ReportVersionKind,
    RequestKind,
)

ALL_THAT_APPLY = "Select all that apply"


def _checkboxes(label: str, queryset: QuerySet, help_text: str = ALL_THAT_APPLY) -> Any:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# Gathering ------------------------------------------------------------------------------------


class RequestReportsForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you asking for?",
        choices=[
            (RequestKind.REPORT, "Agency reports"),
            (RequestKind.CHRONOLOGY, "Agency chronologies"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are asking for"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=ALL_THAT_APPLY,
        error_messages={"required": "Choose at least one agency"},
    )
    due = date_field("Due date", "Enter the date the agencies must reply by")

    def __init__(self, *args: Any, agencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies


class LearningEventForm(forms.Form):
    held_on = date_field("Date of the learning event", "Enter the date of the learning event")
    attendees = text_field(
        "Who attended, by agency and role",
        "Enter who attended, by agency and role",
        help_text="One line each, for example: Police – 2 officers; Health – school nurse",
    )
    agencies = _checkboxes("Agencies that took part", queryset=None)
    learning = text_field("What was learned", "Enter what was learned")

    def __init__(self, *args: Any, agencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies


class FamilyContactForm(forms.Form):
    contact_on = date_field("Date of the contact", "Enter the date of the contact")
    who = text_field(
        "Who was contacted",
        "Enter who was contacted, by pseudonym or relationship",
        help_text="By pseudonym or relationship, for example Mother or Child J",
        max_length=150,
    )
    method = text_field(
        "How",
        "Enter how the contact was made",
        help_text="For example, home visit, letter or phone call",
        max_length=100,
    )
    summary = text_field("Summary", "Enter a summary of the contact")


# Findings and recommendations -----------------------------------------------------------------


class _ChronologyChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ChronologyEntry) -> str:
        day = obj.occurred_on
        event = " ".join(obj.event.split())
        short = event[:80] + ("…" if len(event) > 80 else "")
        return f"{day.day} {day:%B %Y} – {obj.agency.name} – {short}"


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is learning or good practice"},
    )
    title = text_field(
        "Title",
        "Enter a title for the finding",
        help_text="A short summary, for example Information about ED attendances was not shared",
        max_length=200,
    )
    text = text_field("The finding", "Enter the finding")
    themes = _checkboxes("Themes", queryset=None)
    agencies = _checkboxes("Agencies concerned", queryset=None)
    chronology_entries = _ChronologyChoice(
        label="Chronology entries this finding draws on",
        queryset=ChronologyEntry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The key practice episodes and flagged entries of the chronology. "
        + ALL_THAT_APPLY,
    )

    def __init__(
        self, *args: Any, themes: QuerySet, agencies: QuerySet, entries: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
        self.fields["agencies"].queryset = agencies
        self.fields["chronology_entries"].queryset = entries


class GoodPracticeStatementForm(forms.Form):
    reason = text_field(
        "Why was no good practice found?",
        "Enter why no good practice was found",
        help_text="Reviews are about learning, not blame. Say what the reviewer looked for.",
    )


class RecommendationForm(forms.Form):
    text = text_field("Recommendation", "Enter the recommendation")
    to_board = forms.BooleanField(label="Addressed to the Board", required=False)
    agencies = _checkboxes(
        "Addressed to these agencies",
        queryset=None,
        help_text="Each agency you choose will be asked for a formal response",
    )
    findings = _checkboxes("Findings it responds to", queryset=None)
    themes = _checkboxes("Themes", queryset=None)
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
        findings: QuerySet,
        themes: QuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["findings"].queryset = findings
        self.fields["themes"].queryset = themes


class RecommendationResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Your agency's response",
        choices=ResponseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your agency's response"},
    )
    reasons = text_field(
        "Reasons",
        "Enter the reasons for your response",
        help_text="What your agency will do, or why it will not",
    )


# The report and approval ----------------------------------------------------------------------


class ReportVersionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of version",
        choices=ReportVersionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is a draft or the final report"},
    )
    document = forms.FileField(
        label="Upload the report",
        required=False,
        help_text=(
            "A Word document (.docx), a PDF with a text layer, or a Markdown or text file. Its "
            "headings, paragraphs, lists and tables are kept when it is published."
        ),
    )
    text = forms.CharField(
        label="Or write the report here",
        required=False,
        widget=forms.Textarea,
        help_text=(
            "Leave a blank line between paragraphs. Start a heading with #, a list item with - "
            "or 1., and write a table as | cell | cell | rows."
        ),
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example, what changed since the last version",
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )


class SignOffForm(forms.Form):
    signed_on = date_field("Date of sign-off", "Enter the date the Panel signed the report off")


class ApprovalForm(forms.Form):
    approved_on = date_field("Date of approval", "Enter the date the Board approved the report")
    publication = forms.ChoiceField(
        label="Publication decision",
        choices=PublicationChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the report will be published"},
    )
    reasons = forms.CharField(
        label="Reasons for not publishing in full",
        required=False,
        widget=forms.Textarea,
        help_text="Needed if the report will not be published in full",
    )
    outstanding_reasons = forms.CharField(
        label="Why the Board approves without the outstanding agency requests",
        required=False,
        widget=forms.Textarea,
        help_text="Needed while any agency request is outstanding. They stay on the agencies' "
        "dashboards until answered or withdrawn.",
    )


# The identifier register ----------------------------------------------------------------------


class RegisterPersonForm(forms.Form):
    pseudonym = text_field(
        "Pseudonym",
        "Enter the pseudonym used in the report",
        help_text="As used in the report, for example Child J or Mother",
        max_length=80,
    )
    names = text_field(
        "Names and aliases",
        "Enter at least one name",
        help_text="One per line: full names, first names, nicknames and other spellings",
    )

    def clean_names(self) -> list[str]:
        return _lines(self.cleaned_data["names"])


class RegisterIdentifierForm(forms.Form):
    replacement = forms.ChoiceField(
        label="Kind of identifier",
        choices=[("", "Choose a kind"), *IdentifierCategory.choices],
        error_messages={"required": "Choose the kind of identifier"},
    )
    values = text_field(
        "Values",
        "Enter at least one value",
        help_text="One per line, for example each address or phone number as it is written",
    )

    def clean_values(self) -> list[str]:
        return _lines(self.cleaned_data["values"])
