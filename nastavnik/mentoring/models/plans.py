from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.deals.models import MONEY


class MonthlyPlan(models.Model):
    """An office's target for a month in roubles, agreed with its account manager; the fact is its payments."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="monthly_plans"
    )
    month = models.DateField(_("месяц"), help_text=_("Первое число месяца."))
    target = models.DecimalField(_("план, ₽"), **MONEY)  # type: ignore[arg-type]
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("согласовал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("согласован"), null=True, blank=True)
    note = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "office__name"]
        constraints = [models.UniqueConstraint(fields=["office", "month"], name="monthly_plan_one_per_month")]
        verbose_name = _("месячный план")
        verbose_name_plural = _("месячные планы")

    def __str__(self) -> str:
        return f"{self.office}: {self.month:%m.%Y}"


class PlanAction(models.Model):
    """One step of the plan's cycle of actions: what, who, by when, done."""

    plan = models.ForeignKey(MonthlyPlan, verbose_name=_("план"), on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("что сделать"), max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("к какому сроку"), null=True, blank=True)
    done_at = models.DateTimeField(_("выполнено"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отметил выполнение"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто добавил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("действие плана")
        verbose_name_plural = _("действия плана")

    def __str__(self) -> str:
        return self.title
