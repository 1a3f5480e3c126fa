"""Status requests and the development path in the browser: the account manager, the office, and an outsider."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from nastavnik.mentoring.models import DevelopmentTask, StatusRequest
from nastavnik.mentoring.services.development import development_path_start
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import Office
from nastavnik.tests.browser.conftest import log_in
from nastavnik.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def mentor_user(office_a):
    """The account manager of office A; reference rows are ensured because an earlier flush may have taken them."""
    default_path = importlib.import_module("nastavnik.mentoring.migrations.0002_development_default_path")
    default_path.add_default_path(apps, None)
    hq, _created = Office.objects.get_or_create(
        code="hq", defaults={"kind": OfficeKind.HEADQUARTERS, "name": "Центральный офис"}
    )
    user = UserFactory(email="mentor@hq.ru", office=hq, role=Role.ACCOUNT_MANAGER)
    office_a.account_manager = user
    office_a.save()
    return user


def test_account_manager_asks_and_the_office_answers(new_page, mentor_user, alice, charlie, company_a):
    mentor = new_page()
    log_in(mentor, mentor_user.email, PASSWORD)
    mentor.goto("/mentoring/status-requests/")
    mentor.get_by_test_id("status-request-create").click()
    mentor.select_option("#id_scope", "all")
    mentor.fill("#id_note", "Ситуация по каждому клиенту к пятнице")
    mentor.get_by_test_id("status-request-save").click()
    expect(mentor.get_by_test_id("status-request-state")).to_contain_text("0 / 1")
    request = StatusRequest.objects.get()
    answer = request.answers.get()

    office = new_page()
    log_in(office, alice.email, PASSWORD)
    office.goto("/mentoring/status-requests/")
    office.get_by_test_id(f"status-request-row-{request.pk}").get_by_role("link").first.click()
    office.get_by_test_id(f"answer-{answer.pk}").click()
    office.fill("#id_comment", "Ждут счёт на тариф «Бизнес»")
    office.fill("#id_mobile_phone", "8 495 123-45-67")
    office.get_by_test_id("answer-save").click()
    expect(office.locator(".invalid-feedback")).to_contain_text("не мобильный")
    office.fill("#id_mobile_phone", "8 912 345-67-89")
    office.fill("#id_email", "director@romashka.ru")
    office.get_by_test_id("answer-save").click()
    expect(office.get_by_test_id("status-request-state")).to_contain_text("Все ответы получены")
    expect(office.get_by_text("+7 (912) 345-67-89")).to_be_visible()

    mentor.reload()
    expect(mentor.get_by_test_id("status-request-state")).to_contain_text("Все ответы получены")

    outsider = new_page()
    log_in(outsider, charlie.email, PASSWORD)
    outsider.goto("/mentoring/status-requests/")
    expect(outsider.get_by_test_id("empty-state")).to_be_visible()
    response = outsider.goto(f"/mentoring/status-requests/{request.pk}/")
    assert response is not None and response.status == 404


def test_office_walks_its_development_path(new_page, mentor_user, owner_a, charlie, office_a):
    office_a.franchise_started_on = timezone.localdate() - timedelta(days=12)
    office_a.save()
    development_path_start(office=office_a)
    first = DevelopmentTask.objects.filter(office=office_a).order_by("due_on", "pk").first()

    owner = new_page()
    log_in(owner, owner_a.email, PASSWORD)
    owner.goto("/mentoring/development/")
    expect(owner.get_by_test_id("current-stage")).to_contain_text("Запуск и онбординг")
    owner.get_by_test_id(f"task-done-{first.pk}").click()
    expect(owner.get_by_test_id(f"task-reopen-{first.pk}")).to_be_visible()

    mentor = new_page()
    log_in(mentor, mentor_user.email, PASSWORD)
    mentor.goto(f"/mentoring/development/{office_a.pk}/")
    mentor.get_by_test_id("development-task-add").click()
    mentor.fill("#id_title", "Разобрать три записи звонков с аккаунт-менеджером")
    mentor.fill("#id_due_on", (timezone.localdate() + timedelta(days=3)).isoformat())
    mentor.get_by_test_id("development-task-save").click()
    expect(mentor.get_by_text("Разобрать три записи звонков с аккаунт-менеджером")).to_be_visible()

    outsider = new_page()
    log_in(outsider, charlie.email, PASSWORD)
    response = outsider.goto(f"/mentoring/development/{office_a.pk}/")
    assert response is not None and response.status == 404
