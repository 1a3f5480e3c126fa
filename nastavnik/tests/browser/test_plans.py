"""An account manager and an office live through a monthly plan and a deal batch in the browser."""

from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nastavnik.mentoring.choices import DealBatchStatus
from nastavnik.mentoring.models import DealBatch, MonthlyPlan, PlanAction
from nastavnik.offices.models import Office
from nastavnik.tests.browser.conftest import log_in
from nastavnik.tests.factories import PASSWORD, ActivityFactory, CompanyFactory, DealFactory, PaymentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Regions, the HQ office and the pipeline, loaded again when an earlier live test has flushed them."""
    from django.apps import apps

    for module in (
        "nastavnik.offices.migrations.0002_reference_data",
        "nastavnik.deals.migrations.0002_default_pipeline",
    ):
        import_module(module).load(apps, None)


def test_plan_and_batch_workflows(new_page, account_manager, owner_a, alice, company_a, office_a):
    plan_agreed_by_the_mentor_and_worked_by_the_office(new_page, account_manager, owner_a, alice, company_a)
    batch_requested_handed_over_and_processed(new_page, account_manager, owner_a, alice, office_a)


def plan_agreed_by_the_mentor_and_worked_by_the_office(new_page, account_manager, owner_a, alice, company_a):
    PaymentFactory(company=company_a, amount=Decimal("120000"), paid_on=timezone.localdate())
    mentor = new_page()
    log_in(mentor, account_manager.email, PASSWORD)
    mentor.goto("/mentoring/plans/")
    mentor.get_by_test_id("plan-create").click()
    mentor.select_option("#id_office", label=owner_a.office.name)
    mentor.fill("#id_target", "")
    mentor.get_by_test_id("plan-save").click()
    expect(mentor.get_by_text("Укажите план в рублях.")).to_be_visible()
    mentor.fill("#id_target", "480000")
    mentor.get_by_test_id("plan-save").click()
    expect(mentor.get_by_test_id("plan-target")).to_contain_text("480 000")
    expect(mentor.get_by_test_id("plan-fact")).to_contain_text("120 000")
    mentor.fill("#id_title", "Обзвонить клиентов без оплаты")
    mentor.select_option("#id_assignee", label=alice.short_name)
    mentor.get_by_test_id("action-add").click()
    expect(mentor.get_by_text("Обзвонить клиентов без оплаты")).to_be_visible()
    action = PlanAction.objects.get()

    office = new_page()
    log_in(office, alice.email, PASSWORD)
    office.goto(f"/mentoring/plans/{MonthlyPlan.objects.get().pk}/")
    expect(office.get_by_test_id("plan-edit")).to_have_count(0)
    office.get_by_test_id(f"action-done-{action.pk}").click()
    expect(office.get_by_test_id(f"action-done-{action.pk}")).to_have_text("Вернуть в работу")
    action.refresh_from_db()
    assert action.done_by == alice


def batch_requested_handed_over_and_processed(new_page, account_manager, owner_a, alice, office_a):
    hq = Office.objects.get(code="hq")
    deal = DealFactory(company=CompanyFactory(office=hq, pooled_at=timezone.now() - timedelta(days=2)), office=hq)

    office = new_page()
    log_in(office, owner_a.email, PASSWORD)
    office.goto("/mentoring/batches/")
    office.get_by_test_id("batch-request").click()
    office.fill("#id_note", "Москва, дошли до КП")
    office.get_by_test_id("batch-request-send").click()
    expect(office.get_by_test_id("batch-status")).to_have_text("Запрошена")
    batch = DealBatch.objects.get()

    mentor = new_page()
    log_in(mentor, account_manager.email, PASSWORD)
    mentor.goto(f"/mentoring/batches/{batch.pk}/")
    mentor.get_by_test_id("batch-pick").click()
    mentor.once("dialog", lambda dialog: dialog.accept())
    mentor.get_by_test_id(f"pool-check-{deal.pk}").check()
    mentor.get_by_test_id("hand-over-submit").click()
    expect(mentor.get_by_test_id("batch-status")).to_have_text("Передана")

    ActivityFactory(company=deal.company, office=office_a, author=alice, occurred_at=timezone.now())
    office.goto(f"/mentoring/batches/{batch.pk}/")
    item = batch.items.get()
    office.select_option(f"[data-testid=outcome-{item.pk}]", "in_work")
    office.get_by_test_id(f"outcome-save-{item.pk}").click()
    expect(office.get_by_test_id("batch-processed-count")).to_contain_text("Обработано 1 из 1")
    batch.refresh_from_db()
    assert batch.status == DealBatchStatus.PROCESSED
