from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import QuestionStatus, QuestionTopic


class Question(models.Model):
    """A question from an office to its account manager, due within two working hours (seed 000)."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто спросил"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("тема"), max_length=16, choices=QuestionTopic.choices)
    text = models.TextField(_("вопрос"))
    asked_at = models.DateTimeField(_("задан"), db_index=True)
    due_at = models.DateTimeField(_("ответить до"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отвечает"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_questions",
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто передал специалисту"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    routed_at = models.DateTimeField(_("передан специалисту"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    answer = models.TextField(_("ответ"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто ответил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("отвечен"), null=True, blank=True)
    breach_notified_at = models.DateTimeField(_("о просрочке сообщено"), null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("вопрос аккаунт-менеджеру")
        verbose_name_plural = _("вопросы аккаунт-менеджеру")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.status == QuestionStatus.OPEN

    def is_breached(self, now: datetime) -> bool:
        """Still unanswered past the due time, or answered after it."""
        if self.answered_at is not None:
            return self.answered_at > self.due_at
        return now > self.due_at
