"""Monthly plan rules: who agrees the target, who marks steps done, the fact from payments and the run-rate forecast."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from nastavnik.deals.choices import PaymentStatus
from nastavnik.mentoring.models import MonthlyPlan, PlanAction
from nastavnik.mentoring.selectors.plans import plan_progress, plans_dashboard, plans_for
from nastavnik.mentoring.services.plans import (
    monthly_plan_set,
    plan_action_create,
    plan_action_delete,
    plan_action_set_done,
    plan_action_update,
)
from nastavnik.tests.factories import PaymentFactory

MARCH = date(2026, 3, 1)


@pytest.fixture
def plan(office_a, account_manager, owner_a):
    return monthly_plan_set(user=account_manager, office=office_a, month=MARCH, target=Decimal("500000"))


def test_account_manager_agrees_the_target_and_the_owner_is_told(
    office_a, account_manager, owner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = monthly_plan_set(user=account_manager, office=office_a, month=date(2026, 3, 17), target="300000")
    assert plan.month == MARCH
    assert plan.agreed_by == account_manager and plan.agreed_at is not None
    assert [message.to for message in mail.outbox] == [[owner_a.email]]
    assert "03.2026" in mail.outbox[0].subject


def test_setting_the_same_month_again_changes_the_one_plan(plan, account_manager, office_a):
    monthly_plan_set(user=account_manager, office=office_a, month=MARCH, target="650000", note="После созвона")
    assert MonthlyPlan.objects.get().target == Decimal("650000")


@pytest.mark.parametrize("persona", ["alice", "owner_a", "bob", "charlie"])
def test_office_staff_and_outsiders_cannot_set_a_target(request, office_a, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        monthly_plan_set(user=user, office=office_a, month=MARCH, target="100")
    assert not MonthlyPlan.objects.exists()


def test_head_sets_the_target_of_any_office(head, office_b):
    assert monthly_plan_set(user=head, office=office_b, month=MARCH, target="1").office == office_b


@pytest.mark.parametrize("target", [None, "", "0", "-5"])
def test_target_must_be_positive(account_manager, office_a, target):
    with pytest.raises(ValidationError) as error:
        monthly_plan_set(user=account_manager, office=office_a, month=MARCH, target=target)
    assert "target" in error.value.message_dict
    assert not MonthlyPlan.objects.exists()


def test_actions_cycle(plan, account_manager, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = plan_action_create(
            user=account_manager, plan=plan, title="Обзвонить базу", assignee=alice, due_on=date(2026, 3, 10)
        )
    assert [message.to for message in mail.outbox] == [[alice.email]]
    plan_action_update(user=account_manager, action=action, title="Обзвонить всю базу")
    plan_action_set_done(user=bob, action=action)
    action.refresh_from_db()
    assert action.title == "Обзвонить всю базу"
    assert action.done_by == bob and action.done_at is not None
    plan_action_set_done(user=alice, action=action, done=False)
    action.refresh_from_db()
    assert action.done_at is None
    plan_action_delete(user=account_manager, action=action)
    assert not PlanAction.objects.exists()


def test_office_staff_cannot_add_actions_and_outsiders_cannot_mark_them(plan, account_manager, alice, charlie):
    with pytest.raises(PermissionDenied):
        plan_action_create(user=alice, plan=plan, title="Своё")
    action = plan_action_create(user=account_manager, plan=plan, title="Шаг")
    with pytest.raises(PermissionDenied):
        plan_action_set_done(user=charlie, action=action)
    action.refresh_from_db()
    assert action.done_at is None


def test_action_needs_a_title_and_an_assignee_of_the_office(plan, account_manager, charlie):
    with pytest.raises(ValidationError) as error:
        plan_action_create(user=account_manager, plan=plan, title="  ", assignee=charlie)
    assert set(error.value.message_dict) == {"title", "assignee"}
    assert not PlanAction.objects.exists()


def test_fact_counts_received_payments_of_the_office_in_the_month(plan, office_a, office_b, company_a):
    PaymentFactory(company=company_a, amount=Decimal("100000"), paid_on=date(2026, 3, 2))
    PaymentFactory(company=company_a, amount=Decimal("50000.50"), paid_on=date(2026, 3, 31))
    PaymentFactory(company=company_a, amount=Decimal("70000"), paid_on=date(2026, 3, 5), status=PaymentStatus.REFUNDED)
    PaymentFactory(company=company_a, amount=Decimal("90000"), paid_on=date(2026, 4, 1))
    PaymentFactory(company=company_a, amount=Decimal("90000"), paid_on=date(2026, 2, 28))
    PaymentFactory(office=office_b, company__office=office_b, amount=Decimal("80000"), paid_on=date(2026, 3, 3))
    progress = plan_progress(office=office_a, month=MARCH, today=date(2026, 4, 10))
    assert progress.fact == Decimal("150000.50")
    assert progress.target == Decimal("500000")
    assert progress.forecast == progress.fact  # the month is over
    assert progress.percent == 30


def test_forecast_is_the_run_rate_over_working_days(plan, office_a, company_a):
    # March 2026 has 21 Russian working days: 22 weekdays, and 8 March falls on a Sunday so the 9th is off.
    PaymentFactory(company=company_a, amount=Decimal("110000"), paid_on=date(2026, 3, 3))
    progress = plan_progress(office=office_a, month=MARCH, today=date(2026, 3, 6))  # Friday: 5 working days
    assert progress.working_days
    assert progress.days_total == 21
    assert progress.days_elapsed == 5
    assert progress.forecast == Decimal("462000.00")
    assert not progress.on_track
    chart = progress.chart_data()
    assert len(chart["labels"]) == 31
    assert chart["fact"][2] == 110000.0 and chart["fact"][6] is None
    assert chart["plan"][-1] == 500000.0


def test_forecast_before_any_working_day_is_the_fact(office_a):
    progress = plan_progress(office=office_a, month=date(2026, 1, 1), today=date(2026, 1, 3))
    assert progress.plan is None and progress.forecast == 0 and progress.days_elapsed == 0


def test_plans_are_scoped_to_the_user(plan, alice, charlie, account_manager, head):
    assert list(plans_for(alice)) == [plan]
    assert list(plans_for(account_manager)) == [plan]
    assert list(plans_for(head)) == [plan]
    assert list(plans_for(charlie)) == []


def test_dashboard_shows_progress_and_open_actions(plan, account_manager, alice, charlie):
    plan_action_create(user=account_manager, plan=plan, title="Шаг", assignee=alice)
    assert plans_dashboard(alice)["open_actions_count"] == 1
    assert plans_dashboard(charlie)["open_actions_count"] == 0
    assert [row.office for row in plans_dashboard(account_manager)["progress"]] == [plan.office]
