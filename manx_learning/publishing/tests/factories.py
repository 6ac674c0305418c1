"""Published items made for tests directly, not through the gate, the final report of the
gate's review (the `gate_review` fixture), with the names the anonymiser should find, and the
Panel's and Board's approval that lets a review be anonymised."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from manx_learning.publishing.models import AudienceGroup, PublishedItem, PublishedKind
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import Review

REPORT = (
    "Jayden Kinrade lived with his mother Leanne Kinrade at 14 Ballabrooie Drive, Douglas.\n\n"
    "Jayden attended Ballacottier Primary School. Dr Corkill saw him at Noble's Hospital."
)

_numbers = count(1)


def make_item(*, title: str | None = None, days_ago: int | None = 1, **fields) -> PublishedItem:
    """A library row made directly; `days_ago=None` leaves it unpublished."""
    number = next(_numbers)
    title = title or f"Learning item {number}"
    published = timezone.now() - timedelta(days=days_ago) if days_ago is not None else None
    values = {
        "kind": PublishedKind.REVIEW,
        "slug": f"learning-item-{number}",
        "summary": f"Summary of {title}.",
        "body_html": "<p>What agencies learned.</p>",
        "year": 2025,
        "audience": AudienceGroup.CHILDREN,
        "published_at": published,
    }
    themes = fields.pop("themes", [])
    item = PublishedItem.objects.create(title=title, **(values | fields))
    item.themes.set(themes)
    return item


def approve(review: Review, panel_chair, board_member, publication: str = "full") -> Review:
    """The Panel signs the review off and the Board approves it: it may now be anonymised."""
    reviews_services.panel_sign_off(review=review, by=panel_chair, signed_on=date(2026, 9, 1))
    reasons = {"reasons": "The family asked us not to."} if publication == "none" else {}
    reviews_services.board_approve(
        review=review,
        by=board_member,
        approved_on=date(2026, 9, 10),
        publication=publication,
        **reasons,
    )
    review.refresh_from_db()
    return review
