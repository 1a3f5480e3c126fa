"""The plan pages: who sees and does what in the browser, inline errors, the dashboard card."""

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from nastavnik.mentoring.models import MonthlyPlan, PlanAction
from nastavnik.mentoring.selectors.plans import plans_dashboard
from nastavnik.mentoring.services.plans import monthly_plan_set, plan_action_create
from nastavnik.tests.factories import PaymentFactory


@pytest.fixture
def plan(office_a, account_manager):
    return monthly_plan_set(user=account_manager, office=office_a, month=date(2026, 3, 1), target="400000")


def test_account_manager_creates_a_plan_in_the_browser(client, account_manager, office_a):
    client.force_login(account_manager)
    assert client.get(reverse("mentoring:plans-create")).status_code == 200
    response = client.post(
        reverse("mentoring:plans-create"), {"office": office_a.pk, "month": "2026-04", "target": "350000"}
    )
    plan = MonthlyPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("mentoring:plans-detail", args=[plan.pk])
    assert plan.month == date(2026, 4, 1) and plan.target == Decimal("350000")


def test_bad_plan_input_shows_the_reason(client, account_manager, office_a):
    client.force_login(account_manager)
    response = client.post(reverse("mentoring:plans-create"), {"office": office_a.pk, "month": "апрель", "target": ""})
    assert response.status_code == 400
    assert "Укажите месяц в формате ГГГГ-ММ." in response.content.decode()
    assert "Укажите план в рублях." in response.content.decode()
    assert not MonthlyPlan.objects.exists()


def test_office_sees_the_plan_with_fact_and_chart_but_cannot_edit(client, plan, alice, company_a):
    PaymentFactory(company=company_a, amount=Decimal("100000"), paid_on=date(2026, 3, 10))
    client.force_login(alice)
    response = client.get(reverse("mentoring:plans-detail", args=[plan.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "100\u00a0000\u00a0₽" in body and "400\u00a0000\u00a0₽" in body
    assert "vendor/chartjs/chart.umd.min.js" in body and "plan-chart-data" in body
    assert 'data-testid="plan-edit"' not in body
    assert client.get(reverse("mentoring:plans-edit", args=[plan.pk])).status_code == 403
    assert client.get(reverse("mentoring:plans-create")).status_code == 403
    listing = client.get(reverse("mentoring:plans-list")).content.decode()
    assert f'plan-row-{plan.pk}"' in listing and "25%" in listing


def test_outsider_sees_nothing(client, plan, charlie, account_manager):
    action = plan_action_create(user=account_manager, plan=plan, title="Шаг")
    client.force_login(charlie)
    assert 'data-testid="empty-state"' in client.get(reverse("mentoring:plans-list")).content.decode()
    assert client.get(reverse("mentoring:plans-detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("mentoring:plans-action-done", args=[action.pk])).status_code == 404
    assert client.get(reverse("mentoring:plans-action-edit", args=[action.pk])).status_code == 404


def test_action_cycle_over_htmx(client, plan, account_manager, bob):
    client.force_login(account_manager)
    url = reverse("mentoring:plans-action-create", args=[plan.pk])
    response = client.post(url, {"title": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Опишите, что сделать." in response.content.decode()
    response = client.post(url, {"title": "Позвонить по золотому списку", "assignee": bob.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Позвонить по золотому списку" in response.content.decode()
    action = PlanAction.objects.get()
    client.force_login(bob)
    response = client.post(reverse("mentoring:plans-action-done", args=[action.pk]), {"done": "1"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_by == bob
    assert client.post(reverse("mentoring:plans-action-delete", args=[action.pk])).status_code == 403
    client.force_login(account_manager)
    response = client.post(reverse("mentoring:plans-action-edit", args=[action.pk]), {"title": "Новое"})
    assert response.status_code == 302
    client.post(reverse("mentoring:plans-action-delete", args=[action.pk]))
    assert not PlanAction.objects.exists()


def test_list_query_count_is_flat(client, account_manager, office_a, django_assert_max_num_queries):
    for month in range(1, 13):
        monthly_plan_set(user=account_manager, office=office_a, month=date(2025, month, 1), target="1000")
    client.force_login(account_manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("mentoring:plans-list")).status_code == 200


@pytest.mark.parametrize("persona", ["account_manager", "owner_a", "alice", "charlie"])
def test_dashboard_card_renders_for_everyone(request, plan, persona):
    user = request.getfixturevalue(persona)
    html = render_to_string("mentoring/partials/dashboard_plans.html", {"data": plans_dashboard(user)})
    assert 'data-testid="dashboard-plans"' in html


def test_account_manager_gives_a_recommendation_from_the_plan_talk(client, account_manager, plan, alice):
    client.force_login(account_manager)
    page = client.get(reverse("mentoring:plans-detail", args=[plan.pk])).content.decode()
    assert 'id="recommendation-form"' in page
    response = client.post(
        reverse("mentoring:plans-recommend", args=[plan.pk]),
        {"text": "Звонить тёплым клиентам до обеда", "assignee": alice.pk, "due_on": ""},
    )
    assert response.status_code == 302
    recommendation = plan.recommendations.get()
    assert recommendation.source == "plan" and recommendation.assignee == alice


def test_office_staff_cannot_give_plan_recommendations(client, alice, plan):
    client.force_login(alice)
    page = client.get(reverse("mentoring:plans-detail", args=[plan.pk])).content.decode()
    assert 'id="recommendation-form"' not in page
    response = client.post(reverse("mentoring:plans-recommend", args=[plan.pk]), {"text": "Сам себе совет"})
    assert response.status_code == 403
    assert not plan.recommendations.exists()


def test_empty_plan_recommendation_shows_the_reason(client, account_manager, plan):
    client.force_login(account_manager)
    response = client.post(reverse("mentoring:plans-recommend", args=[plan.pk]), {"text": ""})
    assert response.status_code == 400
    assert not plan.recommendations.exists()
