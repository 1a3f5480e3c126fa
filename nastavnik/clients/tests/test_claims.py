"""Claims between offices: who holds a client, refusing a client held elsewhere, the HQ pool and its page."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from nastavnik.activities.choices import ActivityKind
from nastavnik.clients.claims import (
    claim_is_active,
    companies_with_active_claim,
    company_hand_over,
    ensure_not_claimed_elsewhere,
    release_lapsed_claims,
)
from nastavnik.clients.models import ClientKey, Company
from nastavnik.clients.selectors import pooled_companies_for
from nastavnik.clients.services import company_create, company_update
from nastavnik.deals.models import Stage
from nastavnik.lib.dedupe_keys import inn_key, website_key
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, Region
from nastavnik.tests.factories import ActivityFactory, CompanyFactory, DealFactory, UserFactory

VALID_INN = "7707083893"
OTHER_INN = "7736207543"


def refresh_keys(*companies: Company) -> None:
    """Build the website and INN keys the way company_create does once the duplicate keys are wired in."""
    try:
        from nastavnik.clients.duplicates import company_keys_refresh
    except ImportError:
        for company in companies:
            ClientKey.objects.filter(company=company).delete()
            for kind, value in (("website", website_key(company.website)), ("inn", inn_key(company.inn))):
                if value:
                    ClientKey.objects.create(company=company, office=company.office, kind=kind, value=value)
    else:
        company_keys_refresh([company.pk for company in companies])


def age(company: Company, days: int) -> Company:
    """Pretend the office took the client `days` days ago."""
    Company.objects.filter(pk=company.pk).update(office_since=timezone.now() - timedelta(days=days))
    company.refresh_from_db()
    return company


@pytest.fixture
def hq(db) -> Office:
    return Office.objects.get(code="hq")


@pytest.fixture
def mentor_b(office_b):
    """The account manager of office B: the person to ask about B's clients."""
    user = UserFactory(
        email="mentor-b@hq.ru",
        first_name="Мария",
        last_name="Кузнецова",
        patronymic="Петровна",
        office=Office.objects.get(code="hq"),
        role=Role.ACCOUNT_MANAGER,
    )
    office_b.account_manager = user
    office_b.save()
    return user


@pytest.fixture
def held_by_b(office_b, charlie, mentor_b):
    """A client office B has worked since 01.05.2026 and still works (a call a week ago)."""
    company = CompanyFactory(
        office=office_b, name="Секретный клиент Беты", website="https://www.site.ru/", inn=VALID_INN
    )
    Company.objects.filter(pk=company.pk).update(office_since=timezone.make_aware(datetime(2026, 5, 1, 12, 0)))
    company.refresh_from_db()
    ActivityFactory(company=company, author=charlie, occurred_at=timezone.now() - timedelta(days=7))
    refresh_keys(company)
    return company


# Who holds a client


def test_a_new_client_is_held_for_the_claim_period(company_a):
    assert claim_is_active(company_a)


@override_settings(CLAIM_DAYS=30)
def test_claim_held_by_an_open_deal_however_old(company_a, alice):
    age(company_a, 400)
    deal = DealFactory(company=company_a, owner=alice, opened_at=timezone.now() - timedelta(days=400))
    assert claim_is_active(company_a)
    deal.closed_at = timezone.now() - timedelta(days=300)
    deal.save()
    assert not claim_is_active(company_a)


@override_settings(CLAIM_DAYS=30)
def test_claim_held_by_a_recent_touch_and_lapses_after_the_claim_days(company_a, alice):
    age(company_a, 100)
    call = ActivityFactory(company=company_a, author=alice, occurred_at=timezone.now() - timedelta(days=29))
    assert claim_is_active(company_a)
    call.occurred_at = timezone.now() - timedelta(days=31)
    call.save()
    assert not claim_is_active(company_a)


@override_settings(CLAIM_DAYS=30)
def test_a_note_or_a_task_is_not_a_touch(company_a, alice):
    age(company_a, 100)
    ActivityFactory(company=company_a, author=alice, kind=ActivityKind.NOTE, occurred_at=timezone.now())
    ActivityFactory(company=company_a, author=alice, kind=ActivityKind.TASK, occurred_at=timezone.now())
    assert not claim_is_active(company_a)


@override_settings(CLAIM_DAYS=30)
def test_only_the_holding_offices_own_deals_and_touches_count(company_a, office_b, charlie):
    age(company_a, 100)
    ActivityFactory(company=company_a, office=office_b, author=charlie, occurred_at=timezone.now())
    DealFactory(company=company_a, office=office_b, owner=charlie)
    assert not claim_is_active(company_a)


@override_settings(CLAIM_DAYS=30)
def test_the_bulk_form_agrees_with_the_single_check(office_a, alice):
    fresh = CompanyFactory(office=office_a)
    touched = age(CompanyFactory(office=office_a), 100)
    ActivityFactory(company=touched, author=alice, kind=ActivityKind.MEETING, occurred_at=timezone.now())
    lapsed = age(CompanyFactory(office=office_a), 100)
    pooled = CompanyFactory(office=office_a, pooled_at=timezone.now())
    active = set(companies_with_active_claim(Company.objects.all()).values_list("pk", flat=True))
    assert active == {fresh.pk, touched.pk}
    assert {c.pk for c in (fresh, touched, lapsed, pooled) if claim_is_active(c)} == active


# Refusing a client held by another office


@pytest.mark.parametrize("website", ["site.ru", "https://www.site.ru/", "HTTP://Site.RU/contacts?x=1", "shop.site.ru"])
def test_creating_a_client_held_elsewhere_by_website_is_refused(held_by_b, alice, website):
    count = Company.objects.count()
    with pytest.raises(ValidationError) as error:
        company_create(user=alice, name="Ромашка", website=website)
    message = " ".join(error.value.message_dict["website"])
    assert "01.05.2026" in message
    assert "Кузнецова Мария Петровна" in message
    assert "Бет" not in message and "Секретный" not in message
    assert Company.objects.count() == count


def test_creating_a_client_held_elsewhere_by_inn_is_refused(held_by_b, alice):
    with pytest.raises(ValidationError) as error:
        company_create(user=alice, name="Ромашка", inn=VALID_INN)
    assert set(error.value.message_dict) == {"inn"}
    assert "01.05.2026" in error.value.message_dict["inn"][0]
    assert not Company.objects.filter(name="Ромашка").exists()


def test_a_client_held_by_hq_names_the_head_of_sales(hq, alice):
    company = CompanyFactory(office=hq, website="hq-client.ru")
    refresh_keys(company)
    with pytest.raises(ValidationError) as error:
        company_create(user=alice, name="Клиент", website="www.hq-client.ru")
    assert "руководителя отдела продаж" in error.value.message_dict["website"][0]


def test_creating_in_hq_is_checked_too(held_by_b, head, hq):
    with pytest.raises(ValidationError):
        company_create(user=head, office=hq, name="Клиент", website="site.ru")


@override_settings(CLAIM_DAYS=30)
def test_a_lapsed_claim_does_not_block(held_by_b, alice):
    age(held_by_b, 100)
    held_by_b.activities.update(occurred_at=timezone.now() - timedelta(days=31))
    company = company_create(user=alice, name="Ромашка", website="site.ru", inn=VALID_INN)
    assert company.office == alice.office


def test_a_pooled_client_does_not_block(held_by_b, alice):
    Company.objects.filter(pk=held_by_b.pk).update(pooled_at=timezone.now())
    ensure_not_claimed_elsewhere(office=alice.office, website="site.ru", inn=VALID_INN)


def test_the_same_office_is_not_refused_by_the_claim(held_by_b, charlie):
    ensure_not_claimed_elsewhere(office=charlie.office, website="site.ru", inn=VALID_INN)


def test_changing_the_website_to_a_client_held_elsewhere_is_refused(held_by_b, alice, company_a):
    old_website = company_a.website
    with pytest.raises(ValidationError) as error:
        company_update(user=alice, company=company_a, website="site.ru")
    assert "01.05.2026" in error.value.message_dict["website"][0]
    company_a.refresh_from_db()
    assert company_a.website == old_website


def test_other_changes_are_not_checked_again(held_by_b, alice, office_a):
    # Entered before office B took the client: editing its other fields stays possible.
    company = CompanyFactory(office=office_a, website="site.ru")
    company_update(user=alice, company=company, industry="Строительство")
    company.refresh_from_db()
    assert company.industry == "Строительство"


def test_the_web_form_shows_the_refusal_and_saves_nothing(client, held_by_b, alice):
    client.force_login(alice)
    response = client.post(
        "/companies/new/",
        {
            "name": "Ромашка",
            "website": "https://www.site.ru/",
            "source": "other",
            "preferred_channel": "phone",
            "status": "active",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "01.05.2026" in text and "Кузнецова Мария Петровна" in text
    assert "Секретный" not in text
    assert not Company.objects.filter(name="Ромашка").exists()


def test_the_api_refuses_with_a_field_error(held_by_b, alice):
    api = APIClient()
    api.force_authenticate(alice)
    response = api.post("/api/v1/companies/", {"name": "Ромашка", "inn": VALID_INN}, format="json")
    assert response.status_code == 400
    assert "01.05.2026" in response.json()["inn"][0]
    assert not Company.objects.filter(name="Ромашка").exists()


# Returning lapsed clients to the pool


@pytest.fixture
def lapsed_a(office_a, alice):
    """A client office A lost a year ago: a closed deal, old calls, money on record."""
    company = CompanyFactory(office=office_a, name="Забытая", responsible=alice, website="forgotten.ru")
    refresh_keys(company)
    deal = DealFactory(
        company=company,
        owner=alice,
        opened_at=timezone.now() - timedelta(days=400),
        closed_at=timezone.now() - timedelta(days=300),
        lost_reason="Дорого",
    )
    ActivityFactory(company=company, deal=deal, author=alice, occurred_at=timezone.now() - timedelta(days=300))
    return age(company, 400)


@override_settings(CLAIM_DAYS=90)
def test_release_moves_only_lapsed_partner_companies_and_keeps_history(lapsed_a, company_a, hq, alice):
    hq_company = age(CompanyFactory(office=hq), 400)
    held = age(CompanyFactory(office=alice.office), 400)
    DealFactory(company=held, owner=alice)

    assert release_lapsed_claims() == 1

    lapsed_a.refresh_from_db()
    assert lapsed_a.office == hq
    assert lapsed_a.pooled_at is not None
    assert lapsed_a.responsible is None
    assert timezone.now() - lapsed_a.office_since < timedelta(minutes=1)
    assert lapsed_a.history.first().history_change_reason == "Вернулась в общий пул"
    assert lapsed_a.history.count() == 2
    # The office's own records stay with it as history.
    assert set(lapsed_a.deals.values_list("office__code", flat=True)) == {"alpha"}
    assert set(lapsed_a.activities.values_list("office__code", flat=True)) == {"alpha"}
    assert set(ClientKey.objects.filter(company=lapsed_a).values_list("office__code", flat=True)) <= {"hq"}
    for company in (company_a, hq_company, held):
        before = company.office_id
        company.refresh_from_db()
        assert company.office_id == before and company.pooled_at is None


def test_release_is_idempotent(lapsed_a):
    assert release_lapsed_claims() == 1
    pooled_at = Company.objects.get(pk=lapsed_a.pk).pooled_at
    assert release_lapsed_claims() == 0
    assert Company.objects.get(pk=lapsed_a.pk).pooled_at == pooled_at


def test_the_office_loses_sight_of_a_released_client(lapsed_a, alice):
    from nastavnik.clients.selectors import companies_for

    release_lapsed_claims()
    assert not companies_for(alice).filter(pk=lapsed_a.pk).exists()


def test_the_command_prints_the_count_and_the_dry_run_moves_nothing(lapsed_a):
    out = StringIO()
    call_command("release_lapsed_claims", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert Company.objects.get(pk=lapsed_a.pk).pooled_at is None
    out = StringIO()
    call_command("release_lapsed_claims", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert Company.objects.get(pk=lapsed_a.pk).pooled_at is not None


def test_the_daily_schedule_is_registered(db):
    from django_q.models import Schedule

    call_command("setup_schedules", stdout=StringIO())
    schedule = Schedule.objects.get(func="nastavnik.clients.claims.release_lapsed_claims")
    assert schedule.schedule_type == Schedule.DAILY
    assert timezone.localtime(schedule.next_run).hour == 3


# Handing a pooled client to an office


def test_the_account_manager_hands_a_pooled_client_to_their_office(lapsed_a, account_manager, office_a, office_b):
    release_lapsed_claims()
    with pytest.raises(PermissionDenied):
        company_hand_over(user=account_manager, company=lapsed_a, office=office_b)
    company = company_hand_over(user=account_manager, company=lapsed_a, office=office_a)
    assert company.office == office_a and company.pooled_at is None
    assert claim_is_active(company)


def test_a_manager_cannot_hand_over(lapsed_a, alice, office_a):
    release_lapsed_claims()
    with pytest.raises(PermissionDenied):
        company_hand_over(user=alice, company=lapsed_a, office=office_a)


# The pool page


@pytest.fixture
def pooled(lapsed_a):
    release_lapsed_claims()
    lapsed_a.refresh_from_db()
    return lapsed_a


def test_head_and_account_manager_see_the_pool(client, pooled, head, account_manager):
    for user in (head, account_manager):
        client.force_login(user)
        response = client.get("/companies/pool/")
        assert response.status_code == 200
        assert f'data-testid="pool-row-{pooled.pk}"' in response.content.decode()
        assert "Дорого" in response.content.decode()


def test_a_partner_manager_does_not_see_the_pool(client, pooled, alice, charlie):
    for user in (alice, charlie):
        client.force_login(user)
        assert client.get("/companies/pool/").status_code == 403
        assert not pooled_companies_for(user).exists()


def test_pool_filters(client, pooled, head, hq):
    region = Region.objects.order_by("pk").first()
    other = CompanyFactory(office=hq, name="Другая", pooled_at=timezone.now(), region=region)
    Company.objects.filter(pk=pooled.pk).update(region=Region.objects.exclude(pk=region.pk).first())
    client.force_login(head)

    def rows(**params: str) -> set[int]:
        response = client.get("/companies/pool/", params)
        assert response.status_code == 200
        text = response.content.decode()
        return {pk for pk in (pooled.pk, other.pk) if f'data-testid="pool-row-{pk}"' in text}

    assert rows() == {pooled.pk, other.pk}
    assert rows(region=str(region.pk)) == {other.pk}
    first_stage = Stage.objects.filter(is_lost=False).order_by("order").first()
    assert rows(stage=str(first_stage.pk)) == {pooled.pk}
    assert rows(lost_reason="дорого") == {pooled.pk}
    last_year = (timezone.localdate() - timedelta(days=365)).isoformat()
    assert rows(touched_from=last_year) == {pooled.pk}
    assert rows(touched_to=last_year) == {other.pk}
    assert rows(touched_from="not-a-date").issubset({pooled.pk, other.pk})
