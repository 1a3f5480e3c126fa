"""Every write to call reviews: the account manager requests recordings, the office sends calls, feedback comes back."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.models import Activity
from nastavnik.mentoring.choices import CallReviewStatus
from nastavnik.mentoring.models import CallReview, CallReviewItem, CallReviewScore
from nastavnik.mentoring.selectors.recommendations import is_office_side
from nastavnik.mentoring.selectors.reviews import eligible_calls, review_criteria
from nastavnik.notifications.services import notify
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import is_mentor_of

SCORE_MIN, SCORE_MAX = 1, 5
TOPIC_MAX = 300


def _url(review: CallReview) -> str:
    return reverse("mentoring:reviews-detail", args=[review.pk])


def _office_recipients(review: CallReview) -> set[User]:
    return {user for user in (review.office.owner, review.manager, review.sent_by) if user is not None}


@transaction.atomic
def call_review_request(
    *,
    user: User,
    office: Office,
    period_from: date,
    period_to: date,
    manager: User | None = None,
    topic: str = "",
) -> CallReview:
    """The account manager asks the office for recordings of a period (of one manager, on a topic)."""
    if not is_mentor_of(user, office):
        raise PermissionDenied(_("Записи звонков запрашивает аккаунт-менеджер представительства."))
    errors: dict[str, str] = {}
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = _("Конец периода раньше его начала.")
    if period_from and period_from > timezone.localdate():
        errors["period_from"] = _("Период не может начинаться в будущем.")
    if manager is not None and manager.office_id != office.pk:
        errors["manager"] = _("Сотрудник должен работать в этом представительстве.")
    if len(topic or "") > TOPIC_MAX:
        errors["topic"] = _("Тема длиннее %(max)s символов.") % {"max": TOPIC_MAX}
    if errors:
        raise ValidationError(errors)
    review = CallReview.objects.create(
        office=office,
        requested_by=user,
        period_from=period_from,
        period_to=period_to,
        manager=manager,
        topic=(topic or "").strip(),
    )
    text = _("Аккаунт-менеджер запросил записи звонков за %(from)s–%(to)s") % {
        "from": period_from.strftime("%d.%m.%Y"),
        "to": period_to.strftime("%d.%m.%Y"),
    }
    for recipient in _office_recipients(review):
        notify(user=recipient, text=text, url=_url(review), email=True)
    return review


@transaction.atomic
def call_review_send(*, user: User, review: CallReview, calls: Iterable[Activity]) -> CallReview:
    """The office picks recorded calls of its own within the requested period (and manager) and sends them."""
    review = CallReview.objects.select_for_update(of=("self",)).select_related("office").get(pk=review.pk)
    if not is_office_side(user, review.office):
        raise PermissionDenied(_("Звонки на разбор отправляет представительство."))
    if review.status != CallReviewStatus.REQUESTED:
        raise ValidationError({"calls": _("Звонки по этому запросу уже отправлены.")})
    call_ids = {call.pk for call in calls}
    if not call_ids:
        raise ValidationError({"calls": _("Выберите хотя бы один звонок.")})
    allowed = set(eligible_calls(review).filter(pk__in=call_ids).values_list("pk", flat=True))
    if call_ids - allowed:
        raise ValidationError(
            {
                "calls": _(
                    "Можно отправить только записанные звонки своего представительства "
                    "за запрошенный период и запрошенного сотрудника."
                )
            }
        )
    CallReviewItem.objects.bulk_create([CallReviewItem(review=review, call_id=pk) for pk in sorted(call_ids)])
    review.status = CallReviewStatus.SENT
    review.sent_by = user
    review.sent_at = timezone.now()
    review.save(update_fields=["status", "sent_by", "sent_at"])
    notify(
        user=review.requested_by,
        text=_("%(office)s отправило звонки на разбор: %(count)s")
        % {"office": review.office.name, "count": len(call_ids)},
        url=_url(review),
        email=True,
    )
    return review


@transaction.atomic
def call_review_feedback(
    *, user: User, review: CallReview, summary: str, items: Mapping[int, Mapping[str, Any]]
) -> CallReview:
    """The account manager scores every sent call on every criterion (1–5), comments it and sums up.

    items maps a review item's id to {"scores": {criterion_id: score}, "feedback": text}.
    """
    review = CallReview.objects.select_for_update(of=("self",)).select_related("office").get(pk=review.pk)
    if not is_mentor_of(user, review.office):
        raise PermissionDenied(_("Обратную связь по звонкам даёт аккаунт-менеджер представительства."))
    if review.status != CallReviewStatus.SENT:
        message = (
            _("Обратная связь уже дана.")
            if review.status == CallReviewStatus.REVIEWED
            else _("Представительство ещё не отправило звонки.")
        )
        raise ValidationError({"summary": message})
    criteria = list(review_criteria())
    errors: dict[str, str] = {}
    if not (summary or "").strip():
        errors["summary"] = _("Напишите общий вывод по звонкам.")
    review_items = list(review.items.all())
    if set(items) - {item.pk for item in review_items}:
        errors["items"] = _("Оценивать можно только звонки этого разбора.")
    scores: list[CallReviewScore] = []
    for item in review_items:
        given = items.get(item.pk) or {}
        item_scores = {int(key): value for key, value in (given.get("scores") or {}).items()}
        for criterion in criteria:
            score = item_scores.get(criterion.pk)
            if score in (None, ""):
                errors[f"item_{item.pk}_{criterion.pk}"] = _("Поставьте оценку по критерию «%(name)s».") % {
                    "name": criterion.name
                }
                continue
            try:
                score = int(score)
            except (TypeError, ValueError):
                score = 0
            if not SCORE_MIN <= score <= SCORE_MAX:
                errors[f"item_{item.pk}_{criterion.pk}"] = _("Оценка — целое число от 1 до 5.")
                continue
            scores.append(CallReviewScore(item=item, criterion=criterion, score=score))
        item.feedback = str(given.get("feedback") or "").strip()
    if errors:
        raise ValidationError(errors)
    CallReviewScore.objects.bulk_create(scores)
    CallReviewItem.objects.bulk_update(review_items, ["feedback"])
    review.summary = summary.strip()
    review.status = CallReviewStatus.REVIEWED
    review.reviewed_at = timezone.now()
    review.save(update_fields=["summary", "status", "reviewed_at"])
    for recipient in _office_recipients(review):
        notify(
            user=recipient,
            text=_("Аккаунт-менеджер дал обратную связь по звонкам за %(from)s–%(to)s")
            % {"from": review.period_from.strftime("%d.%m.%Y"), "to": review.period_to.strftime("%d.%m.%Y")},
            url=_url(review),
            email=True,
        )
    return review
