from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import CallReviewStatus


class ReviewCriterion(models.Model):
    """One line of the call scorecard (greeting, needs, objections, next step …); the list is configurable."""

    name = models.CharField(_("критерий"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("критерий оценки звонка")
        verbose_name_plural = _("критерии оценки звонков")

    def __str__(self) -> str:
        return self.name


class CallReview(models.Model):
    """The account manager asks an office for call recordings (period, manager, topic) and gives feedback."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="call_reviews"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто запросил"), on_delete=models.PROTECT, related_name="+"
    )
    period_from = models.DateField(_("период с"))
    period_to = models.DateField(_("период по"))
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("сотрудник"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_reviews",
    )
    topic = models.CharField(_("тема"), max_length=300, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=CallReviewStatus.choices, default=CallReviewStatus.REQUESTED
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отправил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("записи отправлены"), null=True, blank=True)
    summary = models.TextField(_("общий вывод"), blank=True)
    reviewed_at = models.DateTimeField(_("обратная связь дана"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("разбор звонков")
        verbose_name_plural = _("разборы звонков")

    def __str__(self) -> str:
        return f"{self.office}: {self.period_from:%d.%m.%Y}–{self.period_to:%d.%m.%Y}"


class CallReviewItem(models.Model):
    """One call the office sent for review, with the account manager's feedback on it."""

    review = models.ForeignKey(CallReview, verbose_name=_("разбор"), on_delete=models.CASCADE, related_name="items")
    call = models.ForeignKey(
        "activities.Activity", verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="review_items"
    )
    feedback = models.TextField(_("обратная связь"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "call"], name="call_review_item_unique")]
        verbose_name = _("звонок на разборе")
        verbose_name_plural = _("звонки на разборе")

    def __str__(self) -> str:
        return str(self.call)


class CallReviewScore(models.Model):
    """A score (1–5) of one call on one criterion of the scorecard."""

    item = models.ForeignKey(CallReviewItem, verbose_name=_("звонок"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, verbose_name=_("критерий"), on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(_("оценка"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "criterion"], name="call_review_score_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="call_review_score_range"),
        ]
        verbose_name = _("оценка")
        verbose_name_plural = _("оценки")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
