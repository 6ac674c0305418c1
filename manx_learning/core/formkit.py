"""Small helpers every form view uses: one place for how a view hands a form's answers to a
service and shows the service's errors on the form."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from manx_learning.core.concurrency import EditConflict, edit_token, merge_theirs


def post_data(request: HttpRequest) -> Any:
    """The submitted data on POST, else None (an unbound form). Not `request.POST or None`, which
    treats an empty submission as no submission and hides its errors."""
    return request.POST if request.method == "POST" else None


def add_service_errors(
    form: forms.Form, error: ValidationError, fields: dict[str, str] | None = None
) -> None:
    """Put a service's errors on the fields they name (renamed through `fields` where the form
    calls them something else); anything else goes at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, problems)


def call_service(
    form: forms.Form,
    service: Callable[..., Any],
    fields: dict[str, str] | None = None,
    **kwargs: Any,
) -> Any:
    """Call a service; on a ValidationError put its messages on the form and return None. On an
    edit conflict the form also gets a fresh edit token, so saving again goes through."""
    try:
        return service(**kwargs)
    except EditConflict as conflict:
        form.data = form.data.copy()
        form.data[EDIT_TOKEN] = conflict.fresh_token
        merge_theirs(form.data, form.cleaned_data, conflict.changes)
        form.add_error(None, conflict.messages)
        return None
    except ValidationError as error:
        add_service_errors(form, error, fields)
        return None


EDIT_TOKEN = "edit_token"  # noqa: S105 - a form field name, not a secret


class EditTokenMixin(forms.Form):
    """An edit form's hidden edit token (`core.concurrency`): what the person saw."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)


def with_edit_token(initial: dict[str, Any], instance: Any, fields: tuple[str, ...]) -> dict:
    """A form's initial values plus the edit token for the record as it is now."""
    return initial | {EDIT_TOKEN: edit_token(instance, fields)}


# Form fields with GOV.UK wording -----------------------------------------------------------

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
EXAMPLE_DATE = "27/3/2026"


def date_initial(day: date) -> str:
    """A date written the way the date fields ask for it (27/3/2026)."""
    return f"{day.day}/{day.month}/{day.year}"


def date_field(label: str, required: str, example: str = EXAMPLE_DATE) -> forms.DateField:
    """A date typed as day/month/year, with GOV.UK messages for a missing or impossible date."""
    return forms.DateField(
        label=label,
        help_text=f"For example, {example}",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": required,
            "invalid": f"{label} must be a real date, written like {example}",
        },
    )


def text_field(
    label: str, required: str = "", help_text: str = "", max_length: int | None = None
) -> forms.CharField:
    """A text answer: one line when it has a length limit, otherwise a text area. It is optional
    unless given the message to show when it is left empty."""
    messages = {"required": required} if required else {}
    if max_length:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required),
        max_length=max_length,
        widget=forms.TextInput if max_length else forms.Textarea,
        error_messages=messages,
    )
