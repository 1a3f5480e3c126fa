"""The demo seeders of call reviews, the golden list and recommendations run through the services."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.mentoring.choices import CallReviewStatus
from nastavnik.mentoring.demo import golden, recommendations, reviews
from nastavnik.mentoring.models import CallReview, Recommendation
from nastavnik.mentoring.tests.reviews_world import golden_deal, recorded_call


def test_demo_seeders_write_rows(account_manager, office_a, owner_a, alice, bob, company_a):
    recorded_call(company=company_a, author=alice)
    recorded_call(company=company_a, author=alice, days_ago=5)
    golden_deal(company=company_a, owner=alice)
    office_a.refresh_from_db()
    assert reviews.seed(offices=[office_a]) == 4
    assert set(CallReview.objects.values_list("status", flat=True)) == {
        CallReviewStatus.REVIEWED,
        CallReviewStatus.REQUESTED,
    }
    assert golden.seed(offices=[office_a]) == 1
    assert recommendations.seed(offices=[office_a]) == 3
    assert Recommendation.objects.filter(applied_at__isnull=False).count() == 2
    assert Recommendation.objects.filter(due_on__lt=timezone.localdate() - timedelta(days=1)).count() == 1
