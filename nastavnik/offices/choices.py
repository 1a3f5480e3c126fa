from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Центральный офис")
    PARTNER = "partner", _("Представительство")


class OfficeStatus(models.TextChoices):
    ONBOARDING = "onboarding", _("Запуск")
    ACTIVE = "active", _("Активный")
    PAUSED = "paused", _("Приостановлен")
    CLOSED = "closed", _("Закрыто")


class Role(models.TextChoices):
    ADMIN = "admin", _("Администратор")
    HEAD = "head", _("Руководитель отдела")
    ACCOUNT_MANAGER = "account_manager", _("Аккаунт-менеджер")
    SPECIALIST = "specialist", _("Специалист")
    PARTNER_OWNER = "partner_owner", _("Владелец представительства")
    MANAGER = "manager", _("Менеджер по продажам")
    AGENT = "agent", _("Агент")


class SpecialistArea(models.TextChoices):
    LEGAL = "legal", _("Юридические вопросы")
    TECHNICAL = "technical", _("Технические вопросы")
    BILLING = "billing", _("Биллинг")
    OTHER = "other", _("Другое")


class RegionKind(models.TextChoices):
    FEDERAL_SUBJECT = "subject", _("Субъект РФ")
    CIS_COUNTRY = "cis", _("Страна СНГ")


class AbsenceKind(models.TextChoices):
    VACATION = "vacation", _("Отпуск")
    SICK = "sick", _("Больничный")
    DAY_OFF = "day_off", _("Отгул")
