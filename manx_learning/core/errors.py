from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/errors/403.html", status=403)


class Gone(Http404):
    """A 404 whose message is written for the person who asked (Django's own 404 messages are
    for developers and are never shown)."""


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if isinstance(exception, Gone) else ""
    return render(request, "core/errors/404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database itself.
    return HttpResponse(render_to_string("core/errors/500.html"), status=500)
