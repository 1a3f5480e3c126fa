"""Reads of call reviews, scoped to the user: the requests, the calls an office may send, the score trend."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.mentoring.choices import CallReviewStatus
from nastavnik.mentoring.models import CallReview, CallReviewScore, ReviewCriterion
from nastavnik.mentoring.selectors.recommendations import (
    DASHBOARD_ITEMS,
    OFFICE_SIDE_ROLES,
    is_office_side,
)
from nastavnik.offices.models import User
from nastavnik.offices.selectors import is_mentor_of, office_scope


def review_criteria() -> QuerySet[ReviewCriterion]:
    """The scorecard lines in use; new reviews are scored on these."""
    return ReviewCriterion.objects.filter(is_active=True)


def call_reviews_for(user: User) -> QuerySet[CallReview]:
    return CallReview.objects.filter(office_scope(user))


def call_review_list(user: User) -> QuerySet[CallReview]:
    return call_reviews_for(user).select_related("office", "requested_by", "manager", "sent_by")


def call_review_items(review: CallReview) -> QuerySet[Any]:
    return review.items.select_related("call", "call__company", "call__author", "call__deal").prefetch_related(
        "scores__criterion"
    )


def eligible_calls(review: CallReview) -> QuerySet[Activity]:
    """Recorded calls of the review's office inside the period (and by the requested manager when one is named)."""
    calls = Activity.objects.filter(
        office=review.office_id,
        kind=ActivityKind.CALL,
        occurred_at__date__gte=review.period_from,
        occurred_at__date__lte=review.period_to,
    ).exclude(recording="")
    if review.manager_id:
        calls = calls.filter(author=review.manager_id)
    return calls.select_related("company", "author", "deal").order_by("-occurred_at", "-pk")


def can_send(user: User, review: CallReview) -> bool:
    return review.status == CallReviewStatus.REQUESTED and is_office_side(user, review.office)


def can_give_feedback(user: User, review: CallReview) -> bool:
    return review.status == CallReviewStatus.SENT and is_mentor_of(user, review.office)


def _quantize(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score_trend(user: User, *, office_id: int | None = None) -> dict[str, Any]:
    """The average score per month (of the call, Moscow time) per manager who made the calls."""
    scores = CallReviewScore.objects.filter(office_scope(user, "item__review__office"))
    if office_id:
        scores = scores.filter(item__review__office=office_id)
    rows = (
        scores.annotate(month=TruncMonth("item__call__occurred_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "item__call__author")
        .annotate(average=Avg("score"))
        .order_by("month")
    )
    months: list[Any] = []
    by_manager: dict[int, dict[Any, Decimal]] = defaultdict(dict)
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        if month not in months:
            months.append(month)
        by_manager[row["item__call__author"]][month] = _quantize(row["average"])
    managers = User.objects.in_bulk(list(by_manager))
    series = [
        {"manager": managers[pk], "scores": [by_manager[pk].get(month) for month in months]}
        for pk in sorted(by_manager, key=lambda pk: str(managers[pk]))
    ]
    return {"months": months, "series": series}


def reviews_dashboard(user: User) -> dict[str, Any]:
    """For the account manager: recordings to review; for the office: requests waiting for its calls."""
    reviews = call_review_list(user)
    if user.is_authenticated and user.role in OFFICE_SIDE_ROLES:
        waiting = reviews.filter(status=CallReviewStatus.REQUESTED)
        role = "office"
    else:
        waiting = reviews.filter(status=CallReviewStatus.SENT)
        role = "mentor"
    items = [
        {
            "title": str(review),
            "office": review.office.name,
            "manager": review.manager,
            "topic": review.topic,
            "url": reverse("mentoring:reviews-detail", args=[review.pk]),
        }
        for review in waiting.order_by("created_at")[:DASHBOARD_ITEMS]
    ]
    return {
        "role": role,
        "waiting_count": waiting.count(),
        "reviewed_count": reviews.filter(status=CallReviewStatus.REVIEWED).count(),
        "items": items,
        "url": reverse("mentoring:reviews-list"),
    }
