"""Demo data of the batches workflow: each office has asked for a batch; the first ones got pool deals."""

from django.core.exceptions import PermissionDenied, ValidationError

from nastavnik.mentoring.models import DealBatch
from nastavnik.mentoring.services.batches import deal_batch_hand_over, deal_batch_request, pool_deals
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office

DEMO_BATCH_DEALS = 5
NOTES = (
    "Нужны клиенты из нашего региона, которые доходили до КП.",
    "Интересуют отказы по цене за последние полгода.",
    "Любые неоплаченные сделки, готовы отработать быстро.",
)


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    written = 0
    for index, office in enumerate(offices):
        requester = office.owner or office.staff.filter(role=Role.MANAGER, is_active=True).first()
        if requester is None or office.account_manager is None or DealBatch.objects.filter(office=office).exists():
            continue
        batch = deal_batch_request(user=requester, office=office, note=NOTES[index % len(NOTES)])
        written += 1
        if index % 2:
            continue  # every other office still waits for its account manager
        deals = list(pool_deals().order_by("-last_touch_at", "pk").values_list("pk", flat=True)[:DEMO_BATCH_DEALS])
        if not deals:
            continue
        try:
            batch = deal_batch_hand_over(user=office.account_manager, batch=batch, deals=deals)
        except (ValidationError, PermissionDenied):
            continue  # a pooled client another office holds by INN or website: leave the request waiting
        written += batch.items.count()
    return written
