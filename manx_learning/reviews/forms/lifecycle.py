"""Forms for a review's life from referral to commissioning. They check the shape of what people
type; rules that need other rows (stages, gaps, uniqueness) live in services."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from manx_learning.accounts.models import Agency, Role, User
from manx_learning.core.formkit import EditTokenMixin
from manx_learning.core.uploads import validate_upload
from manx_learning.reviews.models import (
    AbuseNeglect,
    AgeBand,
    Clock,
    FamilyInvolvement,
    Harm,
    Methodology,
    Outcome,
    ParallelKind,
    RequestKind,
    ReviewKind,
    Stage,
    SubjectCategory,
    Timescale,
)

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
YES_NO = [("yes", "Yes"), ("no", "No")]
OTHER_REVIEW_KINDS = [
    (value, label) for value, label in ReviewKind.choices if value != ReviewKind.SCMR
]
TIMESCALE_UNITS = Timescale._meta.get_field("unit").choices


class GovukDateField(forms.DateField):
    """A date typed into one text box as day/month/year. Dates are shown back the same way, so a
    page that is re-displayed (or opened with a default) can be saved without retyping."""

    def __init__(self, *, label: str, required_message: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 2/3/2026")
        messages = {"invalid": f"{label} must be a real date, like 2/3/2026"}
        if required_message:
            messages["required"] = required_message
        super().__init__(
            label=label,
            input_formats=DATE_FORMATS,
            required=bool(required_message),
            error_messages=messages,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return f"{value.day}/{value.month}/{value.year}"
        return value


def yes_no(label: str, message: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": message},
        **kwargs,
    )


def text_area(label: str, message: str = "", **kwargs: Any) -> forms.CharField:
    errors = {"required": message} if message else {}
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=bool(message),
        error_messages=errors,
        **kwargs,
    )


def active_agencies() -> Any:
    return Agency.objects.filter(is_active=True)


def people_with_role(role: str) -> Any:
    return User.objects.filter(is_active=True, role_grants__role=role).distinct()


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class PersonChoiceMixin:
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.agency.name})"


class PersonChoiceField(PersonChoiceMixin, forms.ModelChoiceField):
    pass


class PeopleChoiceField(PersonChoiceMixin, forms.ModelMultipleChoiceField):
    pass


# The list -------------------------------------------------------------------------------------


class ReviewFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices]
    )
    kind = forms.ChoiceField(
        label="Kind of review", required=False, choices=[("", "Any kind"), *ReviewKind.choices]
    )


# Referral -------------------------------------------------------------------------------------


class ReferralForm(forms.Form):
    title = forms.CharField(
        label="Case pseudonym",
        max_length=150,
        help_text="Do not use real names. For example, Child J or Family K",
        error_messages={"required": "Enter a pseudonym for the case"},
    )
    referral_date = GovukDateField(
        label="Date the referral was received",
        required_message="Enter the date the referral was received",
    )
    incident_date = GovukDateField(
        label="Date of the incident (optional)",
        help_text="If known. For example, 14/2/2026",
    )
    referrer_name = forms.CharField(
        label="Referring person",
        max_length=150,
        help_text="Name and role of the person making the referral",
        error_messages={"required": "Enter the name of the person making the referral"},
    )
    referral_source = forms.CharField(
        label="Where the referral came from",
        max_length=150,
        help_text="For example, a rapid review, a coroner, a single-agency review",
        error_messages={"required": "Enter where the referral came from"},
    )
    harm = forms.ChoiceField(
        label="Did the person die or were they seriously harmed?",
        choices=Harm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person died or was seriously harmed"},
    )
    abuse_neglect = forms.ChoiceField(
        label="Is abuse or neglect known or suspected?",
        choices=AbuseNeglect.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether abuse or neglect is known or suspected"},
    )
    agencies = AgencyChoiceField(
        label="Agencies involved",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select the agencies involved"},
    )
    concern = text_area(
        "Why agencies may not have worked well together",
        "Enter why agencies may not have worked well together",
    )
    family_wishes = text_area(
        "What the person and their family want (optional)",
        help_text="Their views on a review, if known",
    )
    subject_pseudonym = forms.CharField(
        label="Subject's pseudonym",
        max_length=80,
        help_text="The person at the centre of the case. For example, Child J",
        error_messages={"required": "Enter a pseudonym for the subject"},
    )
    subject_age_band = forms.ChoiceField(
        label="Subject's age",
        choices=[("", "Choose an age band"), *AgeBand.choices],
        error_messages={"required": "Choose the subject's age band"},
    )
    subject_category = forms.ChoiceField(
        label="The subject is a",
        choices=SubjectCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the subject is a child, young person or adult"},
    )
    parallel_kinds = forms.MultipleChoiceField(
        label="Parallel processes (optional)",
        choices=ParallelKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Other processes under way about the same events. Select all that apply",
    )
    parallel_detail = forms.CharField(
        label="About the parallel processes (optional)",
        max_length=300,
        widget=forms.Textarea,
        required=False,
        help_text="For example, who is leading them and when they are expected to finish",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = active_agencies()

    def subject(self) -> dict[str, str]:
        """The one subject a referral names, as the service takes subjects."""
        data = self.cleaned_data
        return {
            "pseudonym": data["subject_pseudonym"],
            "age_band": data["subject_age_band"],
            "category": data["subject_category"],
        }

    def parallel(self) -> list[dict[str, str]]:
        """One parallel process per kind ticked, each with the shared detail."""
        detail = self.cleaned_data["parallel_detail"]
        return [{"kind": kind, "detail": detail} for kind in self.cleaned_data["parallel_kinds"]]


# Where a service names a model field, the referral form shows it on this field.
REFERRAL_ERROR_FIELDS = {
    "subjects": "subject_pseudonym",
    "pseudonym": "subject_pseudonym",
    "age_band": "subject_age_band",
    "category": "subject_category",
    "kind": "parallel_kinds",
    "detail": "parallel_detail",
}


class SubjectForm(forms.Form):
    pseudonym = forms.CharField(
        label="Pseudonym",
        max_length=80,
        help_text="Do not use real names. For example, Sibling K",
        error_messages={"required": "Enter a pseudonym for the subject"},
    )
    age_band = forms.ChoiceField(
        label="Age",
        choices=[("", "Choose an age band"), *AgeBand.choices],
        error_messages={"required": "Choose the subject's age band"},
    )
    category = forms.ChoiceField(
        label="The subject is a",
        choices=SubjectCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the subject is a child, young person or adult"},
    )


class ParallelProcessForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of process",
        choices=ParallelKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of parallel process"},
    )
    detail = forms.CharField(
        label="Details (optional)",
        max_length=300,
        widget=forms.Textarea,
        required=False,
        help_text="For example, who is leading it and when it is expected to finish",
    )


# Requests to agencies -------------------------------------------------------------------------


class RequestSummariesForm(forms.Form):
    agencies = AgencyChoiceField(
        label="Agencies to ask",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select the agencies to ask for a summary"},
    )
    due = GovukDateField(
        label="Date the summaries are due",
        required_message="Enter the date the summaries are due",
    )

    def __init__(self, *args: Any, default_due: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = active_agencies()
        self.fields["due"].help_text = (
            f"The usual timescale makes them due on {date_format(default_due, 'j F Y')}. "
            "For example, 2/3/2026"
        )


class RequestWithdrawForm(forms.Form):
    withdrawn_reason = forms.CharField(
        label="Why is the request withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the request is withdrawn"},
        help_text="For example: the agency had no contact with the family in the period",
    )


class RequestSubmitForm(forms.Form):
    """An agency's submission. Chronologies may also come as the CSV or Excel file the review's
    chronology import reads."""

    DOCUMENTS = {"pdf", "docx"}
    SPREADSHEETS = {"csv", "xlsx"}

    text = text_area(
        "Your agency's submission",
        help_text="Write it here, attach a document, or both",
    )
    document = forms.FileField(
        label="Attach a document (optional)",
        required=False,
        help_text="A PDF or Word document (.docx)",
    )

    def __init__(self, *args: Any, kind: str = RequestKind.SUMMARY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = set(self.DOCUMENTS)
        if kind == RequestKind.CHRONOLOGY:
            self.allowed |= self.SPREADSHEETS
            self.fields["document"].help_text = (
                "A CSV or Excel (.xlsx) chronology with the columns date, time, agency, source, "
                "event and practitioner, or a PDF or Word document (.docx)"
            )

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document:
            kind = validate_upload(document, allowed=self.allowed)
            # Store it under the extension its content proves, whatever name the browser sent.
            stem = document.name.rsplit(".", 1)[0][:100] or "document"
            document.name = f"{stem}.{kind}"
        return document


# Screening and decision -----------------------------------------------------------------------


class ScreeningForm(forms.Form):
    serious_harm = yes_no(
        "Did the person die or were they seriously harmed?",
        "Select whether the person died or was seriously harmed",
    )
    abuse_or_neglect = yes_no(
        "Is abuse or neglect known or suspected?",
        "Select whether abuse or neglect is known or suspected",
    )
    interagency_concern = yes_no(
        "Is there concern about how agencies worked together?",
        "Select whether there is concern about how agencies worked together",
    )
    recommendation = forms.ChoiceField(
        label="Recommendation to the Panel",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a recommendation to the Panel"},
    )
    rationale = text_area(
        "Reasons for the recommendation", "Enter the reasons for the recommendation"
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="The Panel's decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the Panel's decision"},
    )
    review_kind = forms.ChoiceField(
        label="Kind of review (for another kind of review)",
        choices=[("", "Choose a kind of review"), *OTHER_REVIEW_KINDS],
        required=False,
        help_text="Only if the decision is another kind of review",
    )
    rationale = text_area("Rationale for the decision", "Enter the rationale for the decision")
    alternative_learning = text_area(
        "How the learning will be captured (for no review)",
        help_text="Required if the decision is no review",
    )
    decided_by = forms.CharField(
        label="Decided by",
        max_length=200,
        help_text="For example, SCMR Panel",
        error_messages={"required": "Enter who made the decision"},
    )
    decided_on = GovukDateField(
        label="Date of the decision",
        required_message="Enter the date of the decision",
    )


# Commissioning --------------------------------------------------------------------------------


class TermsForm(EditTokenMixin):
    scope_start = GovukDateField(
        label="Start of the period the review looks at", help_text="For example, 1/1/2025"
    )
    scope_end = GovukDateField(
        label="End of the period the review looks at", help_text="For example, 14/2/2026"
    )
    lines_of_enquiry = text_area("Key lines of enquiry")
    methodology = forms.ChoiceField(
        label="Methodology", choices=Methodology.choices, widget=forms.RadioSelect, required=False
    )
    methodology_detail = forms.CharField(
        label="About the methodology",
        max_length=200,
        required=False,
        help_text="Required if the methodology is ‘Other’",
    )
    reviewer_independence = text_area(
        "The reviewer's independence",
        help_text="Their relationship, if any, to the agencies and the people involved",
    )
    family_involvement = forms.ChoiceField(
        label="Involvement of the person and their family",
        choices=FamilyInvolvement.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    family_involvement_detail = text_area(
        "How they will be involved, or why not",
        help_text="Required if they declined or are not involved",
    )
    parallel_handling = text_area(
        "How parallel processes are handled",
        help_text="For example, agreements with the police or the coroner",
    )
    target_completion_date = GovukDateField(
        label="Target completion date",
        help_text="If you leave this blank, it will be 6 months after commissioning",
    )
    panel_members = PeopleChoiceField(
        label="Panel members overseeing the review",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies in scope",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The agencies the review will ask for reports and chronologies",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = people_with_role(Role.PANEL_MEMBER).select_related("agency")
        self.fields["panel_members"].queryset = members
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True)


class ReviewerForm(forms.Form):
    reviewer = PersonChoiceField(
        label="Reviewer",
        queryset=User.objects.none(),
        empty_label="Choose a reviewer",
        error_messages={"required": "Choose a reviewer"},
    )
    is_independent = yes_no(
        "Is the reviewer independent of the agencies involved?",
        "Select whether the reviewer is independent",
    )
    note = forms.CharField(
        label="About their independence (optional)",
        max_length=300,
        required=False,
        help_text="For example, any previous work with the agencies",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewers = people_with_role(Role.REVIEWER).select_related("agency")
        self.fields["reviewer"].queryset = reviewers


class CommissionForm(forms.Form):
    commissioned_on = GovukDateField(
        label="Date the review was commissioned",
        required_message="Enter the date the review was commissioned",
    )


# Settings -------------------------------------------------------------------------------------


class TimescalesForm(forms.Form):
    """Every clock's amount and unit, as `<clock>_amount` and `<clock>_unit`."""

    def __init__(self, *args: Any, current: dict[str, tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for clock in Clock:
            amount, unit = current[clock]
            self.fields[f"{clock}_amount"] = forms.IntegerField(
                label="Amount",
                min_value=1,
                max_value=365,
                initial=amount,
                error_messages={
                    "required": f"Enter the amount for: {clock.label.lower()}",
                    "invalid": f"The amount for {clock.label.lower()} must be a whole number",
                    "min_value": f"The amount for {clock.label.lower()} must be 1 or more",
                    "max_value": f"The amount for {clock.label.lower()} must be 365 or less",
                },
            )
            self.fields[f"{clock}_unit"] = forms.ChoiceField(
                label="Unit", choices=TIMESCALE_UNITS, initial=unit
            )

    def clocks(self) -> list[tuple[Any, Any, Any]]:
        return [(clock, self[f"{clock}_amount"], self[f"{clock}_unit"]) for clock in Clock]

    def changed(self, current: dict[str, tuple[int, str]]) -> list[tuple[str, int, str]]:
        data = self.cleaned_data
        rows = [(clock.value, data[f"{clock}_amount"], data[f"{clock}_unit"]) for clock in Clock]
        return [row for row in rows if current[row[0]] != (row[1], row[2])]


class ThemeForm(EditTokenMixin):
    name = forms.CharField(
        label="Name", max_length=100, error_messages={"required": "Enter the theme's name"}
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=300,
        required=False,
        help_text="What the theme covers, so people tag findings consistently",
    )
    is_active = forms.BooleanField(
        label="Active",
        required=False,
        initial=True,
        help_text="Inactive themes stay on past findings but cannot be chosen for new ones",
    )


def unique_name_error(error: ValidationError, name: str) -> ValidationError:
    """Say plainly that a theme name is taken, instead of the database's wording."""
    if hasattr(error, "error_dict") and any(
        e.code == "unique" for e in error.error_dict.get("name", [])
    ):
        return ValidationError(
            {"name": f"There is already a theme called ‘{name.strip()}’. Choose another name"}
        )
    return error
