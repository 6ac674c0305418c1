"""Forms for audit tools, programmes, case audits and moderation. They check the shape of what
people type; rules that need other rows (locking, sample sizes, pseudonymous references,
escalation, moderation reasons) live in `services`."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from manx_learning.audits.models import AuditProgramme, CaseAudit, GradingScale, ProgrammeKind
from manx_learning.core.formkit import date_field, text_field


class _ScaleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}: {', '.join(g.label for g in obj.grades.all())}"


class ToolForm(forms.Form):
    name = text_field("Name of the tool", "Enter the name of the tool", max_length=150)
    purpose = text_field(
        "Purpose", "Enter the purpose of the tool", help_text="What the audit will test, and why"
    )
    scale = _ScaleChoice(
        label="Grading scale",
        queryset=GradingScale.objects.prefetch_related("grades"),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the grading scale"},
    )
    escalation_text = text_field(
        "What happens when a section is graded Inadequate",
        "Enter what happens when a section is graded Inadequate",
        help_text="Shown to the auditor and sent to the people notified",
    )
    notify_agency_lead = forms.BooleanField(
        label="Notify the audited agency's leads", required=False, initial=True
    )
    notify_business_unit = forms.BooleanField(
        label="Notify the business unit", required=False, initial=True
    )
    notify_emails = text_field(
        "Other people to notify (optional)", help_text="E-mail addresses, one a line"
    )


class SectionForm(forms.Form):
    title = text_field("Section title", "Enter the section title", max_length=100)
    guidance = text_field(
        "Guidance (optional)", help_text="What auditors should look for", max_length=300
    )


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(
        label="Section",
        queryset=None,
        empty_label="Choose a section",
        error_messages={"required": "Choose the section the question belongs to"},
    )
    text = text_field("Question", "Enter the question", max_length=300)

    def __init__(self, *args: Any, sections: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections


class ScaleForm(forms.Form):
    name = text_field("Name of the scale", "Enter the name of the scale", max_length=100)
    description = text_field("Description (optional)", max_length=300)
    grades = text_field(
        "Grades", "Enter the grades", help_text="One a line, best first, for example Met"
    )
    good_or_better = forms.IntegerField(
        label="How many of the top grades count as good or better?",
        min_value=1,
        error_messages={"required": "Enter how many grades count as good or better"},
    )
    inadequate = forms.IntegerField(
        label="How many of the lowest grades set off escalation?",
        min_value=0,
        initial=1,
        error_messages={"required": "Enter how many grades set off escalation (0 for none)"},
    )

    def clean_grades(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["grades"].splitlines() if line.strip()]


class _Checkboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ProgrammeDatesForm(forms.Form):
    audit_starts = date_field("Audit window opens", "Enter the date the audit window opens")
    audit_ends = date_field("Audit window closes", "Enter the date the audit window closes")
    moderation_on = date_field(
        "Date of the moderation meeting", "Enter the date of the moderation meeting"
    )
    retest_on = date_field("Retest date", "")
    retest_on.required = False
    retest_on.help_text = "Leave empty for six months after the moderation meeting"


class ProgrammeForm(ProgrammeDatesForm):
    title = text_field("Title", "Enter the title of the audit", max_length=200)
    tool = forms.ModelChoiceField(
        label="Audit tool",
        queryset=None,
        empty_label="Choose a tool",
        error_messages={"required": "Choose the audit tool"},
    )
    kind = forms.ChoiceField(
        label="Kind of audit",
        choices=ProgrammeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of audit"},
    )
    agencies = _Checkboxes(
        label="Agencies taking part",
        queryset=None,
        error_messages={"required": "Choose the agencies taking part"},
    )
    sample_size = forms.IntegerField(
        label="Cases per agency",
        min_value=1,
        max_value=50,
        help_text="How many cases each agency audits",
        error_messages={
            "required": "Enter how many cases each agency audits",
            "min_value": "Each agency must audit at least 1 case",
            "max_value": "Each agency can audit up to 50 cases",
        },
    )
    theme = forms.ModelChoiceField(
        label="Theme (optional)", queryset=None, required=False, empty_label="No theme"
    )
    priorities = _Checkboxes(label="Board priorities (optional)", queryset=None, required=False)
    field_order = ["title", "tool", "kind", "agencies", "sample_size", "theme", "priorities"]

    def __init__(self, *args: Any, tools, agencies, themes, priorities, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = tools
        self.fields["agencies"].queryset = agencies
        self.fields["theme"].queryset = themes
        self.fields["priorities"].queryset = priorities


class RetestForm(ProgrammeDatesForm):
    title = text_field("Title", "Enter the title of the retest", max_length=200)
    field_order = ["title"]


class CaseAddForm(forms.Form):
    case_reference = forms.CharField(
        label="Case reference",
        max_length=30,
        help_text="Your agency's pseudonymous audit reference, like NG-2026-014. Never a name, "
        "NHS number or date of birth",
        error_messages={
            "required": "Enter the case reference",
            "max_length": "The case reference must be 30 characters or fewer",
        },
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=None,
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency auditing the case"},
    )

    def __init__(self, *args: Any, agencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
            self.fields["agency"].widget = forms.HiddenInput()


def _grade_choices(programme: AuditProgramme) -> list[tuple[int, str]]:
    return [(g.pk, g.label) for g in programme.tool.scale.grades.all()]


class GradingForm(forms.Form):
    """One grade and one narrative per section of the tool. Everything is optional here: the
    service decides what a save or a submission needs."""

    def __init__(self, *args: Any, case_audit: CaseAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = list(case_audit.programme.tool.sections.prefetch_related("questions"))
        choices = _grade_choices(case_audit.programme)
        for section in self.sections:
            self.fields[f"section_{section.pk}_grade"] = forms.TypedChoiceField(
                label=f"Grade for {section.title}",
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"section_{section.pk}_narrative"] = text_field(
                f"Narrative for {section.title}",
                help_text="What you found in the records, and why it earns this grade",
            )

    def pairs(self) -> list[dict[str, Any]]:
        return [
            {
                "section": s,
                "grade": self[f"section_{s.pk}_grade"],
                "narrative": self[f"section_{s.pk}_narrative"],
            }
            for s in self.sections
        ]


class ModerateForm(forms.Form):
    """The moderated grade and note for each of a case's graded sections."""

    def __init__(self, *args: Any, case_audit: CaseAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _grade_choices(case_audit.programme)
        self.items = list(case_audit.grades.select_related("section", "grade", "moderated_grade"))
        for item in self.items:
            name = f"section_{item.section_id}"
            self.fields[f"{name}_grade"] = forms.TypedChoiceField(
                label=f"Moderated grade for {item.section.title}",
                choices=choices,
                coerce=int,
                initial=item.final_grade.pk,
            )
            self.fields[f"{name}_note"] = text_field(
                f"Moderation note for {item.section.title}",
                help_text="Needed if the grade changes: why the discussion changed it",
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": i,
                "grade": self[f"section_{i.section_id}_grade"],
                "note": self[f"section_{i.section_id}_note"],
            }
            for i in self.items
        ]


class ModerationRecordForm(forms.Form):
    held_on = date_field(
        "Date of the moderation meeting", "Enter the date of the moderation meeting"
    )
    attendees = text_field(
        "Who took part", "Enter who took part", help_text="By role and agency, not only names"
    )
    agencies = _Checkboxes(
        label="Agencies represented",
        queryset=None,
        error_messages={"required": "Choose the agencies that took part"},
    )
    good_practice = text_field("Good practice", "Enter the good practice the discussion found")
    areas_for_development = text_field("Areas for development", "Enter the areas for development")

    def __init__(self, *args: Any, agencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies


class AuditRecommendationForm(forms.Form):
    text = text_field("Recommendation", "Enter the recommendation")
    to_board = forms.BooleanField(label="Addressed to the Board", required=False)
    agencies = _Checkboxes(label="Agencies it is addressed to", queryset=None, required=False)
    smart_outcome = text_field(
        "Specific outcome", "Enter the outcome sought", help_text="What will be different"
    )
    smart_measure = text_field("Measure", "Enter how progress will be measured")
    smart_owner = text_field("Owner", "Enter who owns the recommendation", max_length=200)
    smart_timescale = text_field("Timescale", "Enter the timescale", max_length=200)

    def __init__(self, *args: Any, agencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
