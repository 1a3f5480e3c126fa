"""Load the demo franchise network (idempotent): `manage.py seed_demo [--scale N]`."""

import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from nastavnik.offices.demo import demo_present, logins_path, seed_demo, write_logins


def positive_scale(text: str) -> float:
    try:
        scale = float(text)
    except ValueError:
        raise ArgumentTypeError(f"not a number: {text!r}") from None
    if scale <= 0:
        raise ArgumentTypeError("the scale must be above zero")
    return scale


class Command(BaseCommand):
    help = "Create the demo offices, people, clients and a year of sales; does nothing when they already exist."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=positive_scale,
            default=1.0,
            help="multiply the volume (about 2,000 companies at 1; 10 for benchmarks, 0.02 for quick tests)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_present():
            write_logins()
            self.stdout.write(f"Demo data is already loaded; logins written to {logins_path()}")
            return
        started = time.monotonic()
        counts = seed_demo(scale=options["scale"])
        summary = ", ".join(f"{label}: {count}" for label, count in counts.items())
        self.stdout.write(f"Demo data loaded in {time.monotonic() - started:.1f} s ({summary})")
        self.stdout.write(f"Logins written to {logins_path()}")
