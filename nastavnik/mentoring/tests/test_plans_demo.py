"""Demo data of plans and batches goes through the services and can run twice."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.mentoring.demo import batches, plans
from nastavnik.mentoring.models import DealBatch, MonthlyPlan, PlanAction
from nastavnik.offices.models import Office
from nastavnik.tests.factories import CompanyFactory, DealFactory


def test_demo_seeds_plans_and_batches(office_a, owner_a, account_manager, alice):
    hq = Office.objects.get(code="hq")
    for _ in range(2):
        DealFactory(company=CompanyFactory(office=hq, pooled_at=timezone.now() - timedelta(days=1)), office=hq)
    assert plans.seed(offices=[office_a]) == 6
    assert MonthlyPlan.objects.count() == 2 and PlanAction.objects.filter(done_at__isnull=False).count() == 1
    assert batches.seed(offices=[office_a]) == 3
    assert DealBatch.objects.get().items.count() == 2
    assert plans.seed(offices=[office_a]) == 0 and batches.seed(offices=[office_a]) == 0
