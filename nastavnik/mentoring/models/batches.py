from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import BatchItemOutcome, DealBatchStatus


class DealBatch(models.Model):
    """A batch (база) of worked-but-unpaid deals from the HQ pool handed to an office on its request."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="deal_batches"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто запросил"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("пожелания"), blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=DealBatchStatus.choices, default=DealBatchStatus.REQUESTED
    )
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто передал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handed_over_at = models.DateTimeField(_("передана"), null=True, blank=True)
    processed_at = models.DateTimeField(_("обработана"), null=True, blank=True)
    created_at = models.DateTimeField(_("запрошена"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("база сделок")
        verbose_name_plural = _("базы сделок")

    def __str__(self) -> str:
        return f"{self.office}: {self.created_at:%d.%m.%Y}"


class DealBatchItem(models.Model):
    """One pooled deal in a batch; processed once the office has touched it again and recorded an outcome."""

    batch = models.ForeignKey(DealBatch, verbose_name=_("база"), on_delete=models.CASCADE, related_name="items")
    deal = models.ForeignKey("deals.Deal", verbose_name=_("сделка"), on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("clients.Company", verbose_name=_("клиент"), on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("результат"), max_length=16, choices=BatchItemOutcome.choices, blank=True)
    outcome_note = models.CharField(_("комментарий к результату"), max_length=300, blank=True)
    outcome_at = models.DateTimeField(_("результат записан"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто записал результат"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "deal"], name="deal_batch_item_unique")]
        verbose_name = _("сделка базы")
        verbose_name_plural = _("сделки базы")

    def __str__(self) -> str:
        return str(self.deal)
