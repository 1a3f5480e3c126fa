from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nastavnik.lib.inn import InnError, normalize_inn
from nastavnik.lib.phone import PhoneError, normalize_phone


def validate_inn(value: str) -> None:
    if not value:
        return
    try:
        normalize_inn(value)
    except InnError:
        raise ValidationError(
            _("Неверный ИНН «%(value)s»: нужно 10 или 12 цифр с верными контрольными цифрами."),
            code="invalid_inn",
            params={"value": value},
        ) from None


def clean_phone(value: str) -> str:
    """Normalise a phone to E.164 or raise a ValidationError with a Russian message."""
    try:
        return normalize_phone(value)
    except PhoneError:
        raise ValidationError(
            _("Неверный номер телефона «%(value)s»: укажите его в виде +7 (495) 123-45-67."),
            code="invalid_phone",
            params={"value": value},
        ) from None
