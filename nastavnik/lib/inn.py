"""INN (ИНН): the Russian taxpayer number, 10 digits for organisations, 12 for people."""

from stdnum.exceptions import ValidationError
from stdnum.ru import inn as stdnum_inn


class InnError(ValueError):
    """The text is not a valid INN."""


def normalize_inn(raw: str) -> str:
    """Return the INN as digits or raise InnError (wrong length or check digits)."""
    try:
        return str(stdnum_inn.validate(raw or ""))
    except ValidationError as exc:
        raise InnError(raw) from exc
