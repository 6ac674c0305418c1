"""Helpers every QA page uses."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from manx_learning.accounts.models import Agency
from manx_learning.vocabulary import selectors as vocabulary_selectors

PAGE_SIZE = 25


def query_without(request: HttpRequest, *names: str) -> str:
    """The page's query string without paging/format, for pagination and download links."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def tag_choices() -> dict[str, Any]:
    """Active agencies, themes and current priorities, for tagging."""
    return {
        "agencies": Agency.objects.filter(is_active=True).order_by("name"),
        "themes": vocabulary_selectors.active_themes(),
        "priorities": vocabulary_selectors.current_priorities(),
    }
