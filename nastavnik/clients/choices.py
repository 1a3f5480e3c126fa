from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadSource(models.TextChoices):
    """Where the first contact came from (seed 002)."""

    INCOMING_CALL = "incoming_call", _("Входящий звонок")
    AGENT = "agent", _("Агент")
    WEBSITE = "website", _("Сайт")
    EVENT = "event", _("Мероприятие")
    OTHER = "other", _("Другое")


class LegalForm(models.TextChoices):
    OOO = "ooo", "ООО"
    AO = "ao", "АО"
    PAO = "pao", "ПАО"
    ZAO = "zao", "ЗАО"
    OAO = "oao", "ОАО"
    NAO = "nao", "НАО"
    IP = "ip", "ИП"
    OTHER = "other", _("Другое")


class Channel(models.TextChoices):
    PHONE = "phone", _("Телефон")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    SKYPE = "skype", "Skype"
    OTHER = "other", _("Другое")


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", _("Активный")
    PAUSED = "paused", _("Приостановлен")
    ARCHIVED = "archived", _("В архиве")


class ClientKeyKind(models.TextChoices):
    """The keys of the duplicate check; the values are the public names used by the API's matched_on.

    NAME_SURNAME only finds candidates: a name is shared by dozens of clients and a surname by thousands, the pair
    by few. What it says is told by the name and the surname themselves.
    """

    NAME = "name", _("название")
    SURNAME = "surname", _("фамилия")
    PHONE = "phone", _("телефон")
    PHONE_LOCAL = "phone_local", _("телефон без кода")
    EMAIL = "email", _("e-mail")
    EMAIL_DOMAIN = "email_domain", _("домен e-mail")
    WEBSITE = "website", _("сайт")
    INN = "inn", _("ИНН")
    NAME_SURNAME = "name_surname", _("название и фамилия")
