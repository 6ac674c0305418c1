"""The Atom feed of new learning: the 20 newest public items, with absolute links."""

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from manx_learning.publishing.models import PublishedItem
from manx_learning.publishing.selectors import public_items

FEED_SIZE = 20


def absolute_url(path: str) -> str:
    """Links that still work when pasted into an e-mail or read by a feed reader."""
    return f"{settings.SITE_URL}{path}"


class LearningFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.SERVICE_NAME}: new learning from the {settings.BOARD_NAME}"

    def subtitle(self) -> str:
        return "Published case reviews, learning reports, audit summaries and 7-minute briefings."

    def link(self) -> str:
        return absolute_url(reverse("publishing:library"))

    def feed_url(self) -> str:
        return absolute_url(reverse("publishing:feed"))

    def author_name(self) -> str:
        return settings.BOARD_NAME

    def items(self) -> list[PublishedItem]:
        return list(public_items().prefetch_related("themes")[:FEED_SIZE])

    def item_title(self, item: PublishedItem) -> str:
        return item.title

    def item_description(self, item: PublishedItem) -> str:
        # Atom marks the summary as HTML, so the plain-text summary is escaped once here.
        return escape(item.summary)

    def item_link(self, item: PublishedItem) -> str:
        return absolute_url(reverse("publishing:item", args=[item.slug]))

    def item_pubdate(self, item: PublishedItem) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: PublishedItem) -> datetime:
        return item.updated_at

    def item_categories(self, item: PublishedItem) -> list[str]:
        return [item.get_kind_display(), *(theme.name for theme in item.themes.all())]
