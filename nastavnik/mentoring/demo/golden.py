"""Demo data of the golden list: advice on some golden deals, one of them applied by the office."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.clients.models import GOLDEN_LIST_TAG
from nastavnik.deals.models import Deal
from nastavnik.mentoring.services.golden import golden_recommend
from nastavnik.mentoring.services.recommendations import recommendation_apply
from nastavnik.offices.models import Office

ADVICE = [
    "Клиент сравнивает с конкурентом: пришлите кейс из его отрасли и предложите тариф на полгода со скидкой.",
    "ЛПР не участвует в переговорах: попросите контакт директора и договоритесь о совместном звонке.",
    "Счёт выставлен, но не оплачен: уточните, кто согласует оплату, и предложите оплату частями.",
]


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    written = 0
    for office in offices:
        mentor = office.account_manager
        if mentor is None:
            continue
        deals = list(
            Deal.objects.filter(office=office, tags__name=GOLDEN_LIST_TAG, stage__is_won=False, stage__is_lost=False)
            .select_related("owner")
            .order_by("pk")[:2]
        )
        for index, deal in enumerate(deals):
            assignee = deal.owner if deal.owner.office_id == office.pk and deal.owner.is_active else None
            recommendation = golden_recommend(
                user=mentor,
                deal=deal,
                text=ADVICE[(deal.pk + index) % len(ADVICE)],
                assignee=assignee,
                due_on=timezone.localdate() + timedelta(days=7),
            )
            written += 1
            if index == 0 and (assignee or office.owner):
                recommendation_apply(
                    user=assignee or office.owner,  # type: ignore[arg-type]
                    recommendation=recommendation,
                    note="Отправили кейс и предложили тариф на полгода, клиент обещал ответ на следующей неделе.",
                )
    return written
