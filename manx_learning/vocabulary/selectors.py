"""Reading the Board's vocabulary. Only active themes and current priorities are offered when
something new is tagged; lists and filters of what exists use all of them."""

from django.db.models import QuerySet

from manx_learning.vocabulary.models import BoardPriority, Theme


def active_themes() -> QuerySet[Theme]:
    """Themes that may be chosen for new work, by name."""
    return Theme.objects.filter(is_active=True)


def current_priorities() -> QuerySet[BoardPriority]:
    """The Board's current priorities, the ones new work may be tagged with."""
    return BoardPriority.objects.filter(is_active=True)
