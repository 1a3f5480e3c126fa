"""Every write to questions to the account manager: asking, routing to a specialist, answering, breach alerts."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.lib.workcalendar import CalendarUnknownError, working_deadline
from nastavnik.mentoring.choices import QuestionStatus, QuestionTopic
from nastavnik.mentoring.models import Question
from nastavnik.notifications.services import notify
from nastavnik.offices.choices import Role, SpecialistArea
from nastavnik.offices.models import User
from nastavnik.offices.selectors import has_full_access, is_mentor_of

TEXT_MAX = 4000
ASKING_ROLES = frozenset({Role.PARTNER_OWNER, Role.MANAGER, Role.AGENT})

# A topic of one of these areas goes to a specialist of that area; training and other go to any specialist.
TOPIC_AREAS = {
    QuestionTopic.LEGAL: SpecialistArea.LEGAL,
    QuestionTopic.TECHNICAL: SpecialistArea.TECHNICAL,
    QuestionTopic.BILLING: SpecialistArea.BILLING,
}


def _url(question: Question) -> str:
    return reverse("mentoring:questions-detail", args=[question.pk])


def _clean_text(text: str, field: str, empty_message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: empty_message})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: _("Не длиннее %(max)s символов.") % {"max": TEXT_MAX}})
    return text


def can_ask(user: User) -> bool:
    """Staff of a partner office (owner, managers, agents) ask their account manager."""
    return bool(user.is_authenticated and user.role in ASKING_ROLES and user.office_id)


def can_route(user: User, question: Question) -> bool:
    """The office's account manager or a head sends an open question on to a specialist."""
    if not question.is_open or question.topic == QuestionTopic.SALES:
        return False
    return is_mentor_of(user, question.office)


def can_answer(user: User, question: Question) -> bool:
    """Whoever the question is assigned to, the office's account manager, or a head."""
    if not question.is_open:
        return False
    return has_full_access(user) or user.pk in (question.assignee_id, question.office.account_manager_id)


def ensure_can_route(user: User, question: Question) -> None:
    if not is_mentor_of(user, question.office):
        raise PermissionDenied(_("Передать вопрос специалисту может аккаунт-менеджер представительства."))


def ensure_can_answer(user: User, question: Question) -> None:
    if not (has_full_access(user) or user.pk in (question.assignee_id, question.office.account_manager_id)):
        raise PermissionDenied(_("Ответить может аккаунт-менеджер представительства или назначенный специалист."))


def question_due_at(asked_at: datetime) -> datetime:
    """The answer is due QUESTION_ANSWER_HOURS working hours after asking; a year the calendar lacks is refused.

    A due time in a year without an official production calendar would be a guess, and a question with no
    due time could never breach: so the question is refused with a message naming the year, the asker
    reaches the account manager another way, and an administrator updates the `holidays` package.
    """
    try:
        return working_deadline(asked_at, settings.QUESTION_ANSWER_HOURS)
    except CalendarUnknownError as error:
        year = _unknown_year(error, asked_at)
        raise ValidationError(
            _(
                "Производственный календарь на %(year)s год ещё неизвестен системе, поэтому срок ответа "
                "посчитать нельзя. Свяжитесь с аккаунт-менеджером напрямую и сообщите администратору: "
                "нужно обновить календарь праздников."
            )
            % {"year": year}
        ) from error


def _unknown_year(error: CalendarUnknownError, asked_at: datetime) -> int:
    for word in str(error).split():
        if word.isdigit() and len(word) == 4:
            return int(word)
    return asked_at.year


@transaction.atomic
def question_ask(*, user: User, topic: str, text: str, asked_at: datetime | None = None) -> Question:
    """An office employee asks the office's account manager; the answer is due in working hours."""
    if not can_ask(user):
        raise PermissionDenied(_("Вопросы аккаунт-менеджеру задают сотрудники представительства."))
    office = user.office
    errors: dict[str, str] = {}
    if topic not in QuestionTopic.values:
        errors["topic"] = _("Выберите тему из списка.")
    try:
        text = _clean_text(text, "text", _("Напишите вопрос."))
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if office is None or office.account_manager_id is None:
        errors["__all__"] = _("У представительства не назначен аккаунт-менеджер: вопрос некому задать.")
    if errors:
        raise ValidationError(errors)
    assert office is not None and office.account_manager is not None
    asked_at = asked_at or timezone.now()
    question = Question.objects.create(
        office=office,
        asked_by=user,
        topic=topic,
        text=text,
        asked_at=asked_at,
        due_at=question_due_at(asked_at),
        assignee=office.account_manager,
    )
    notify(
        user=office.account_manager,
        text=_("Новый вопрос от «%(office)s»: %(text)s") % {"office": office.name, "text": text[:100]},
        url=_url(question),
        email=True,
    )
    return question


def _check_specialist(question: Question, specialist: User) -> None:
    if specialist.role != Role.SPECIALIST or not specialist.is_active:
        raise ValidationError({"specialist": _("Выберите действующего специалиста.")})
    area = TOPIC_AREAS.get(QuestionTopic(question.topic))
    if area is not None and specialist.specialist_area != area:
        raise ValidationError(
            {
                "specialist": _("На тему «%(topic)s» отвечает специалист направления «%(area)s».")
                % {"topic": question.get_topic_display(), "area": area.label}
            }
        )


@transaction.atomic
def question_route(*, user: User, question: Question, specialist: User) -> Question:
    """The account manager (or a head) hands a question that is not about sales to a specialist; the due time stays."""
    question = Question.objects.select_for_update(of=("self",)).select_related("office").get(pk=question.pk)
    ensure_can_route(user, question)
    if not question.is_open:
        raise ValidationError(_("На вопрос уже ответили."))
    if question.topic == QuestionTopic.SALES:
        raise ValidationError({"specialist": _("На вопросы о продажах отвечает сам аккаунт-менеджер.")})
    _check_specialist(question, specialist)
    if question.assignee_id == specialist.pk:
        raise ValidationError({"specialist": _("Вопрос уже у этого специалиста.")})
    question.assignee = specialist
    question.routed_by = user
    question.routed_at = timezone.now()
    question.save(update_fields=["assignee", "routed_by", "routed_at"])
    notify(
        user=specialist,
        text=_("Вам передан вопрос от «%(office)s», ответить до %(due)s")
        % {"office": question.office.name, "due": _local(question.due_at)},
        url=_url(question),
        email=True,
    )
    return question


@transaction.atomic
def question_answer(*, user: User, question: Question, answer: str) -> Question:
    """The assignee, the account manager or a head answers; the asker is told."""
    question = Question.objects.select_for_update(of=("self",)).select_related("office").get(pk=question.pk)
    ensure_can_answer(user, question)
    if not question.is_open:
        raise ValidationError(_("На вопрос уже ответили."))
    question.answer = _clean_text(answer, "answer", _("Напишите ответ."))
    question.answered_by = user
    question.answered_at = timezone.now()
    question.status = QuestionStatus.ANSWERED
    question.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    notify(
        user=question.asked_by,
        text=_("Ответ на ваш вопрос: %(text)s") % {"text": question.text[:100]},
        url=_url(question),
        email=True,
    )
    return question


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def questions_notify_breaches(*, now: datetime | None = None) -> int:
    """Job, every minute: tell the heads, the account manager and the assignee once per overdue open question."""
    now = now or timezone.now()
    heads = list(User.objects.filter(role=Role.HEAD, is_active=True))
    overdue = Question.objects.filter(
        status=QuestionStatus.OPEN, due_at__lt=now, breach_notified_at__isnull=True
    ).select_related("office__account_manager", "assignee")
    notified = 0
    for question in overdue:
        with transaction.atomic():
            # The conditional update claims the question, so two overlapping runs never alert twice.
            claimed = Question.objects.filter(pk=question.pk, breach_notified_at__isnull=True).update(
                breach_notified_at=now
            )
            if not claimed:
                continue
            text = _("Просрочен ответ на вопрос «%(office)s» (срок %(due)s): %(text)s") % {
                "office": question.office.name,
                "due": _local(question.due_at),
                "text": question.text[:100],
            }
            recipients = {head.pk: head for head in heads}
            for person in (question.office.account_manager, question.assignee):
                if person is not None and person.is_active:
                    recipients[person.pk] = person
            for person in recipients.values():
                notify(user=person, text=text, url=_url(question), email=True)
            notified += 1
    return notified
