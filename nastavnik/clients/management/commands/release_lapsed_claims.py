"""Return partner-office companies whose claim lapsed to the headquarters pool (the worker runs it daily)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from nastavnik.clients.claims import lapsed_claims, release_lapsed_claims


class Command(BaseCommand):
    help = "Move companies with no open deal and no recent touch from partner offices to the HQ pool."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count the companies that would move.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            self.stdout.write(f"{lapsed_claims().count()} companies would return to the pool (dry run)")
            return
        self.stdout.write(f"{release_lapsed_claims()} companies returned to the pool")
