"""The account manager's day and the partner office's page show a card per mentoring workflow."""

from decimal import Decimal

import pytest
from django.urls import reverse

from nastavnik.mentoring.models import MonthlyPlan
from nastavnik.mentoring.selectors.plans import first_of_month, moscow_today
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office
from nastavnik.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AREAS = (
    "questions",
    "plans",
    "closing",
    "golden",
    "recommendations",
    "reviews",
    "status-requests",
    "batches",
    "development",
)


@pytest.fixture
def plan(office_a, account_manager):
    return MonthlyPlan.objects.create(
        office=office_a, month=first_of_month(moscow_today()), target=Decimal("300000"), agreed_by=account_manager
    )


def test_account_managers_day_has_every_card_and_the_plan_chart(client, account_manager, plan):
    client.force_login(account_manager)
    page = client.get(reverse("dashboard")).content.decode()
    for area in AREAS:
        assert f'data-testid="dashboard-{area}' in page, area
    assert 'data-testid="dashboard-plan-chart"' in page
    assert "Представительство Альфа" in page


def test_partner_owner_sees_their_plan_and_no_other_office(client, owner_a, plan, office_b):
    client.force_login(owner_a)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="mentoring-cards"' in page
    assert 'data-testid="dashboard-plan-chart"' in page
    assert "Представительство Бета" not in page


def test_headquarters_sales_staff_see_no_mentoring(client, db):
    manager = UserFactory(email="sales@hq.ru", office=Office.objects.get(code="hq"), role=Role.MANAGER)
    client.force_login(manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="mentoring-cards"' not in page
    assert 'data-testid="nav-mentoring"' not in page


def test_specialist_sees_only_questions(client, db):
    specialist = UserFactory(
        email="lawyer@hq.ru", office=Office.objects.get(code="hq"), role=Role.SPECIALIST, specialist_area="legal"
    )
    client.force_login(specialist)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="dashboard-questions' in page
    assert 'data-testid="dashboard-plans' not in page
