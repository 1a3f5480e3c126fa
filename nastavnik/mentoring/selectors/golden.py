"""Reads of the golden list: deals an office tagged «Золотой список», and which of them await the AM's review.

A deal awaits review while it is open and either has no golden-list recommendation yet, or its latest one
has been applied: the office did what was advised and the deal is still stuck, so it needs the next step.
A recommendation not yet applied means the ball is in the office's court.
"""

from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.models import GOLDEN_LIST_TAG
from nastavnik.deals.models import Deal
from nastavnik.deals.selectors import deals_for
from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models import Recommendation
from nastavnik.mentoring.selectors.recommendations import DASHBOARD_ITEMS
from nastavnik.offices.models import User


class Outcome:
    WON = "won"
    LOST = "lost"
    OPEN = "open"
    CHOICES = [(OPEN, _("Переговоры идут")), (WON, _("Оплата")), (LOST, _("Отказ"))]
    LABELS = dict(CHOICES)


def deal_outcome(deal: Deal) -> str:
    """Won or lost by the deal's stage, otherwise still open."""
    if deal.stage.is_won:
        return Outcome.WON
    if deal.stage.is_lost:
        return Outcome.LOST
    return Outcome.OPEN


def golden_recommendations(deal: Deal | None = None) -> QuerySet[Recommendation]:
    """Golden-list advice on one deal, or (without a deal) on the deal of the outer query."""
    deal_filter = Q(deal=deal) if deal is not None else Q(deal=OuterRef("pk"))
    return Recommendation.objects.filter(deal_filter, source=RecommendationSource.GOLDEN_LIST)


def golden_deals_for(user: User) -> QuerySet[Any]:
    """Golden-tagged deals of the visible offices, with their review state annotated."""
    latest = golden_recommendations().order_by("-created_at", "-pk")
    is_open = Q(stage__is_won=False, stage__is_lost=False)
    return (
        deals_for(user)
        .filter(tags__name=GOLDEN_LIST_TAG)
        .distinct()
        .annotate(
            has_recommendation=Exists(golden_recommendations()),
            last_recommended_at=Subquery(latest.values("created_at")[:1]),
            last_applied_at=Subquery(latest.values("applied_at")[:1]),
        )
        .annotate(
            awaits_review=Case(
                When(is_open & Q(has_recommendation=False), then=Value(True)),
                When(is_open & Q(last_applied_at__isnull=False), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("company", "office", "stage", "owner")
    )


def filter_by_outcome(deals: QuerySet[Any], outcome: str) -> QuerySet[Any]:
    if outcome == Outcome.WON:
        return deals.filter(stage__is_won=True)
    if outcome == Outcome.LOST:
        return deals.filter(stage__is_lost=True)
    if outcome == Outcome.OPEN:
        return deals.filter(stage__is_won=False, stage__is_lost=False)
    return deals


def golden_dashboard(user: User) -> dict[str, Any]:
    """Golden deals awaiting the account manager's review, and golden advice the office has not applied yet."""
    deals = golden_deals_for(user)
    awaiting = deals.filter(awaits_review=True)
    items = [
        {
            "title": str(deal),
            "company": deal.company.display_name,
            "office": deal.office.name,
            "url": reverse("mentoring:golden-detail", args=[deal.pk]),
        }
        for deal in awaiting.order_by("last_applied_at", "opened_at")[:DASHBOARD_ITEMS]
    ]
    return {
        "total_count": deals.count(),
        "awaiting_count": awaiting.count(),
        "open_advice_count": deals.filter(has_recommendation=True, last_applied_at__isnull=True).count(),
        "items": items,
        "url": reverse("mentoring:golden-list"),
    }
