"""Reads for the public site. Every public page starts from `public_items()`, so nothing
unpublished or withdrawn can be listed, searched, fed or fetched by URL."""

from datetime import datetime

from django.db.models import Min, Q, QuerySet
from django.utils.html import escape

from manx_learning.publishing.models import AudienceGroup, PublishedItem
from manx_learning.vocabulary.models import Theme


def public_items() -> QuerySet[PublishedItem]:
    """Published, not withdrawn, newest first."""
    return PublishedItem.objects.public().order_by("-published_at", "-pk")


def public_library(
    *,
    year: int | None = None,
    kind: str = "",
    audience: str = "",
    theme: Theme | None = None,
    text: str = "",
) -> QuerySet[PublishedItem]:
    """The public library filtered as the reader asked. Items for both children and adults
    appear under either audience."""
    items = public_items()
    if year:
        items = items.filter(year=year)
    if kind:
        items = items.filter(kind=kind)
    if audience:
        items = items.filter(audience__in=[audience, AudienceGroup.BOTH])
    if theme:
        items = items.filter(themes=theme)
    for word in text.split():
        items = items.filter(_matches(word))
    return items.prefetch_related("themes")


def _matches(word: str) -> Q:
    # The body is stored as HTML built from escaped text, so "don't" is stored as "don&#x27;t":
    # search for the word as typed and as the publishing service escaped it.
    found = Q(title__icontains=word) | Q(summary__icontains=word) | Q(body_html__icontains=word)
    if escape(word) != word:
        found |= Q(body_html__icontains=escape(word))
    return found


def public_years() -> list[int]:
    return list(public_items().order_by("-year").values_list("year", flat=True).distinct())


def public_themes() -> QuerySet[Theme]:
    """Only themes that public items carry, so the filter never offers an empty choice."""
    ids = PublishedItem.themes.through.objects.filter(publisheditem__in=public_items()).values(
        "theme_id"
    )
    return Theme.objects.filter(pk__in=ids).order_by("name")


def public_items_since(*, since: datetime) -> QuerySet[PublishedItem]:
    return public_items().filter(published_at__gte=since).prefetch_related("themes")


def first_publication_of_reviews() -> dict[int, datetime]:
    """When each review's learning first went public (review id: earliest `published_at`),
    the start of its records' retention period."""
    rows = (
        PublishedItem.objects.filter(review__isnull=False, published_at__isnull=False)
        .values("review_id")
        .annotate(first=Min("published_at"))
    )
    return {row["review_id"]: row["first"] for row in rows}
