"""`manx-learning users invite EMAIL --name NAME --agency CODE --role ROLE`: invite someone from
the server, e.g. the first business unit officer of a new installation. Prints the link."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from manx_learning.accounts.models import Agency, Role
from manx_learning.accounts.services import invitation_create_by_operator


class Command(BaseCommand):
    help = "Manage people from the command line. `invite` sends an invitation and prints its link."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        invite = sub.add_parser("invite", help="Invite someone and print the link.")
        invite.add_argument("email")
        invite.add_argument("--name", required=True, help="Their full name")
        invite.add_argument("--agency", required=True, help="Agency code, e.g. SBBU")
        invite.add_argument(
            "--role",
            action="append",
            required=True,
            choices=Role.values,
            help="A role; repeat for several",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(agency_code__iexact=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency has the code {options['agency']}")
        try:
            _, token = invitation_create_by_operator(
                email=options["email"],
                full_name=options["name"],
                agency=agency,
                roles=options["role"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        link = settings.SITE_URL + reverse("accounts:accept-invitation", args=[token])
        self.stdout.write(self.style.SUCCESS(f"Invitation e-mailed to {options['email']}."))
        self.stdout.write(f"Link (works once, for 7 days): {link}")
