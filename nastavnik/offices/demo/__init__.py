"""Demo data for `manage.py seed_demo`: a franchise network with a year of sales, the same for a given day."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

from nastavnik.activities.services import deals_touches_refresh
from nastavnik.clients.duplicates import company_keys_refresh
from nastavnik.clients.models import Company
from nastavnik.offices.choices import Role
from nastavnik.offices.demo.common import DEMO_DOMAIN, DEMO_PASSWORD
from nastavnik.offices.demo.network import NetworkSeeder
from nastavnik.offices.demo.sales import SalesSeeder
from nastavnik.offices.models import User

__all__ = ["DEMO_DOMAIN", "DEMO_PASSWORD", "demo_present", "logins_path", "read_logins", "seed_demo", "write_logins"]

MARKER_EMAIL = f"head@{DEMO_DOMAIN}"
BASE_COMPANIES = 2000


class DemoBuilder(SalesSeeder, NetworkSeeder):
    """Offices and people, then the clients and a year of their sales."""

    def build(self, *, scale: float) -> dict[str, int]:
        self.people_and_offices()
        self.catalogue()
        self.recording_files()
        self.setup_sales(company_total=max(2 * len(self.offices), round(BASE_COMPANIES * scale)))
        companies = self.companies()
        deals = self.deals(companies, self.contacts(companies))
        self.activities(companies, deals)
        deals_touches_refresh()
        self.money(deals)
        self.tags(companies, deals)
        self.absences()
        # Bulk-written clients get their duplicate-check keys like any client entered through the services.
        company_keys_refresh(Company.objects.values_list("pk", flat=True))
        # The mentoring workflows go through their services, so the demo shows what people would have done.
        from nastavnik.mentoring.demo import seed_mentoring

        self.counts.update(seed_mentoring())
        return self.counts


def demo_present() -> bool:
    return User.objects.filter(email=MARKER_EMAIL).exists()


def seed_demo(*, scale: float = 1.0) -> dict[str, int]:
    """Create the demo network in one transaction; returns how many rows of each kind were written."""
    # The demo's requests and answers would e-mail their people; nobody is there to read them.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        counts = DemoBuilder().build(scale=scale)
    write_logins()
    return counts


def logins_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.json"


def write_logins() -> list[dict[str, str]]:
    """Write var/demo-logins.json from the demo users in the database: role, office code, e-mail, password."""
    roles = list(Role.values)
    users = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").select_related("office")
    # Headquarters first, then the partner offices in the order they were opened.
    ordered = sorted(users, key=lambda user: (roles.index(user.role), user.office_id or 0, user.email))
    logins = [
        {
            "role": user.role,
            "office": user.office.code if user.office else "",
            "email": user.email,
            "password": DEMO_PASSWORD,
        }
        for user in ordered
    ]
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(logins, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return logins


def read_logins() -> list[dict[str, str]] | None:
    path = logins_path()
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
