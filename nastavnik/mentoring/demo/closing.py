"""Demo data of closing assist: per office one client sent to the account manager and one draft still missing things."""

from contextlib import suppress
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.models import ProposalTemplate
from nastavnik.activities.services import activity_create
from nastavnik.clients.models import Company
from nastavnik.deals.models import Tariff
from nastavnik.mentoring.choices import JointCallChannel
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.services.closing import closing_assist_create, closing_assist_submit
from nastavnik.offices.demo.common import tone_wav
from nastavnik.offices.models import Office, User

HISTORY = (
    "Первый звонок — знакомство и выявление потребностей, второй — презентация тарифов, "
    "третий — разбор возражений по цене. Клиент интересуется, просит время подумать."
)
WHY_NOT_PAYING = "Собственник не согласовал бюджет, сравнивает с конкурентом."


def _log_ready_history(author: User, company: Company, template: ProposalTemplate) -> None:
    """Three recorded calls of 7 minutes and an acknowledged proposal, as the office would log them."""
    start = timezone.now() - timedelta(days=20)
    for number in range(3):
        activity_create(
            user=author,
            company=company,
            kind=ActivityKind.CALL,
            occurred_at=start + timedelta(days=5 * number),
            direction=CallDirection.OUTGOING,
            duration_seconds=7 * 60 + 15 * number,
            recording=ContentFile(tone_wav(440.0 + 60 * number), name=f"closing-{company.pk}-{number}.wav"),
        )
    activity_create(
        user=author,
        company=company,
        kind=ActivityKind.PROPOSAL,
        occurred_at=start + timedelta(days=6),
        proposal_template=template,
        acknowledged=True,
    )


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    template = ProposalTemplate.objects.filter(is_recommended=True).first()
    tariffs = list(Tariff.objects.filter(is_active=True)[:3])
    if template is None or not tariffs or ClosingAssistRequest.objects.exists():
        return 0
    written = 0
    for office in offices:
        owner = office.owner
        if owner is None:
            continue
        # Clients without a logged call, so the demo's own calls are the whole story.
        fresh = list(Company.objects.filter(office=office, activities__isnull=True).order_by("name", "pk")[:2])
        if len(fresh) < 2:
            continue
        ready, draft = fresh
        _log_ready_history(owner, ready, template)
        closing = closing_assist_create(
            user=owner,
            company=ready,
            tariffs_presented=tariffs,
            considered_tariff=tariffs[-1],
            site_traffic=ready.site_traffic_monthly or 4500,
            history=HISTORY,
            why_not_paying=WHY_NOT_PAYING,
            joint_call_channel=JointCallChannel.WHATSAPP,
            joint_call_at=timezone.now() + timedelta(days=3),
            owner_attends=True,
            staff_member_attends=True,
        )
        # A demo client lacking something (e.g. a site) stays a draft that shows what is missing.
        with suppress(ValidationError):
            closing_assist_submit(user=owner, closing=closing)
        closing_assist_create(user=owner, company=draft, history="Созвонились один раз, клиент думает.")
        written += 6
    return written
