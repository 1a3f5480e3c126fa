"""The account manager's day and the partner office's page: every mentoring workflow adds one card."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nastavnik.mentoring.selectors.batches import batches_dashboard
from nastavnik.mentoring.selectors.closing import closing_dashboard
from nastavnik.mentoring.selectors.development import development_dashboard
from nastavnik.mentoring.selectors.golden import golden_dashboard
from nastavnik.mentoring.selectors.plans import plans_dashboard
from nastavnik.mentoring.selectors.questions import questions_dashboard
from nastavnik.mentoring.selectors.recommendations import recommendations_dashboard
from nastavnik.mentoring.selectors.reviews import reviews_dashboard
from nastavnik.mentoring.selectors.status_requests import status_requests_dashboard
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import has_full_access

# (area, card builder) in the order the cards appear: what is due soonest first.
CARDS: list[tuple[str, Callable[[User], dict[str, Any]]]] = [
    ("questions", questions_dashboard),
    ("plans", plans_dashboard),
    ("closing", closing_dashboard),
    ("golden", golden_dashboard),
    ("recommendations", recommendations_dashboard),
    ("reviews", reviews_dashboard),
    ("status_requests", status_requests_dashboard),
    ("batches", batches_dashboard),
    ("development", development_dashboard),
]


@dataclass
class MentoringCard:
    area: str
    template: str
    data: dict[str, Any]


def takes_part_in_mentoring(user: User) -> bool:
    """Account managers, heads, admins, specialists and the people of partner offices; HQ sales staff do not."""
    if has_full_access(user) or user.role in (Role.ACCOUNT_MANAGER, Role.SPECIALIST):
        return True
    return user.office is not None and user.office.kind == OfficeKind.PARTNER


def mentoring_cards(user: User) -> list[MentoringCard]:
    if not takes_part_in_mentoring(user):
        return []
    # A specialist answers questions routed to them and takes no other part.
    cards = [card for card in CARDS if card[0] == "questions"] if user.role == Role.SPECIALIST else CARDS
    return [
        MentoringCard(area=area, template=f"mentoring/partials/dashboard_{area}.html", data=build(user))
        for area, build in cards
    ]


def plan_chart(cards: list[MentoringCard]) -> dict[str, Any] | None:
    """Plan, fact and forecast of this month per office, for the dashboard's chart (None when there is no plan)."""
    plans = next((card.data for card in cards if card.area == "plans"), None)
    rows = [row for row in (plans or {}).get("progress", []) if row.plan is not None]
    if not rows:
        return None
    return {
        "labels": [row.office.name for row in rows],
        "target": [float(row.target) for row in rows],
        "fact": [float(row.fact) for row in rows],
        "forecast": [float(row.forecast) for row in rows],
    }
