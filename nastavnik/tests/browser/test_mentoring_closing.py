"""A partner office sends a client to its account manager for closing assist (дожатие) in the browser."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nastavnik.mentoring.choices import ClosingAssistStatus
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.tests.test_closing_services import log_calls, log_proposal
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.tests.browser.conftest import log_in
from nastavnik.tests.factories import PASSWORD, CompanyFactory, OfficeFactory, TariffFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill_request(page, tariff) -> None:
    page.get_by_label(tariff.name).first.check()
    page.select_option("#id_considered_tariff", str(tariff.pk))
    page.fill("#id_site_traffic", "8000")
    page.fill("#id_history", "Три созвона, показали тарифы, клиент сравнивает с конкурентом.")
    page.fill("#id_why_not_paying", "Ждёт решения собственника по бюджету.")
    page.select_option("#id_joint_call_channel", "whatsapp")
    moment = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=12, minute=0)
    page.fill("#id_joint_call_at", moment.strftime("%Y-%m-%dT%H:%M"))
    page.check("#id_owner_attends")
    page.check("#id_staff_member_attends")


@pytest.fixture
def mentor(office_a):
    """The office's account manager, built here: after another browser test the migrations' rows may be gone."""
    headquarters = OfficeFactory(code="hq-closing", kind=OfficeKind.HEADQUARTERS, name="Центральный офис")
    user = UserFactory(email="mentor-closing@hq.ru", office=headquarters, role=Role.ACCOUNT_MANAGER)
    office_a.account_manager = user
    office_a.save()
    return user


def test_partner_sends_a_ready_client_and_a_missing_condition_blocks_another(new_page, owner_a, mentor, office_a):
    tariff = TariffFactory(name="Бизнес")
    ready = CompanyFactory(office=office_a, name="Ромашка Готовая")
    log_calls(ready, owner_a)
    log_proposal(ready, owner_a)
    page = new_page()
    log_in(page, owner_a.email, PASSWORD)

    page.goto("/mentoring/closing/")
    page.get_by_test_id("closing-create").click()
    page.get_by_test_id(f"pick-company-{ready.pk}").click()
    expect(page.get_by_test_id("condition-calls")).to_contain_text("Выполнено")
    fill_request(page, tariff)
    page.get_by_test_id("closing-submit").click()
    expect(page.get_by_test_id("closing-status")).to_have_text("Отправлена")
    assert ClosingAssistRequest.objects.get(company=ready).status == ClosingAssistStatus.SUBMITTED

    # No proposal logged for this client: the request stays a draft and the page says why.
    unready = CompanyFactory(office=office_a, name="Лютик Без КП")
    log_calls(unready, owner_a)
    page.goto(f"/mentoring/closing/new/?company={unready.pk}")
    fill_request(page, tariff)
    page.get_by_test_id("closing-submit").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("нет КП по рекомендованному шаблону")
    expect(page.get_by_test_id("condition-proposal")).to_contain_text("Не выполнено")
    assert ClosingAssistRequest.objects.get(company=unready).status == ClosingAssistStatus.DRAFT
