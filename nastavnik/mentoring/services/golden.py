"""Writes of the golden list: an office puts a stuck deal on it or takes it off; the AM reviews it with advice."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.clients.models import GOLDEN_LIST_TAG, Tag
from nastavnik.deals.models import Deal
from nastavnik.deals.selectors import can_edit_deal
from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models import Recommendation
from nastavnik.mentoring.services.recommendations import recommendation_give
from nastavnik.offices.models import User


def _golden_tag(deal: Deal) -> Tag:
    tag, _created = Tag.objects.get_or_create(
        office=deal.office, name=GOLDEN_LIST_TAG, defaults={"is_system": True, "color": "warning"}
    )
    return tag


@transaction.atomic
def golden_list_set(*, user: User, deal: Deal, on: bool) -> Deal:
    """Tag the deal «Золотой список» (or untag it); the same as choosing the tag on the deal form."""
    if not can_edit_deal(user, deal):
        raise PermissionDenied(_("Отмечать сделки «Золотым списком» может только представительство."))
    tag = _golden_tag(deal)
    if on:
        deal.tags.add(tag)
    else:
        deal.tags.remove(tag)
    return deal


def golden_recommend(
    *, user: User, deal: Deal, text: str, assignee: User | None = None, due_on: date | None = None
) -> Recommendation:
    """The account manager's advice on one golden deal: a recommendation of the golden-list source."""
    return recommendation_give(
        author=user,
        office=deal.office,
        source=RecommendationSource.GOLDEN_LIST,
        text=text,
        deal=deal,
        assignee=assignee,
        due_on=due_on,
    )
