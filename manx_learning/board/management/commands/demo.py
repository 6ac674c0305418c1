"""`manx-learning demo`: load (or refresh) the fictional demo board, every app's part of it, and
print its sign-ins. It lives in `board`, the one app that may import every other."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from manx_learning.accounts.demo import demo_load, demo_password, demo_remove
from manx_learning.accounts.models import Role
from manx_learning.actions.demo import demo_actions_load
from manx_learning.assurance.demo import demo_assurance_load
from manx_learning.audits.demo import demo_audits_load
from manx_learning.briefings.demo import demo_briefings_load
from manx_learning.dataset.demo import demo_dataset_load
from manx_learning.publishing.demo import demo_publishing_load
from manx_learning.reviews.demo import demo_reviews_load
from manx_learning.surveys.demo import demo_feedback_load


class Command(BaseCommand):
    help = "Load the fictional demo board (idempotent), or remove its accounts with --remove."
    # Runs without the production checks, so demo accounts can be removed from a database
    # that the checks would otherwise refuse to serve.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--remove", action="store_true", help="Disable every demo account.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["remove"]:
            count = demo_remove()
            self.stdout.write(self.style.SUCCESS(f"Removed {count} demo account(s)."))
            return
        if settings.IS_PRODUCTION:
            raise CommandError("The demo board cannot be loaded when MANX_ENV=production.")
        accounts = demo_load()
        reviews = demo_reviews_load()
        demo_actions_load()
        demo_publishing_load()
        demo_briefings_load()
        demo_dataset_load()
        demo_audits_load()
        demo_feedback_load()
        demo_assurance_load()
        password = demo_password()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo board ready with {len(reviews)} reviews. All people and cases are fictional."
            )
        )
        self.stdout.write(f"Sign in at {settings.SITE_URL}{reverse('accounts:sign-in')} with:")
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            roles = ", ".join(Role(role).label for role in account.roles)
            self.stdout.write(f"  {account.email.ljust(width)}  password: {password}   ({roles})")
