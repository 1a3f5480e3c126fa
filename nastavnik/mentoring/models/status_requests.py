from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import Recurrence, StatusRequestScope


class StatusRequest(models.Model):
    """The account manager asks an office for the current situation of its active and/or inactive clients."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="status_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто запросил"), on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(_("клиенты"), max_length=16, choices=StatusRequestScope.choices)
    note = models.TextField(_("что нужно"), blank=True)
    due_on = models.DateField(_("срок"), null=True, blank=True)
    recurrence = models.CharField(_("повтор"), max_length=16, choices=Recurrence.choices, blank=True)
    next_run_on = models.DateField(_("следующий запрос"), null=True, blank=True)
    repeated_from = models.ForeignKey(
        "self", verbose_name=_("повтор запроса"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("все ответы получены"), null=True, blank=True)
    # Set once the due date has passed with answers outstanding and both sides were told.
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("запрос информации по клиентам")
        verbose_name_plural = _("запросы информации по клиентам")

    def __str__(self) -> str:
        return f"{self.office}: {self.get_scope_display()} {self.created_at:%d.%m.%Y}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class StatusAnswer(models.Model):
    """One client in a status request: the office's comment, the client's mobile and e-mail, recordings."""

    request = models.ForeignKey(
        StatusRequest, verbose_name=_("запрос"), on_delete=models.CASCADE, related_name="answers"
    )
    company = models.ForeignKey("clients.Company", verbose_name=_("клиент"), on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(_("комментарий"), blank=True)
    mobile_phone = models.CharField(_("мобильный телефон"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    recordings = models.ManyToManyField(
        "activities.Activity", verbose_name=_("записи звонков"), blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто ответил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("ответ"), null=True, blank=True)

    class Meta:
        ordering = ["company__name"]
        constraints = [models.UniqueConstraint(fields=["request", "company"], name="status_answer_unique")]
        verbose_name = _("ответ по клиенту")
        verbose_name_plural = _("ответы по клиентам")

    def __str__(self) -> str:
        return str(self.company)

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
