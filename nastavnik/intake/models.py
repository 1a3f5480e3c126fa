from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company, Contact
from nastavnik.deals.models import Deal
from nastavnik.intake.choices import (
    CallCardStatus,
    CallOutcome,
    ImportStatus,
    TelephonyOutcome,
    WebOutcome,
)
from nastavnik.offices.models import Office, Region

USER = settings.AUTH_USER_MODEL
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class DutyShift(models.Model):
    """One day of the duty roster: the manager who takes incoming calls that name nobody (Moscow)."""

    date = models.DateField(_("дата"), unique=True)
    manager = models.ForeignKey(USER, verbose_name=_("дежурный"), on_delete=models.PROTECT, related_name="duty_shifts")

    class Meta:
        ordering = ["date"]
        verbose_name = _("дежурство")
        verbose_name_plural = _("график дежурств")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.manager}"


class IncomingCallCard(models.Model):
    """The duty manager's screen during an incoming call, saved as they type (seed 002's conversation)."""

    manager = models.ForeignKey(USER, verbose_name=_("менеджер"), on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("начало звонка"))
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    question = models.TextField(_("вопрос клиента"), blank=True)
    materials_email = models.CharField(_("e-mail для материалов"), max_length=254, blank=True)
    recipient_name = models.CharField(_("на чьё имя выслать"), max_length=200, blank=True)
    organisation = models.CharField(_("организация"), max_length=300, blank=True)
    industry = models.CharField(_("сфера деятельности"), max_length=200, blank=True)
    heard_from = models.CharField(_("откуда узнали о нас"), max_length=200, blank=True)
    company = models.ForeignKey(
        Company, verbose_name=_("компания"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal = models.ForeignKey(
        Deal, verbose_name=_("сделка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transferred_to = models.ForeignKey(
        USER, verbose_name=_("переведён на"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("статус"), max_length=16, choices=CallCardStatus.choices, default=CallCardStatus.OPEN)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("карточка входящего звонка")
        verbose_name_plural = _("карточки входящих звонков")

    def __str__(self) -> str:
        return f"{self.phone} {self.started_at:%d.%m.%Y %H:%M}"


class TelephonyCall(models.Model):
    """A finished call reported by the PBX; idempotent by the PBX's own call id."""

    pbx_call_id = models.CharField(_("id звонка в АТС"), max_length=100, unique=True)
    caller = models.CharField(_("кто звонил"), max_length=40)
    called_user = models.ForeignKey(
        USER, verbose_name=_("кому звонили"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_to = models.ForeignKey(
        USER, verbose_name=_("кто принял"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("начало"))
    duration_seconds = models.PositiveIntegerField(_("длительность, секунд"), default=0)
    recording_url = models.URLField(_("ссылка на запись"), max_length=500, blank=True)
    company = models.ForeignKey(
        Company, verbose_name=_("компания"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("результат"), max_length=20, choices=TelephonyOutcome.choices)
    created_at = models.DateTimeField(_("получено"), auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("звонок АТС")
        verbose_name_plural = _("звонки АТС")

    def __str__(self) -> str:
        return self.pbx_call_id


class IntakeSite(models.Model):
    """A website that posts registrations to the web intake with its own secret token (stored hashed)."""

    office = models.ForeignKey(Office, verbose_name=_("представительство"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("название"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(_("принимает заявки"), default=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("сайт для заявок")
        verbose_name_plural = _("сайты для заявок")

    def __str__(self) -> str:
        return self.name


class WebRegistration(models.Model):
    """A registration from a website (a download or a request for information) and how it was routed."""

    site = models.ForeignKey(IntakeSite, verbose_name=_("сайт"), on_delete=models.PROTECT, related_name="registrations")
    received_at = models.DateTimeField(_("получено"), auto_now_add=True)
    name = models.CharField(_("имя"), max_length=200, blank=True)
    company_name = models.CharField(_("компания"), max_length=300, blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    website = models.CharField(_("сайт"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("сообщение"), blank=True)
    material = models.CharField(_("скачанный материал"), max_length=300, blank=True)
    outcome = models.CharField(_("результат"), max_length=20, choices=WebOutcome.choices, blank=True)
    company = models.ForeignKey(
        Company, verbose_name=_("компания"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal = models.ForeignKey(
        Deal, verbose_name=_("сделка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(
        USER, verbose_name=_("менеджер"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agent = models.ForeignKey(
        USER, verbose_name=_("агент"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("заявка с сайта")
        verbose_name_plural = _("заявки с сайта")

    def __str__(self) -> str:
        return f"{self.company_name or self.name} ({self.received_at:%d.%m.%Y})"


class CallList(models.Model):
    """A list of organisations an agent cold-calls (imported)."""

    office = models.ForeignKey(Office, verbose_name=_("представительство"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("название"), max_length=200)
    agent = models.ForeignKey(USER, verbose_name=_("агент"), on_delete=models.PROTECT, related_name="call_lists")
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("список обзвона")
        verbose_name_plural = _("списки обзвона")

    def __str__(self) -> str:
        return self.name


class CallListEntry(models.Model):
    """One organisation of a call list and the outcome of the agent's call."""

    call_list = models.ForeignKey(CallList, on_delete=models.CASCADE, related_name="entries")
    company_name = models.CharField(_("компания"), max_length=300)
    contact_name = models.CharField(_("контакт"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    website = models.CharField(_("сайт"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("результат"), max_length=20, choices=CallOutcome.choices, default=CallOutcome.PENDING)
    note = models.TextField(_("комментарий"), blank=True)
    called_at = models.DateTimeField(_("когда звонили"), null=True, blank=True)
    meeting_at = models.DateTimeField(_("встреча"), null=True, blank=True)
    company = models.ForeignKey(
        Company, verbose_name=_("компания"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("контакт"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal = models.ForeignKey(
        Deal, verbose_name=_("сделка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("строка списка обзвона")
        verbose_name_plural = _("строки списка обзвона")

    def __str__(self) -> str:
        return self.company_name


class CommissionRule(models.Model):
    """An office's commission shares on a won deal that an agent opened: the agent's and the manager's."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="commission_rule")
    agent_percent = models.DecimalField(
        _("агенту, %"), max_digits=5, decimal_places=2, default=Decimal("5"), validators=PERCENT
    )
    manager_percent = models.DecimalField(
        _("менеджеру, %"), max_digits=5, decimal_places=2, default=Decimal("10"), validators=PERCENT
    )

    class Meta:
        verbose_name = _("правило комиссии")
        verbose_name_plural = _("правила комиссии")

    def __str__(self) -> str:
        return f"{self.office}: {self.agent_percent}% / {self.manager_percent}%"


class Commission(models.Model):
    """A commission earned by a person on a won deal."""

    deal = models.ForeignKey(Deal, verbose_name=_("сделка"), on_delete=models.CASCADE, related_name="commissions")
    user = models.ForeignKey(USER, verbose_name=_("кому"), on_delete=models.PROTECT, related_name="commissions")
    percent = models.DecimalField(_("процент"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("сумма"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(_("начислено"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["deal", "user"], name="commission_once_per_deal_and_user")]
        verbose_name = _("комиссия")
        verbose_name_plural = _("комиссии")

    def __str__(self) -> str:
        return f"{self.user}: {self.amount}"


def import_path(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.office_id}/{filename}"


class ImportJob(models.Model):
    """An uploaded list of clients (an event's contacts, a call list): checked in a dry run, then imported."""

    office = models.ForeignKey(Office, verbose_name=_("представительство"), on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("кто загрузил"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("источник"), max_length=16, choices=LeadSource.choices, default=LeadSource.EVENT)
    event_name = models.CharField(_("мероприятие"), max_length=200, blank=True)
    file = models.FileField(_("файл"), upload_to=import_path)
    original_name = models.CharField(_("имя файла"), max_length=255)
    mapping = models.JSONField(_("соответствие колонок"), default=dict, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("строк"), default=0)
    processed_rows = models.PositiveIntegerField(_("обработано"), default=0)
    summary = models.JSONField(_("итоги"), default=dict, blank=True)
    report = models.FileField(_("отчёт"), upload_to=import_path, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("импорт")
        verbose_name_plural = _("импорты")

    def __str__(self) -> str:
        return self.original_name

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
