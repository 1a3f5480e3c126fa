from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company, Contact, Tag
from nastavnik.deals.choices import InvoiceStatus, PaymentStatus
from nastavnik.offices.models import Office

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Stage(models.Model):
    """A step of the sales pipeline; the order and the won/lost flags are configured by admins."""

    name = models.CharField(_("название"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_won = models.BooleanField(_("выигрыш"), default=False)
    is_lost = models.BooleanField(_("проигрыш"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("этап")
        verbose_name_plural = _("этапы")

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.is_won or self.is_lost


class Tariff(models.Model):
    """A product plan of the franchisor that offices sell."""

    name = models.CharField(_("название"), max_length=100, unique=True)
    monthly_price = models.DecimalField(_("цена в месяц"), **MONEY)  # type: ignore[arg-type]
    period_months = models.PositiveSmallIntegerField(_("период, месяцев"), default=12)
    is_active = models.BooleanField(_("в продаже"), default=True)

    class Meta:
        ordering = ["monthly_price"]
        verbose_name = _("тариф")
        verbose_name_plural = _("тарифы")

    def __str__(self) -> str:
        return self.name


class Deal(models.Model):
    """A sale in progress (процесс продажи); first and last touch come from the timeline."""

    office = models.ForeignKey(
        Office, verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="deals"
    )
    company = models.ForeignKey(Company, verbose_name=_("компания"), on_delete=models.CASCADE, related_name="deals")
    contact = models.ForeignKey(
        Contact, verbose_name=_("контакт"), null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    title = models.CharField(_("название"), max_length=200, blank=True)
    stage = models.ForeignKey(Stage, verbose_name=_("этап"), on_delete=models.PROTECT, related_name="deals")
    tariff = models.ForeignKey(
        Tariff, verbose_name=_("тариф"), null=True, blank=True, on_delete=models.PROTECT, related_name="deals"
    )
    amount = models.DecimalField(_("сумма"), default=Decimal("0"), **MONEY)  # type: ignore[arg-type]
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ответственный"), on_delete=models.PROTECT, related_name="owned_deals"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("агент"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opened_deals",
    )
    source = models.CharField(_("источник"), max_length=16, choices=LeadSource.choices, default=LeadSource.OTHER)
    opened_at = models.DateTimeField(_("открыта"))
    expected_close_on = models.DateField(_("ожидаемое закрытие"), null=True, blank=True)
    closed_at = models.DateTimeField(_("дата выигрыша или проигрыша"), null=True, blank=True)
    lost_reason = models.CharField(_("причина отказа"), max_length=300, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("теги"), blank=True, related_name="deals")
    first_touch_at = models.DateTimeField(_("первое касание"), null=True, blank=True, editable=False)
    last_touch_at = models.DateTimeField(_("последнее касание"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "first_touch_at", "last_touch_at"])

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "stage"], name="deal_office_stage"),
            models.Index(fields=["office", "-opened_at"], name="deal_office_opened"),
            # The claim check asks "does this company have an open deal in its office?" per candidate.
            models.Index(fields=["company", "office", "closed_at"], name="deal_company_office_open"),
        ]
        verbose_name = _("сделка")
        verbose_name_plural = _("сделки")

    def __str__(self) -> str:
        return self.title or f"{self.company} #{self.pk}"


class Invoice(models.Model):
    """A bill sent to a client."""

    office = models.ForeignKey(
        Office, verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="invoices"
    )
    company = models.ForeignKey(Company, verbose_name=_("компания"), on_delete=models.CASCADE, related_name="invoices")
    deal = models.ForeignKey(
        Deal, verbose_name=_("сделка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    tariff = models.ForeignKey(
        Tariff, verbose_name=_("тариф"), null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.CharField(_("номер"), max_length=40)
    amount = models.DecimalField(_("сумма"), **MONEY)  # type: ignore[arg-type]
    issued_on = models.DateField(_("дата"))
    due_on = models.DateField(_("срок оплаты"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["office", "number"], name="invoice_unique_number_per_office")]
        verbose_name = _("счёт")
        verbose_name_plural = _("счета")

    def __str__(self) -> str:
        return f"№ {self.number}"


class Payment(models.Model):
    """Money received from a client: the fact that plans and metrics count."""

    office = models.ForeignKey(
        Office, verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="payments"
    )
    company = models.ForeignKey(Company, verbose_name=_("компания"), on_delete=models.CASCADE, related_name="payments")
    deal = models.ForeignKey(
        Deal, verbose_name=_("сделка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("счёт"), null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    tariff = models.ForeignKey(
        Tariff, verbose_name=_("тариф"), null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("сумма"), **MONEY)  # type: ignore[arg-type]
    paid_on = models.DateField(_("дата"))
    status = models.CharField(_("статус"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.RECEIVED)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        indexes = [models.Index(fields=["office", "paid_on"], name="payment_office_paid_on")]
        verbose_name = _("оплата")
        verbose_name_plural = _("оплаты")

    def __str__(self) -> str:
        return f"{self.amount} ₽, {self.paid_on:%d.%m.%Y}"
