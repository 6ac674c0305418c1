"""Forms for the anonymisation review screen and the publication gate (shape only: the rules
live in services)."""

from typing import Any

from django import forms

from manx_learning.publishing.models import AudienceGroup, SpanDecision
from manx_learning.vocabulary import selectors as vocabulary_selectors


class DecisionsForm(forms.Form):
    """One Replace/Keep question per detected span; unanswered questions are left open."""

    def __init__(self, *args: Any, spans: list[tuple[int, dict[str, Any]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for number, (index, span) in enumerate(spans, 1):
            self.fields[f"span_{index}"] = forms.ChoiceField(
                label=f"{number}. “{span['original']}” ({span['category']})",
                choices=[
                    (SpanDecision.ACCEPT, f"Replace with {span['replacement']}"),
                    (SpanDecision.REJECT, "Keep the original text"),
                ],
                widget=forms.RadioSelect,
                required=False,
                help_text=span.get("note", ""),
            )

    def decisions(self) -> dict[int, str]:
        return {
            int(name.removeprefix("span_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class MissedTextForm(forms.Form):
    text = forms.CharField(
        label="Text the anonymiser missed",
        max_length=300,
        help_text="Copy it exactly as it appears in the report. Every occurrence is replaced.",
        error_messages={"required": "Enter the text the anonymiser missed"},
    )
    replacement = forms.CharField(
        label="Replace it with",
        max_length=40,
        initial="[redacted]",
        help_text="For example, [name], [address] or a pseudonym",
        error_messages={"required": "Enter what to replace the text with"},
    )


class PublishForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter a title for the published report"}
    )
    summary = forms.CharField(
        widget=forms.Textarea,
        help_text="A short summary for the list of published learning",
        error_messages={"required": "Enter a summary"},
    )
    audience = forms.ChoiceField(
        label="Who is the learning about?",
        choices=AudienceGroup.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the learning is about"},
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=vocabulary_selectors.active_themes(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
