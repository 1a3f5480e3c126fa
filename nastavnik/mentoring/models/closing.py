from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import ClosingAssistStatus, JointCallChannel


class ClosingAssistRequest(models.Model):
    """An office asks its account manager to help close a client who is interested but does not pay (дожатие)."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="closing_assists"
    )
    company = models.ForeignKey(
        "clients.Company", verbose_name=_("клиент"), on_delete=models.CASCADE, related_name="closing_assists"
    )
    deal = models.ForeignKey(
        "deals.Deal",
        verbose_name=_("сделка"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closing_assists",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("автор"), on_delete=models.PROTECT, related_name="+"
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("сотрудник, который вёл клиента"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=ClosingAssistStatus.choices, default=ClosingAssistStatus.DRAFT
    )
    # condition 3: tariffs presented and the one the client considers
    tariffs_presented = models.ManyToManyField(
        "deals.Tariff", verbose_name=_("показанные тарифы"), blank=True, related_name="+"
    )
    considered_tariff = models.ForeignKey(
        "deals.Tariff",
        verbose_name=_("тариф, который рассматривает клиент"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # condition 4: the written summary (site and first/last touch come from the card and the timeline)
    site_traffic = models.PositiveIntegerField(_("посещаемость сайта в месяц"), null=True, blank=True)
    history = models.TextField(_("история переговоров"), blank=True)
    why_not_paying = models.TextField(_("почему клиент не платит"), blank=True)
    # condition 6: the joint call
    joint_call_channel = models.CharField(
        _("канал совместного звонка"), max_length=16, choices=JointCallChannel.choices, blank=True
    )
    joint_call_at = models.DateTimeField(_("время совместного звонка"), null=True, blank=True)
    owner_attends = models.BooleanField(_("владелец представительства участвует"), default=False)
    staff_member_attends = models.BooleanField(_("сотрудник участвует"), default=False)
    # the account manager's side
    return_reason = models.TextField(_("причина возврата"), blank=True)
    lost_reason = models.CharField(_("причина отказа"), max_length=300, blank=True)
    payment = models.ForeignKey(
        "deals.Payment", verbose_name=_("оплата"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("отправлена"), null=True, blank=True)
    decided_at = models.DateTimeField(_("решение аккаунт-менеджера"), null=True, blank=True)
    joint_call_held_at = models.DateTimeField(_("звонок проведён"), null=True, blank=True)
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("заявка на дожатие")
        verbose_name_plural = _("заявки на дожатие")

    def __str__(self) -> str:
        return f"{self.company} — {self.get_status_display()}"
