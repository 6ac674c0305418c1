"""Small helpers every form view uses: one place for how a view hands a form's answers to a
service and shows the service's errors on the form."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
    """Call a service; on a ValidationError put its messages on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error, fields)
        return None


def save_with(form: forms.Form, service: Callable[..., Any], **kwargs: Any) -> Any:
    """Call one service with the form's answers (plus `kwargs`), as `call_service` does."""
    return call_service(form, service, **kwargs, **form.cleaned_data)
