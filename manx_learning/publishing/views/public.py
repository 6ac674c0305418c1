"""The public site: the library of published learning, each item's page and PDF, the Atom feed,
the "new learning" digest and the Manx Learning page. No sign-in.

Every item is looked up through `selectors.public_items()`, so an unpublished, withdrawn or
unknown slug gets the same 404 and URL guessing reveals nothing."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from manx_learning.core.uploads import download_response
from manx_learning.publishing import selectors
from manx_learning.publishing.feeds import absolute_url
from manx_learning.publishing.forms.public import DigestForm, LibraryFilterForm
from manx_learning.publishing.models import PublishedItem

LIBRARY_PAGE_SIZE = 20


def _public_item(slug: str) -> PublishedItem:
    return get_object_or_404(selectors.public_items().prefetch_related("themes"), slug=slug)


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm.tolerant(request.GET)
    filters = form.filters()
    items = selectors.public_library(**filters)
    page = Paginator(items, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.data.copy() if form.is_bound else request.GET.copy()
    query.pop("page", None)
    context = {"filter_form": form, "page": page, "filtered": bool(filters)}
    context["query"] = query.urlencode()
    return render(request, "publishing/public/library.html", context)


@require_GET
def item(request: HttpRequest, slug: str) -> HttpResponse:
    found = _public_item(slug)
    return render(request, "publishing/public/item.html", {"item": found})


@require_GET
def pdf(request: HttpRequest, slug: str) -> HttpResponse:
    found = _public_item(slug)
    if not found.pdf:
        raise Http404
    return download_response(found.pdf, filename=f"{found.slug}.pdf")


def _digest_context(request: HttpRequest) -> dict[str, object]:
    days = DigestForm(request.GET).days_or_default()
    items = selectors.public_items_since(since=timezone.now() - timedelta(days=days))
    # Full links, so the digest still works once pasted into an e-mail.
    entries = [
        (entry, absolute_url(reverse("publishing:item", args=[entry.slug]))) for entry in items
    ]
    library_url = absolute_url(reverse("publishing:library"))
    return {"days": days, "entries": entries, "library_url": library_url}


@require_GET
def digest(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/public/digest.html", _digest_context(request))


@require_GET
def digest_text(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publishing/public/digest.txt",
        _digest_context(request),
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/public/about.html")


# The fixed pages come before `<slug>/`, so an item can never hide them.
