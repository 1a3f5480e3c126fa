from django.db import models
from django.utils.translation import gettext_lazy as _


class ClosingAssistStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Отправлена")
    ACCEPTED = "accepted", _("Принята")
    RETURNED = "returned", _("Возвращена")
    JOINT_CALL_HELD = "joint_call_held", _("Совместный звонок проведён")
    WON = "won", _("Оплата")
    LOST = "lost", _("Отказ")


class JointCallChannel(models.TextChoices):
    SKYPE = "skype", "Skype"
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    ZOOM = "zoom", "Zoom"
    PHONE = "phone", _("Телефон")


class CallReviewStatus(models.TextChoices):
    REQUESTED = "requested", _("Запрошены записи")
    SENT = "sent", _("Записи отправлены")
    REVIEWED = "reviewed", _("Обратная связь дана")


class StatusRequestScope(models.TextChoices):
    ACTIVE = "active", _("Действующие клиенты")
    INACTIVE = "inactive", _("Недействующие клиенты")
    ALL = "all", _("Все клиенты")


class Recurrence(models.TextChoices):
    NONE = "", _("Однократно")
    WEEKLY = "weekly", _("Еженедельно")
    MONTHLY = "monthly", _("Ежемесячно")


class RecommendationSource(models.TextChoices):
    CALL_REVIEW = "call_review", _("Разбор звонков")
    GOLDEN_LIST = "golden_list", _("Золотой список")
    PLAN = "plan", _("Обсуждение плана")
    OTHER = "other", _("Другое")


class DealBatchStatus(models.TextChoices):
    REQUESTED = "requested", _("Запрошена")
    HANDED_OVER = "handed_over", _("Передана")
    PROCESSED = "processed", _("Обработана")
    CANCELLED = "cancelled", _("Отменена")


class BatchItemOutcome(models.TextChoices):
    PENDING = "", _("Нет результата")
    IN_WORK = "in_work", _("Переговоры идут")
    WON = "won", _("Оплата")
    LOST = "lost", _("Отказ")


class QuestionTopic(models.TextChoices):
    SALES = "sales", _("Продажи")
    TRAINING = "training", _("Обучение")
    LEGAL = "legal", _("Юридический вопрос")
    TECHNICAL = "technical", _("Технический вопрос")
    BILLING = "billing", _("Оплата и счета")
    OTHER = "other", _("Другое")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Ждёт ответа")
    ANSWERED = "answered", _("Отвечен")
