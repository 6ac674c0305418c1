"""Who may see and change the Board's shared vocabulary (themes and Board priorities).

Both are the Board's own words, shown on staff pages and on the public learning pages, so anyone
may see one; only the business unit, which keeps the vocabulary, changes them."""

from typing import Any

from manx_learning.accounts.permissions import is_business_unit, object_for
from manx_learning.vocabulary.models import BoardPriority, Theme


def can_view(user: Any, item: Theme | BoardPriority) -> bool:
    return True


def can_change(user: Any, item: Theme | BoardPriority | None = None) -> bool:
    return is_business_unit(user)


def get_theme_for(user: Any, code: Any, *, write: bool = False) -> Theme:
    return object_for(
        user, Theme.objects.all(), code=code, may_view=can_view, may_write=can_change, write=write
    )


def get_priority_for(user: Any, code: Any, *, write: bool = False) -> BoardPriority:
    return object_for(
        user,
        BoardPriority.objects.all(),
        code=code,
        may_view=can_view,
        may_write=can_change,
        write=write,
    )
