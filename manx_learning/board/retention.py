"""Retention: a review's personal data is destroyed a set time after its learning is published,
unless a hold is recorded. The periods are settings (`RETENTION_YEARS`, by record kind); the
rule lives here, in the Board app, because it joins two apps: when learning went public
(publishing) and what a review holds (reviews). Destroying leaves an audit event naming the
kind, the number of rows and the reason, and none of the data (docs/retention.md)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from manx_learning.publishing.selectors import first_publication_of_reviews
from manx_learning.reviews import services as reviews_services
from manx_learning.reviews.models import RetainedRecord, Review


@dataclass(frozen=True)
class Due:
    review: Review
    record: str
    published_on: date
    due_on: date
    rows: int
    held: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "review": self.review.reference,
            "record": self.record,
            "published_on": self.published_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "rows": self.rows,
            "held": self.held,
        }


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due(today: date | None = None) -> list[Due]:
    """Every record past its retention period that still holds rows, held or not."""
    today = today or timezone.localdate()
    published = first_publication_of_reviews()
    reviews = Review.objects.filter(pk__in=published).order_by("reference")
    found = []
    for review in reviews:
        published_on = timezone.localtime(published[review.pk]).date()
        for record in RetainedRecord.values:
            years = settings.RETENTION_YEARS.get(record)
            if years is None:
                continue
            due_on = _years_later(published_on, years)
            if due_on > today:
                continue
            rows = reviews_services.retained_rows(review, record)
            if rows:
                held = reviews_services.is_held(review, record)
                found.append(Due(review, record, published_on, due_on, rows, held))
    return found


def apply(today: date | None = None) -> list[Due]:
    """Destroy every record that is due and not held; what was destroyed."""
    destroyed = []
    for item in due(today):
        if item.held:
            continue
        reason = (
            f"retention: {settings.RETENTION_YEARS[item.record]} years after publication on "
            f"{item.published_on.isoformat()}"
        )
        reviews_services.retained_record_destroy(
            review=item.review, record=item.record, reason=reason
        )
        destroyed.append(item)
    return destroyed
