from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.clients.choices import Channel, ClientKeyKind, CompanyStatus, LeadSource, LegalForm
from nastavnik.lib.phone import format_phone
from nastavnik.offices.models import Office, Region
from nastavnik.offices.validators import validate_inn

GOLDEN_LIST_TAG = "Золотой список"


class Tag(models.Model):
    """A label shared by everyone in one office; «Золотой список» exists in every office."""

    office = models.ForeignKey(
        Office, verbose_name=_("представительство"), on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(_("название"), max_length=60)
    color = models.CharField(_("цвет"), max_length=20, default="secondary")
    is_system = models.BooleanField(_("системный тег"), default=False)

    class Meta:
        ordering = ["-is_system", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="tag_unique_name_per_office")]
        verbose_name = _("тег")
        verbose_name_plural = _("теги")

    def __str__(self) -> str:
        return self.name


class Company(models.Model):
    """A client (клиент): a company an office sells to."""

    # Indexed by company_office_name, which begins with the office.
    office = models.ForeignKey(
        Office,
        verbose_name=_("представительство"),
        on_delete=models.PROTECT,
        related_name="companies",
        db_index=False,
    )
    name = models.CharField(_("название"), max_length=300)
    legal_form = models.CharField(
        _("организационно-правовая форма"), max_length=8, choices=LegalForm.choices, blank=True
    )
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, validators=[validate_inn])
    website = models.CharField(_("сайт"), max_length=300, blank=True)
    industry = models.CharField(_("отрасль"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("источник"), max_length=16, choices=LeadSource.choices, default=LeadSource.OTHER)
    site_traffic_monthly = models.PositiveIntegerField(_("посещаемость сайта в месяц"), null=True, blank=True)
    preferred_channel = models.CharField(
        _("предпочтительный канал"), max_length=16, choices=Channel.choices, default=Channel.PHONE
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_companies",
    )
    status = models.CharField(_("статус"), max_length=16, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE)
    tags = models.ManyToManyField(Tag, verbose_name=_("теги"), blank=True, related_name="companies")
    notes = models.TextField(_("заметки"), blank=True)
    external_id = models.CharField(_("внешний id"), max_length=64, blank=True)
    # The claim: since when the current office works this client; pooled_at is set while it waits in the HQ pool.
    office_since = models.DateTimeField(_("в работе у представительства с"), default=timezone.now)
    pooled_at = models.DateTimeField(_("в общем пуле с"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    # A company's history is read by its id only; an import writes one history row per new client.
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=["office", "inn", "region", "responsible", "external_id", "pooled_at"],
    )

    class Meta:
        ordering = ["name"]
        # Exact lookups only: plain indexes (db_index would add a second one for LIKE on PostgreSQL).
        indexes = [
            models.Index(fields=["office", "name"], name="company_office_name"),
            models.Index(fields=["inn"], name="company_inn"),
            models.Index(fields=["external_id"], name="company_external_id"),
        ]
        verbose_name = _("компания")
        verbose_name_plural = _("компании")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return company_display_name(self.name, self.legal_form)


_LEGAL_FORM_LABELS = dict(LegalForm.choices)


def company_display_name(name: str, legal_form: str) -> str:
    """ООО «Ромашка»: the short legal form before the name in quotes; the name alone when the form is not set."""
    if legal_form and legal_form != LegalForm.OTHER:
        return f"{_LEGAL_FORM_LABELS.get(legal_form, legal_form)} «{name}»"
    return name


class Contact(models.Model):
    """A person at a client; people change jobs, so former contacts are kept with is_current off."""

    company = models.ForeignKey(Company, verbose_name=_("компания"), on_delete=models.CASCADE, related_name="contacts")
    surname = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100, blank=True)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    is_decision_maker = models.BooleanField(_("ЛПР"), default=False)
    preferred_channel = models.CharField(
        _("предпочтительный канал"), max_length=16, choices=Channel.choices, default=Channel.PHONE
    )
    birthday = models.DateField(_("день рождения"), null=True, blank=True)
    is_current = models.BooleanField(_("работает в компании"), default=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_current", "surname", "first_name"]
        verbose_name = _("контакт")
        verbose_name_plural = _("контакты")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.first_name, self.patronymic) if part)


class ContactPhone(models.Model):
    """A phone of a contact, stored in E.164 and shown in the Russian format."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("телефон"), max_length=20)
    extension = models.CharField(_("добавочный"), max_length=10, blank=True)

    class Meta:
        ordering = ["pk"]
        # Found by the exact number only: a plain index (db_index would add a second one for LIKE on PostgreSQL).
        indexes = [models.Index(fields=["number"], name="contact_phone_number")]
        verbose_name = _("телефон")
        verbose_name_plural = _("телефоны")

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        text = format_phone(self.number)
        return f"{text} доб. {self.extension}" if self.extension else text


class ContactEmail(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(_("e-mail"))

    class Meta:
        ordering = ["pk"]
        # Found by the exact (lower-case) address only, like the phones.
        indexes = [models.Index(fields=["email"], name="contact_email_address")]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mail")

    def __str__(self) -> str:
        return self.email


class ClientKey(models.Model):
    """A normalised key of a company (name, surname, phone, e-mail, domain, website, INN) for the duplicate check."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="keys", db_index=False)
    # Never looked up by office alone: the match index holds the office; one index less to keep up on import.
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=16, choices=ClientKeyKind.choices)
    value = models.CharField(max_length=255)

    class Meta:
        # Both cover the columns the duplicate check reads, so a lookup never visits the table itself.
        indexes = [
            models.Index(fields=["kind", "value", "office", "company"], name="client_key_match"),
            models.Index(fields=["company", "kind", "value"], name="client_key_of_company"),
        ]
        verbose_name = _("ключ поиска дублей")
        verbose_name_plural = _("ключи поиска дублей")

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


class PublicEmailDomain(models.Model):
    """A public mail provider (mail.ru, gmail.com …): its domain says nothing about the client's company."""

    domain = models.CharField(_("домен"), max_length=120, unique=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("публичный почтовый домен")
        verbose_name_plural = _("публичные почтовые домены")

    def __str__(self) -> str:
        return self.domain
