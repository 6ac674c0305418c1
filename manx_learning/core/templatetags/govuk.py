"""Which GOV.UK Frontend component shows a form field or a message.

The shared includes (`includes/field.html`, `includes/field_anchor.html`,
`includes/messages.html`) test the booleans named here rather than comparing widget types or
message levels themselves."""

from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()

CHOICE_LISTS = {"radioselect", "checkboxselectmultiple"}
FILE_WIDGETS = {"clearablefile", "file"}
# GOV.UK text inputs: a password hides its value; numbers are typed as text with a numeric
# keyboard (the GOV.UK advice), so "number" becomes type="text" inputmode="numeric".
INPUT_TYPES = {"password": "password", "email": "email"}


@dataclass(frozen=True)
class FieldWidget:
    """A bound field's widget, as the GOV.UK component that shows it."""

    widget_type: str  # Django's BoundField.widget_type, e.g. "radioselect", "textinput"

    @property
    def is_choice_list(self) -> bool:
        """Radios or checkboxes in a fieldset, one input per choice."""
        return self.widget_type in CHOICE_LISTS

    @property
    def choice_module(self) -> str:
        """The GOV.UK component (and class prefix) of a choice list."""
        return "govuk-radios" if self.widget_type == "radioselect" else "govuk-checkboxes"

    @property
    def is_checkbox(self) -> bool:
        return self.widget_type == "checkbox"

    @property
    def is_select(self) -> bool:
        return self.widget_type == "select"

    @property
    def is_textarea(self) -> bool:
        return self.widget_type == "textarea"

    @property
    def is_file(self) -> bool:
        return self.widget_type in FILE_WIDGETS

    @property
    def input_type(self) -> str:
        return INPUT_TYPES.get(self.widget_type, "text")

    @property
    def is_numeric(self) -> bool:
        return self.widget_type == "number"

    @property
    def is_email(self) -> bool:
        return self.widget_type == "email"

    @property
    def shows_value(self) -> bool:
        """Whether the input is filled in again with what was typed (never a password)."""
        return self.widget_type != "password"


@register.filter
def govuk_widget(field: Any) -> FieldWidget:
    return FieldWidget(field.widget_type)


@register.filter
def is_success(message: Any) -> bool:
    """A success message is a green banner with role="alert"; others are "Important"."""
    return message.level_tag == "success"
