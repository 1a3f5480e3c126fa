"""Create a website that may post registrations to /api/v1/intake/web and print its token (shown once)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.intake.web_intake import intake_site_create
from nastavnik.offices.models import Office


class Command(BaseCommand):
    help = "Create a web intake site for an office and print its secret token once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", required=True, help="Office code, e.g. hq")
        parser.add_argument("--name", required=True, help="Site name, e.g. «Сайт франшизы»")

    def handle(self, *args: Any, **options: Any) -> None:
        office = Office.objects.filter(code=options["office"]).first()
        if office is None:
            raise CommandError(f"No office with code «{options['office']}».")
        site, token = intake_site_create(office=office, name=options["name"])
        self.stdout.write(f"Site «{site.name}» (id {site.pk}) for office {office.code}.")
        self.stdout.write("Token (shown once, keep it in the site's settings; send it as X-Intake-Token):")
        self.stdout.write(token)
