"""Print one demo login per role from var/demo-logins.json."""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from nastavnik.offices.choices import Role
from nastavnik.offices.demo import logins_path, read_logins


def site_url() -> str:
    """The address `make run` serves: SITE_URL, or the local address on PORT."""
    if "SITE_URL" not in os.environ and os.environ.get("PORT"):
        return f"http://127.0.0.1:{os.environ['PORT']}/"
    return settings.SITE_URL.rstrip("/") + "/"


class Command(BaseCommand):
    help = "Print one demo login per role (role, office, e-mail, password) and the address to open."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = read_logins()
        if not logins:
            self.stdout.write(f"No demo logins in {logins_path()}: run `python manage.py seed_demo` first.")
            return
        first_per_role: dict[str, dict[str, str]] = {}
        for login in logins:
            first_per_role.setdefault(login["role"], login)
        rows = [
            (str(Role(role).label), login["office"] or "—", login["email"], login["password"])
            for role, login in sorted(first_per_role.items(), key=lambda item: list(Role.values).index(item[0]))
            if role in Role.values
        ]
        header = ("Роль", "Офис", "E-mail", "Пароль")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

        self.stdout.write(f"Демо-доступ: {site_url()}")
        self.stdout.write(line(header))
        self.stdout.write(line(tuple("-" * width for width in widths)))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(f"Все демо-пользователи ({len(logins)}): {logins_path()}")
