import hashlib
import secrets
from datetime import date

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.offices.choices import AbsenceKind, OfficeKind, OfficeStatus, RegionKind, Role, SpecialistArea
from nastavnik.offices.validators import validate_inn

HEADQUARTERS_CODE = "hq"


class Region(models.Model):
    """A federal subject of Russia or a CIS country: reference data for routing and reports."""

    code = models.CharField(_("код"), max_length=8, unique=True)
    name = models.CharField(_("название"), max_length=120)
    kind = models.CharField(_("вид"), max_length=16, choices=RegionKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A tenant: the franchisor's headquarters or a partner office (представительство)."""

    code = models.SlugField(_("код"), max_length=32, unique=True)
    kind = models.CharField(_("вид"), max_length=16, choices=OfficeKind.choices, default=OfficeKind.PARTNER)
    name = models.CharField(_("название"), max_length=200)
    legal_name = models.CharField(_("юридическое название"), max_length=300, blank=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, validators=[validate_inn])
    city = models.CharField(_("город"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("регион"), null=True, blank=True, on_delete=models.PROTECT, related_name="offices"
    )
    franchise_started_on = models.DateField(_("дата начала франшизы"), null=True, blank=True)
    owner = models.ForeignKey(
        "offices.User",
        verbose_name=_("ответственный"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_offices",
    )
    account_manager = models.ForeignKey(
        "offices.User",
        verbose_name=_("аккаунт-менеджер"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_offices",
        limit_choices_to={"role": Role.ACCOUNT_MANAGER},
    )
    status = models.CharField(_("статус"), max_length=16, choices=OfficeStatus.choices, default=OfficeStatus.ACTIVE)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("представительство")
        verbose_name_plural = _("представительства")

    def __str__(self) -> str:
        return self.name

    @property
    def is_headquarters(self) -> bool:
        return self.kind == OfficeKind.HEADQUARTERS


class UserManager(BaseUserManager["User"]):
    """Users log in by e-mail; a superuser is an administrator."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: object) -> "User":
        if not email:
            raise ValueError("The e-mail must be set")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: object) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: object) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: staff of the headquarters or of a partner office."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    phone = models.CharField(_("телефон"), max_length=20, blank=True)
    role = models.CharField(_("роль"), max_length=24, choices=Role.choices, default=Role.MANAGER)
    specialist_area = models.CharField(
        _("направление специалиста"), max_length=16, choices=SpecialistArea.choices, blank=True
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("представительство"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    regions = models.ManyToManyField(Region, verbose_name=_("регионы"), blank=True, related_name="managers")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.short_name or self.email

    def clean(self) -> None:
        super().clean()
        if self.role == Role.SPECIALIST and not self.specialist_area:
            raise ValidationError({"specialist_area": _("У специалиста должно быть направление.")})
        if self.role not in (Role.ADMIN, Role.HEAD) and self.office_id is None and not self.is_superuser:
            raise ValidationError({"office": _("Выберите представительство, в котором работает сотрудник.")})

    @property
    def short_name(self) -> str:
        """Фамилия И. О."""
        initials = "".join(f"{part[0]}. " for part in (self.first_name, self.patronymic) if part).strip()
        return f"{self.last_name} {initials}".strip()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    def is_absent_on(self, day: date) -> bool:
        return self.absences.filter(starts_on__lte=day, ends_on__gte=day).exists()


class Absence(models.Model):
    """A vacation, sick leave or day off: the person takes no calls or leads on these dates."""

    user = models.ForeignKey(User, verbose_name=_("пользователь"), on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("вид"), max_length=16, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("с"))
    ends_on = models.DateField(_("по"))
    note = models.CharField(_("примечание"), max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("отсутствие")
        verbose_name_plural = _("отсутствия")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Отсутствие не может закончиться раньше, чем началось.")})


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal token for integrations; only its hash is stored, the key is shown once."""

    user = models.ForeignKey(User, verbose_name=_("пользователь"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("название"), max_length=100)
    prefix = models.CharField(_("префикс"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-токен")
        verbose_name_plural = _("API-токены")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def generate_key() -> str:
        return secrets.token_urlsafe(32)

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
