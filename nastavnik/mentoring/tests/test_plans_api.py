"""The plans API: tenancy, who writes, validation as field errors, the progress endpoint."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from nastavnik.mentoring.models import MonthlyPlan, PlanAction
from nastavnik.mentoring.services.plans import monthly_plan_set, plan_action_create
from nastavnik.tests.factories import PaymentFactory


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def plan(office_a, account_manager):
    return monthly_plan_set(user=account_manager, office=office_a, month=date(2026, 3, 1), target="400000")


def test_account_manager_creates_a_plan_by_month(account_manager, office_a):
    response = api_as(account_manager).post(
        "/api/v1/mentoring/plans/", {"office": office_a.pk, "month": "2026-05", "target": "250000.00"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["month"] == "2026-05-01"
    assert response.json()["agreed_by"] == account_manager.pk


def test_bad_input_is_a_field_error(account_manager, office_a):
    client = api_as(account_manager)
    response = client.post(
        "/api/v1/mentoring/plans/", {"office": office_a.pk, "month": "май", "target": "-1"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"month"}
    response = client.post(
        "/api/v1/mentoring/plans/", {"office": office_a.pk, "month": "2026-05", "target": "0"}, format="json"
    )
    assert response.status_code == 400 and "target" in response.json()
    assert not MonthlyPlan.objects.exists()


def test_office_reads_but_cannot_write(plan, alice, office_a):
    client = api_as(alice)
    assert client.get(f"/api/v1/mentoring/plans/{plan.pk}/").status_code == 200
    assert client.patch(f"/api/v1/mentoring/plans/{plan.pk}/", {"target": "1"}, format="json").status_code == 403
    response = client.post(
        "/api/v1/mentoring/plans/", {"office": office_a.pk, "month": "2026-06", "target": "1"}, format="json"
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.target == Decimal("400000")


def test_outsider_sees_nothing(plan, charlie, account_manager):
    action = plan_action_create(user=account_manager, plan=plan, title="Шаг")
    client = api_as(charlie)
    assert client.get("/api/v1/mentoring/plans/").json()["results"] == []
    assert client.get(f"/api/v1/mentoring/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/mentoring/plans/{plan.pk}/progress/").status_code == 404
    assert client.get("/api/v1/mentoring/plan-actions/").json()["results"] == []
    assert client.post(f"/api/v1/mentoring/plan-actions/{action.pk}/done/").status_code == 404


def test_progress(plan, alice, company_a):
    PaymentFactory(company=company_a, amount=Decimal("100000"), paid_on=date(2026, 3, 10))
    body = api_as(alice).get(f"/api/v1/mentoring/plans/{plan.pk}/progress/").json()
    assert Decimal(body["fact"]) == Decimal("100000") and Decimal(body["target"]) == Decimal("400000")
    assert body["percent"] == 25


def test_actions_through_the_api(plan, account_manager, bob):
    mentor = api_as(account_manager)
    response = mentor.post(
        "/api/v1/mentoring/plan-actions/", {"plan": plan.pk, "title": "Разобрать отказы", "assignee": bob.pk}
    )
    assert response.status_code == 201, response.content
    action_id = response.json()["id"]
    assert mentor.post("/api/v1/mentoring/plan-actions/", {"plan": plan.pk, "title": ""}).status_code == 400
    assert api_as(bob).post("/api/v1/mentoring/plan-actions/", {"plan": plan.pk, "title": "Х"}).status_code == 403
    response = api_as(bob).post(f"/api/v1/mentoring/plan-actions/{action_id}/done/", {"done": True}, format="json")
    assert response.status_code == 200 and response.json()["done_by"] == bob.pk
    assert api_as(bob).delete(f"/api/v1/mentoring/plan-actions/{action_id}/").status_code == 403
    assert mentor.delete(f"/api/v1/mentoring/plan-actions/{action_id}/").status_code == 204
    assert not PlanAction.objects.exists()
