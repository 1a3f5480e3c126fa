"""Who takes a call or a lead: the open deal's owner, the duty manager of the day, the region's least loaded manager."""

from datetime import date

import pytest
from django.utils import timezone

from nastavnik.intake import routing, services
from nastavnik.intake.models import DutyShift
from nastavnik.intake.tests.telephony_personas import CLIENT_PHONE, absent, client_with_phone, hq_manager
from nastavnik.offices.models import Region
from nastavnik.tests.factories import DealFactory

DAY = date(2026, 11, 23)


@pytest.fixture
def duty(db):
    manager = hq_manager("duty@hq.ru", "Дежурный")
    DutyShift.objects.create(date=DAY, manager=manager)
    return manager


@pytest.fixture
def owner(db):
    return hq_manager("owner@hq.ru", "Владелец")


def test_open_deal_owner_present_takes_the_call(duty, owner):
    company = client_with_phone(owner=owner)
    route = services.telephony_route(caller="8 (495) 123-45-67", day=DAY)
    assert (route.user, route.reason, route.company) == (owner, "open_deal_owner", company)


def test_absent_owner_gives_the_call_to_the_duty_manager(duty, owner):
    company = client_with_phone(owner=owner)
    absent(owner, DAY)
    route = services.telephony_route(caller=CLIENT_PHONE, day=DAY)
    assert (route.user, route.reason, route.company) == (duty, "duty_manager", company)


def test_client_without_open_deal_goes_to_the_duty_manager(duty, owner):
    client_with_phone(responsible=owner)
    route = services.telephony_route(caller=CLIENT_PHONE, day=DAY)
    assert (route.user, route.reason) == (duty, "duty_manager")


def test_closed_deal_does_not_count(duty, owner):
    from nastavnik.deals.models import Stage

    company = client_with_phone()
    DealFactory(company=company, owner=owner, stage=Stage.objects.filter(is_won=True).first(), closed_at=timezone.now())
    assert routing.open_deal_owner(company) is None
    assert services.telephony_route(caller=CLIENT_PHONE, day=DAY).reason == "duty_manager"


def test_unknown_caller_goes_to_the_duty_manager(duty):
    route = services.telephony_route(caller="+74957654321", day=DAY)
    assert (route.user, route.reason, route.company) == (duty, "duty_manager", None)


def test_no_duty_manager_means_nobody(db):
    route = services.telephony_route(caller=CLIENT_PHONE, day=DAY)
    assert (route.user, route.reason) == (None, "none")


def test_duty_manager_on_is_the_roster_and_respects_absence(duty):
    assert routing.duty_manager_on(DAY) == duty
    assert routing.duty_manager_on(date(2026, 11, 24)) is None
    absent(duty, DAY)
    assert routing.duty_manager_on(DAY) is None
    assert routing.rostered_duty_manager(DAY) == duty
    assert routing.is_absent(duty, DAY)


def test_inactive_duty_manager_is_not_on_duty(duty):
    duty.is_active = False
    duty.save()
    assert routing.duty_manager_on(DAY) is None


def test_region_goes_to_its_least_loaded_present_manager(db):
    region = Region.objects.get(code="66")
    busy = hq_manager("busy@hq.ru", "Занятой", region_code="66")
    free = hq_manager("free@hq.ru", "Свободный", region_code="66")
    away = hq_manager("away@hq.ru", "Отпускной", region_code="66")
    hq_manager("moscow@hq.ru", "Московский")
    DealFactory.create_batch(2, owner=busy, company=client_with_phone(phone="+74951110000"))
    DealFactory(owner=free, company=client_with_phone(phone="+74951110001"))
    absent(away, DAY)
    assert routing.manager_for_region(region, day=DAY) == free
    absent(free, DAY)
    assert routing.manager_for_region(region, day=DAY) == busy


def test_moscow_and_no_region_go_to_moscow_managers(db):
    first = hq_manager("m1@hq.ru", "Первый")
    second = hq_manager("m2@hq.ru", "Второй")
    DealFactory(owner=first, company=client_with_phone())
    moscow = Region.objects.get(code="77")
    assert routing.manager_for_region(moscow, day=DAY) == second
    assert routing.manager_for_region(None, day=DAY) == second


def test_region_without_managers_falls_back_to_the_duty_manager(duty):
    assert routing.manager_for_region(Region.objects.get(code="54"), day=DAY) == duty


def test_partner_office_managers_are_not_routed_to(alice, db):
    alice.regions.add(Region.objects.get(code="77"))
    assert routing.manager_for_region(None, day=DAY) is None


def test_letters_are_not_a_phone(db):
    from nastavnik.intake.selectors import PhoneInputError, caller_phone

    with pytest.raises(PhoneInputError, match="Неверный номер телефона"):
        caller_phone("позвоните мне")
