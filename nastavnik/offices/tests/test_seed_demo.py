"""`seed_demo` builds the whole demo network once; `demo_logins` prints one login per role."""

import json
import random
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.validators import validate_email
from django.db.models import Max, Min
from django.utils import timezone
from stdnum.ru import inn as stdnum_inn

from nastavnik.activities.choices import TOUCH_KINDS, ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.activities.validators import validate_recording
from nastavnik.clients.models import GOLDEN_LIST_TAG, Company, ContactEmail, ContactPhone
from nastavnik.deals.models import Deal, Payment, Tariff
from nastavnik.lib.phone import normalize_phone
from nastavnik.offices.choices import OfficeKind, RegionKind, Role, SpecialistArea
from nastavnik.offices.demo import DEMO_PASSWORD
from nastavnik.offices.demo.common import fake_inn
from nastavnik.offices.models import Office, User

pytestmark = pytest.mark.django_db
PARTNER_CODES = ["ekb", "krd", "kzn", "nsk", "spb"]


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_every_role_and_five_partner_offices_with_staff(var_dir):
    seed()

    demo_users = User.objects.filter(email__endswith="@nastavnik.demo")
    assert set(demo_users.values_list("role", flat=True)) == set(Role.values)
    hq = Office.objects.get(code="hq")
    assert hq.staff.filter(role=Role.MANAGER).count() == 6
    assert hq.staff.filter(role=Role.AGENT).count() == 2
    assert hq.staff.filter(role=Role.ACCOUNT_MANAGER).count() == 2
    assert set(hq.staff.filter(role=Role.SPECIALIST).values_list("specialist_area", flat=True)) == {
        SpecialistArea.LEGAL,
        SpecialistArea.TECHNICAL,
    }
    admin = User.objects.get(email="admin@nastavnik.demo")
    assert admin.is_superuser and admin.is_staff
    assert not demo_users.exclude(pk=admin.pk).filter(is_staff=True).exists()

    covered = User.objects.filter(office=hq, role=Role.MANAGER).values_list("regions__code", "regions__kind")
    assert ("77", RegionKind.FEDERAL_SUBJECT) in covered
    assert {kind for _code, kind in covered} == {RegionKind.FEDERAL_SUBJECT, RegionKind.CIS_COUNTRY}

    partners = Office.objects.filter(kind=OfficeKind.PARTNER).select_related("owner", "account_manager", "region")
    assert sorted(office.code for office in partners) == PARTNER_CODES
    for office in partners:
        assert office.owner.role == Role.PARTNER_OWNER and office.owner.office_id == office.pk
        assert office.account_manager.role == Role.ACCOUNT_MANAGER
        assert office.staff.filter(role=Role.MANAGER).count() == 2
        assert office.staff.filter(role=Role.AGENT).count() == 1
        assert office.region is not None and office.city and office.legal_name and office.franchise_started_on
        assert Deal.objects.filter(office=office, tags__name=GOLDEN_LIST_TAG).exists(), office.code


def test_seeded_inns_phones_and_emails_are_valid(var_dir):
    seed()

    inns = [
        *Company.objects.exclude(inn="").values_list("inn", flat=True),
        *Office.objects.values_list("inn", flat=True),
    ]
    assert len(inns) > 30
    assert all(stdnum_inn.is_valid(inn) for inn in inns)
    assert len(set(inns)) == len(inns)
    phones = ContactPhone.objects.values_list("number", flat=True)
    assert phones and all(normalize_phone(number) == number for number in phones)
    for email in ContactEmail.objects.values_list("email", flat=True):
        validate_email(email)


def test_fake_inns_pass_the_checksum():
    rng = random.Random(1)
    for _ in range(200):
        assert stdnum_inn.is_valid(fake_inn(rng, region_code="16"))
        assert stdnum_inn.is_valid(fake_inn(rng, region_code="78", person=True))


def test_deals_span_the_pipeline_with_money_and_recordings(var_dir):
    seed()

    won = Deal.objects.filter(stage__is_won=True)
    lost = Deal.objects.filter(stage__is_lost=True)
    assert won.exists() and not won.filter(closed_at__isnull=True).exists()
    assert lost.exists() and not lost.filter(lost_reason="").exists()
    assert Deal.objects.filter(stage__is_won=False, stage__is_lost=False).exists()
    assert Tariff.objects.filter(name="Бизнес").get().monthly_price == 19900
    year_ago = timezone.localdate() - timezone.timedelta(days=366)
    assert Payment.objects.filter(paid_on__gt=year_ago).exists()
    assert not Payment.objects.filter(paid_on__gt=timezone.localdate()).exists()

    call = Activity.objects.filter(kind=ActivityKind.CALL).exclude(recording="").first()
    assert call is not None and default_storage.exists(call.recording.name)
    with call.recording.open("rb") as recording:
        validate_recording(recording)

    deal = Deal.objects.filter(activities__isnull=False).first()
    span = deal.activities.filter(kind__in=TOUCH_KINDS).aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    assert (deal.first_touch_at, deal.last_touch_at) == (span["first"], span["last"])


def test_logins_file_lists_every_demo_user_who_can_log_in(var_dir, client):
    seed()

    logins = json.loads((var_dir / "demo-logins.json").read_text(encoding="utf-8"))
    assert len(logins) == User.objects.filter(email__endswith="@nastavnik.demo").count()
    assert {login["password"] for login in logins} == {DEMO_PASSWORD}
    assert {"role": "partner_owner", "office": "spb", "email": "spb.owner@nastavnik.demo"}.items() <= next(
        login for login in logins if login["role"] == "partner_owner"
    ).items()
    assert client.login(email=logins[0]["email"], password=DEMO_PASSWORD)


def test_a_second_run_creates_nothing_and_rewrites_the_logins(var_dir):
    seed()
    before = row_counts()
    (var_dir / "demo-logins.json").unlink()

    output = seed()

    assert row_counts() == before
    assert "already" in output
    assert (var_dir / "demo-logins.json").exists()


def test_demo_logins_prints_one_line_per_role(var_dir):
    seed()
    out = StringIO()

    call_command("demo_logins", stdout=out)

    lines = [line for line in out.getvalue().splitlines() if "@nastavnik.demo" in line]
    assert len(lines) == len(Role.values)
    for role, line in zip(Role, lines, strict=True):
        assert line.startswith(str(role.label)) and DEMO_PASSWORD in line
    assert "http://" in out.getvalue()


def test_demo_logins_says_how_to_seed_when_there_is_no_file(var_dir):
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert "seed_demo" in out.getvalue()


def test_demo_clients_are_found_by_the_duplicate_check(var_dir):
    from nastavnik.clients.duplicates import find_duplicates_any_office

    seed()
    company = Company.objects.exclude(website="").first()
    matches = find_duplicates_any_office(name=company.name, website=company.website)
    assert matches and matches[0].company_id == company.pk and matches[0].likely
