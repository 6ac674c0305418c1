"""Reads for the public site. Every public page starts from `public_items()`, so nothing
unpublished or withdrawn can be listed, searched, fed or fetched by URL."""

from datetime import datetime
from typing import Any

from django.db.models import Case, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape

from manx_learning.accounts.permissions import is_business_unit, is_reviewer
from manx_learning.publishing.models import (
    AnonymisationRun,
    AudienceGroup,
    PublishedItem,
    RunStatus,
)
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
    if text.split():
        items = _search(items, " ".join(text.split()))
    return items.prefetch_related("themes")


# Words this short ("M" in "Child M") would match nearly everything on their own: they count
# only as part of the whole phrase.
SHORTEST_WORD = 3


def _search(items: QuerySet[PublishedItem], phrase: str) -> QuerySet[PublishedItem]:
    """Items that hold the phrase, or every word of it, in their title, summary, body or theme
    names; most relevant first: the phrase in the title, then every word in the title, a theme,
    the summary, the body; newest first among equals."""
    words = [w for w in phrase.split() if len(w) >= SHORTEST_WORD] or phrase.split()
    every_word = Q()
    every_word_in_title = Q()
    for word in words:
        every_word &= _matches(word) | _theme_named(word)
        every_word_in_title &= Q(title__icontains=word)
    score = (
        _points(Q(title__icontains=phrase), 100)
        + _points(every_word_in_title, 40)
        + _points(_theme_named(phrase), 30)
        + _points(Q(summary__icontains=phrase), 20)
        + _points(_matches(phrase), 10)
    )
    found = items.filter(_matches(phrase) | _theme_named(phrase) | every_word)
    return found.annotate(relevance=score).order_by("-relevance", "-published_at", "-pk")


def _points(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _theme_named(text: str) -> Q:
    through = PublishedItem.themes.through.objects.filter(
        publisheditem=OuterRef("pk"), theme__name__icontains=text
    )
    return Q(Exists(through))


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


def runs_awaiting_approval_by(user: Any) -> QuerySet[AnonymisationRun]:
    """Finished anonymisation runs this person may approve and nobody has: they may see the
    review's register (the business unit, the review's assigned reviewers) and did not run it."""
    runs = AnonymisationRun.objects.filter(status=RunStatus.DONE, approved_by__isnull=True)
    runs = runs.exclude(run_by=user).select_related("report_version__review")
    if is_business_unit(user):
        return runs.order_by("finished_at")
    if is_reviewer(user):
        mine = runs.filter(report_version__review__assignments__reviewer=user)
        return mine.distinct().order_by("finished_at")
    return runs.none()
