"""Phone numbers: parse any Russian way of writing one, store E.164, show the Russian format."""

import re
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "RU"
_EXTENSION = re.compile(r"(?:доб\.?|добавочный|ext\.?|x)\s*(\d+)\s*$", re.IGNORECASE)


class PhoneError(ValueError):
    """The text is not a phone number."""


def split_extension(raw: str) -> tuple[str, str]:
    """Separate «доб. 123» (or ext. 123) from the number."""
    match = _EXTENSION.search(raw)
    if not match:
        return raw.strip(), ""
    return raw[: match.start()].strip(" ,;"), match.group(1)


# Parsing is the slow part of an import; the same numbers come back in keys, checks and stored rows.
@lru_cache(maxsize=65536)
def normalize_phone(raw: str) -> str:
    """Return the number in E.164 (+74951234567) or raise PhoneError."""
    number, _extension = split_extension(raw or "")
    if not number or re.search(r"[^\d\s()+\-.]", number):
        raise PhoneError(raw)
    digits = re.sub(r"\D", "", number)
    # Russians write 8 instead of +7 for long-distance numbers.
    if len(digits) == 11 and digits[0] == "8" and not number.lstrip().startswith("+"):
        number = "+7" + digits[1:]
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(raw) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneError(raw)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """+74951234567 → +7 (495) 123-45-67; other countries in international format."""
    if not e164:
        return ""
    digits = re.sub(r"\D", "", e164)
    if e164.startswith("+7") and len(digits) == 11:
        d = digits[1:]
        return f"+7 ({d[0:3]}) {d[3:6]}-{d[6:8]}-{d[8:10]}"
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
