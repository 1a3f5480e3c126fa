from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models.plans import MonthlyPlan
from nastavnik.mentoring.models.reviews import CallReview


class Recommendation(models.Model):
    """Advice from the account manager (a call review, a golden-list review, a plan talk) that an office applies."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="recommendations"
    )
    source = models.CharField(_("откуда"), max_length=16, choices=RecommendationSource.choices)
    deal = models.ForeignKey(
        "deals.Deal",
        verbose_name=_("сделка"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    call_review = models.ForeignKey(
        CallReview,
        verbose_name=_("разбор звонков"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    plan = models.ForeignKey(
        MonthlyPlan,
        verbose_name=_("план"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    text = models.TextField(_("рекомендация"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("автор"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("исполнитель"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_recommendations",
    )
    due_on = models.DateField(_("срок"), null=True, blank=True)
    applied_at = models.DateTimeField(_("применена"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто применил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_note = models.TextField(_("как применена"), blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("рекомендация")
        verbose_name_plural = _("рекомендации")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.applied_at is None and self.due_on is not None and self.due_on < timezone.localdate()
