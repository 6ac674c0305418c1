"""A production database holds no demo account: the system check runs before every command, and
`wsgi.py` runs the checks before serving, so gunicorn refuses to start too (see `core.checks`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.db.models import Q

from manx_learning.accounts.models import User


@register(Tags.security)
def check_no_demo_accounts_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not settings.IS_PRODUCTION:
        return []
    try:
        count = User.objects.filter(Q(is_demo=True) | Q(email__iendswith="@demo.test")).count()
    except DatabaseError:
        return []  # no tables yet: nothing to find, and `migrate` must be able to run
    if count:
        return [
            Error(
                f"{count} demo account(s) exist in a production database.",
                hint="Remove them with `manx-learning demo --remove`.",
                id="manx.E003",
            )
        ]
    return []
