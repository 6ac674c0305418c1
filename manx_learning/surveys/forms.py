"""Forms for surveys. They check the shape of answers; rules that need other rows (publishing,
retests, who may do what) live in `services`."""

from typing import Any

from django import forms

from manx_learning.accounts.models import Agency, Role
from manx_learning.core.formkit import (
    DATE_FORMATS,
    EXAMPLE_DATE,
    date_field,
    date_initial,
    text_field,
)
from manx_learning.surveys.models import (
    MAX_TEXT_ANSWER,
    SCALE_VALUES,
    Audience,
    Question,
    QuestionKind,
    Survey,
)
from manx_learning.surveys.protection import HONEYPOT_FIELD, STARTED_FIELD
from manx_learning.vocabulary import selectors as vocabulary_selectors


def _optional_date(label: str) -> forms.DateField:
    return forms.DateField(
        label=f"{label} (optional)",
        help_text=f"For example, {EXAMPLE_DATE}",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": f"{label} must be a real date, written like {EXAMPLE_DATE}"},
    )


def _checkboxes(label: str, queryset: Any, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


class SurveyForm(forms.Form):
    title = text_field("Title", "Enter a title", max_length=200)
    audience = forms.ChoiceField(
        label="Who is the survey for?",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the survey is for"},
    )
    intro = text_field(
        "Introduction",
        "Enter an introduction",
        help_text="In plain words: why you are asking, how long it takes, and that answers are "
        "anonymous",
    )
    why_identifying = text_field(
        "Why the survey asks for identifying details (optional)",
        help_text="Needed only if a question asks for a name, contact details or anything else "
        "that could identify someone",
    )
    opens_on = date_field("Opening date", "Enter the opening date")
    closes_on = date_field("Closing date", "Enter the closing date")
    retest_due_on = _optional_date("Retest due")
    agencies = _checkboxes(
        "Agencies it is about", Agency.objects.filter(is_active=True), "Leave empty for Board-wide"
    )
    themes = _checkboxes("Themes", vocabulary_selectors.active_themes())
    priorities = _checkboxes("Board priorities", vocabulary_selectors.current_priorities())

    @staticmethod
    def initial_for(survey: Survey) -> dict[str, Any]:
        return {
            "title": survey.title,
            "audience": survey.audience,
            "intro": survey.intro,
            "why_identifying": survey.why_identifying,
            "opens_on": date_initial(survey.opens_on),
            "closes_on": date_initial(survey.closes_on),
            "retest_due_on": date_initial(survey.retest_due_on) if survey.retest_due_on else "",
            "agencies": list(survey.agencies.all()),
            "themes": list(survey.themes.all()),
            "priorities": list(survey.priorities.all()),
        }


class QuestionForm(forms.Form):
    text = text_field("Question", "Enter the question", max_length=300)
    kind = forms.ChoiceField(
        label="Type of answer",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of answer"},
    )
    help_text = text_field(
        "Hint (optional)", help_text="A short explanation shown under the question", max_length=300
    )
    choices = text_field(
        "Options to choose from", help_text="For 'choose' questions only: one option on each line"
    )
    required = forms.BooleanField(label="People must answer this question", required=False)
    group_by = forms.BooleanField(
        label="Split the results by this question",
        required=False,
        help_text="For a 'choose one option' question such as 'Which agency do you work for?'",
    )
    asks_identifying = forms.BooleanField(
        label="This question asks for details that could identify someone",
        required=False,
        help_text="Such questions are always optional, and the survey must say why it asks",
    )

    def clean_choices(self) -> list[str]:
        return [line for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "text": question.text,
            "kind": question.kind,
            "help_text": question.help_text,
            "choices": "\n".join(question.choices),
            "required": question.required,
            "group_by": question.group_by,
            "asks_identifying": question.asks_identifying,
        }


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


class RetestForm(forms.Form):
    title = text_field("Title", "Enter a title", max_length=200)
    opens_on = date_field("Opening date", "Enter the opening date")
    closes_on = date_field("Closing date", "Enter the closing date")


# The public form ---------------------------------------------------------------------------------


def _scale_field(question: Question, label: str) -> forms.Field:
    choices = [(str(v), text) for v, text in zip(SCALE_VALUES, question.labels, strict=True)]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how much you agree"},
    )


def _answer_field(question: Question, number: int) -> forms.Field:
    label = f"{number}. {question.text}" + ("" if question.required else " (optional)")
    if question.kind == QuestionKind.SCALE:
        field = _scale_field(question, label)
    elif question.kind == QuestionKind.SINGLE:
        field = forms.ChoiceField(
            label=label,
            choices=[(c, c) for c in question.choices],
            widget=forms.RadioSelect,
            error_messages={"required": "Select an answer"},
        )
    elif question.kind == QuestionKind.MULTIPLE:
        field = forms.MultipleChoiceField(
            label=label,
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Select at least one answer"},
        )
    else:
        field = forms.CharField(
            label=label,
            max_length=MAX_TEXT_ANSWER,
            widget=forms.Textarea,
            error_messages={
                "required": "Enter your answer",
                "max_length": f"Your answer must be {MAX_TEXT_ANSWER} characters or fewer",
            },
        )
    field.required = question.required
    hint = question.help_text
    if question.kind == QuestionKind.TEXT:
        hint = f"{hint} You can write up to {MAX_TEXT_ANSWER} characters.".strip()
    field.help_text = hint
    return field


class ResponseForm(forms.Form):
    """One field per question (`q_<id>`), plus the hidden bot checks."""

    def __init__(self, *args: Any, questions: list[Question], started: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, 1):
            self.fields[f"q_{question.pk}"] = _answer_field(question, number)
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields[STARTED_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=started
        )

    def answer_fields(self) -> list[Any]:
        return [self[f"q_{q.pk}"] for q in self.questions]

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}
