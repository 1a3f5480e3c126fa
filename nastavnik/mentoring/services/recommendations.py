"""Every write to recommendations: the account manager gives one, the office applies it, overdue ones are chased."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.clients.models import GOLDEN_LIST_TAG
from nastavnik.deals.models import Deal
from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models import CallReview, MonthlyPlan, Recommendation
from nastavnik.mentoring.selectors.recommendations import can_apply, overdue_filter
from nastavnik.notifications.services import notify
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import is_mentor_of


def _url(recommendation: Recommendation) -> str:
    return reverse("mentoring:recommendations-detail", args=[recommendation.pk])


def _check_links(
    *,
    office: Office,
    source: str,
    deal: Deal | None,
    call_review: CallReview | None,
    plan: MonthlyPlan | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if source not in RecommendationSource.values:
        errors["source"] = _("Неизвестный источник рекомендации.")
    if deal is not None and deal.office_id != office.pk:
        errors["deal"] = _("Сделка принадлежит другому представительству.")
    if call_review is not None and call_review.office_id != office.pk:
        errors["call_review"] = _("Разбор звонков относится к другому представительству.")
    if plan is not None and plan.office_id != office.pk:
        errors["plan"] = _("План относится к другому представительству.")
    if source == RecommendationSource.GOLDEN_LIST and "deal" not in errors:
        if deal is None:
            errors["deal"] = _("Укажите сделку из «Золотого списка».")
        elif not deal.tags.filter(name=GOLDEN_LIST_TAG).exists():
            errors["deal"] = _("Сделка не отмечена тегом «Золотой список».")
    if source == RecommendationSource.CALL_REVIEW and call_review is None and "call_review" not in errors:
        errors["call_review"] = _("Укажите разбор звонков, к которому относится рекомендация.")
    if source == RecommendationSource.PLAN and plan is None and "plan" not in errors:
        errors["plan"] = _("Укажите план, к которому относится рекомендация.")
    return errors


@transaction.atomic
def recommendation_give(
    *,
    author: User,
    office: Office,
    source: str,
    text: str,
    deal: Deal | None = None,
    call_review: CallReview | None = None,
    plan: MonthlyPlan | None = None,
    assignee: User | None = None,
    due_on: date | None = None,
) -> Recommendation:
    """The account manager advises the office; the assignee (or the owner when nobody is named) is told."""
    if not is_mentor_of(author, office):
        raise PermissionDenied(_("Рекомендации представительству даёт его аккаунт-менеджер."))
    errors = _check_links(office=office, source=source, deal=deal, call_review=call_review, plan=plan)
    if not (text or "").strip():
        errors["text"] = _("Напишите текст рекомендации.")
    if assignee is not None and (assignee.office_id != office.pk or not assignee.is_active):
        errors["assignee"] = _("Исполнитель должен работать в этом представительстве.")
    if due_on is not None and due_on < timezone.localdate():
        errors["due_on"] = _("Срок не может быть в прошлом.")
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(
        office=office,
        source=source,
        text=text.strip(),
        deal=deal,
        call_review=call_review,
        plan=plan,
        author=author,
        assignee=assignee,
        due_on=due_on,
    )
    recipient = assignee or office.owner
    if recipient is not None:
        notify(
            user=recipient,
            text=_("Новая рекомендация аккаунт-менеджера: %(text)s") % {"text": recommendation.text[:120]},
            url=_url(recommendation),
            email=True,
        )
    return recommendation


@transaction.atomic
def recommendation_apply(*, user: User, recommendation: Recommendation, note: str) -> Recommendation:
    """The assignee, or the office's owner or a manager, records how the advice was applied; the AM is told."""
    locked = Recommendation.objects.select_for_update(of=("self",)).select_related("office")
    recommendation = locked.get(pk=recommendation.pk)
    if recommendation.applied_at is not None:
        raise ValidationError({"note": _("Рекомендация уже отмечена применённой.")})
    if not can_apply(user, recommendation):
        raise PermissionDenied(_("Отметить рекомендацию может исполнитель, владелец или менеджер представительства."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Опишите, как применили рекомендацию.")})
    recommendation.applied_at = timezone.now()
    recommendation.applied_by = user
    recommendation.applied_note = note.strip()
    recommendation.save(update_fields=["applied_at", "applied_by", "applied_note"])
    recipients = {recommendation.author, recommendation.office.account_manager} - {None, user}
    for recipient in recipients:
        notify(
            user=recipient,  # type: ignore[arg-type]
            text=_("%(office)s: рекомендация применена — %(text)s")
            % {"office": recommendation.office.name, "text": recommendation.text[:100]},
            url=_url(recommendation),
            email=True,
        )
    return recommendation


def recommendations_notify_overdue() -> int:
    """Job: tell the assignee and the partner owner, once, that a recommendation is past its due date."""
    sent = 0
    overdue = (
        Recommendation.objects.filter(overdue_filter(), overdue_notified_at__isnull=True)
        .select_related("office", "office__owner", "assignee")
        .order_by("pk")
    )
    for recommendation in overdue:
        with transaction.atomic():
            recipients = {recommendation.assignee, recommendation.office.owner} - {None}
            for recipient in recipients:
                notify(
                    user=recipient,  # type: ignore[arg-type]
                    text=_("Срок рекомендации аккаунт-менеджера прошёл (%(due)s): %(text)s")
                    % {"due": recommendation.due_on.strftime("%d.%m.%Y"), "text": recommendation.text[:100]},  # type: ignore[union-attr]
                    url=_url(recommendation),
                    email=True,
                )
            Recommendation.objects.filter(pk=recommendation.pk).update(overdue_notified_at=timezone.now())
        sent += 1
    return sent
