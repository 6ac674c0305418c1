"""Forms for 7-minute briefings. They check the shape of answers; who may do what, and rules
that need other rows, live in `services`."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from manx_learning.accounts.models import Agency, Role
from manx_learning.core.formkit import DATE_FORMATS, EditTokenMixin, text_field
from manx_learning.publishing.models import AudienceGroup
from manx_learning.reviews.models import Review


class _ReviewChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} {obj.title}"


class BriefingStartForm(forms.Form):
    review = _ReviewChoice(
        label="Review to draft it from",
        queryset=Review.objects.none(),
        required=False,
        empty_label="None: start a blank briefing",
        help_text="The draft is filled from the review's findings and recommendations",
    )
    title = text_field("Title", help_text="Only for a blank briefing", max_length=200)

    def __init__(self, *args: Any, reviews: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("review") and not data.get("title", "").strip() and not self.errors:
            self.add_error("title", "Choose a review or enter a title for a blank briefing")
        return data


class BriefingForm(EditTokenMixin):
    title = text_field("Title", "Enter a title", max_length=200)
    background = text_field("Background", "Enter the background")
    why_it_matters = text_field("Why it matters", "Enter why it matters")
    key_learning = text_field("Key learning", "Enter the key learning")
    what_worked_well = text_field("What worked well", "Enter what worked well")
    what_to_think_about = text_field("What to think about", "Enter what to think about")
    what_to_do = text_field("What to do", "Enter what to do")
    further_reading = text_field("Further reading (optional)")
    question_1 = text_field("Reflective question 1", "Enter reflective question 1", max_length=300)
    question_2 = text_field("Reflective question 2", "Enter reflective question 2", max_length=300)
    question_3 = text_field("Reflective question 3", "Enter reflective question 3", max_length=300)


class PublishForm(forms.Form):
    summary = text_field(
        "Summary",
        "Enter a summary",
        help_text="One or two sentences shown in the public library",
    )
    audience = forms.ChoiceField(
        label="Who is it about?",
        choices=AudienceGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the briefing is about"},
    )


class SendForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies",
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one agency"},
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one role"},
    )


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the team session",
        help_text="For example, 27/3/2027",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date of the team session",
            "invalid": "Date of the team session must be a real date, written like 27/3/2027",
        },
    )
    attendees = forms.IntegerField(
        label="Number of people who attended",
        min_value=1,
        max_value=10000,
        error_messages={
            "required": "Enter the number of people who attended",
            "invalid": "Number of people who attended must be a whole number, like 12",
            "min_value": "Number of people who attended must be 1 or more",
            "max_value": "Number of people who attended must be 10,000 or fewer",
        },
    )
    notes = text_field("Notes (optional)", help_text="For example, what the team discussed")

    def clean_held_on(self) -> date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("Date of the team session must be today or in the past")
        return held_on


class AcknowledgeForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read this briefing",
        error_messages={"required": "Confirm that you have read this briefing"},
    )
    answer_1 = text_field("Answer 1", "Answer the first question")
    answer_2 = text_field("Answer 2", "Answer the second question")
    answer_3 = text_field("Answer 3", "Answer the third question")

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, 1):
            self.fields[f"answer_{number}"].label = question

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{n}"] for n in (1, 2, 3)]


class ChangesForm(forms.Form):
    changes = text_field(
        "What your agency will change",
        "Enter what your agency will change",
        help_text="What practitioners will do differently, and how you will know",
    )
