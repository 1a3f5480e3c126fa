"""Shared objects for the call review, golden list and recommendation tests."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.clients.models import GOLDEN_LIST_TAG, Tag
from nastavnik.deals.models import Stage
from nastavnik.tests.factories import ActivityFactory, DealFactory


def recorded_call(*, company, author, days_ago: int = 3, recording: str = "recordings/call.mp3"):
    return ActivityFactory(
        company=company,
        author=author,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        recording=recording,
    )


def golden_deal(*, company, owner, title: str = "Зависшая сделка"):
    deal = DealFactory(company=company, owner=owner, title=title)
    deal.tags.add(Tag.objects.get(office=company.office, name=GOLDEN_LIST_TAG))
    return deal


def close_deal(deal, *, won: bool) -> None:
    deal.stage = Stage.objects.filter(**({"is_won": True} if won else {"is_lost": True})).first()
    deal.lost_reason = "" if won else "Дорого"
    deal.save()
