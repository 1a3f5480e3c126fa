from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DevelopmentStage(models.Model):
    """A stage of the office development path template (onboarding, first sale, first month on plan …)."""

    name = models.CharField(_("этап"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    description = models.TextField(_("описание"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("этап пути развития")
        verbose_name_plural = _("этапы пути развития")

    def __str__(self) -> str:
        return self.name


class DevelopmentTaskTemplate(models.Model):
    """A task of a stage, due a number of days after the franchise start date."""

    stage = models.ForeignKey(DevelopmentStage, verbose_name=_("этап"), on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("задача"), max_length=300)
    due_days = models.PositiveIntegerField(_("срок, дней от начала франшизы"))

    class Meta:
        ordering = ["stage__order", "due_days", "pk"]
        verbose_name = _("задача пути развития")
        verbose_name_plural = _("задачи пути развития")

    def __str__(self) -> str:
        return self.title


class DevelopmentTask(models.Model):
    """One office's copy of a path task, with its own deadline and completion."""

    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("представительство"),
        on_delete=models.CASCADE,
        related_name="development_tasks",
    )
    template = models.ForeignKey(
        DevelopmentTaskTemplate, verbose_name=_("шаблон"), null=True, blank=True, on_delete=models.SET_NULL
    )
    stage = models.ForeignKey(DevelopmentStage, verbose_name=_("этап"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("задача"), max_length=300)
    due_on = models.DateField(_("срок"))
    done_at = models.DateTimeField(_("выполнено"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто выполнил"),
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
        help_text=_("Пусто у задач из шаблона; заполнено у дополнительных задач аккаунт-менеджера."),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True, null=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "template"],
                condition=models.Q(template__isnull=False),
                name="development_task_once_per_office",
            )
        ]
        verbose_name = _("задача представительства")
        verbose_name_plural = _("задачи представительства")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
