import pytest

from nastavnik.lib.phone import PhoneError, format_phone, normalize_phone, split_extension


@pytest.mark.parametrize(
    "raw",
    ["+7 (495) 123-45-67", "8 (495) 123-45-67", "8-495-123-45-67", "84951234567", "+7 495 123 45 67", "4951234567"],
)
def test_russian_ways_of_writing_a_moscow_number(raw):
    assert normalize_phone(raw) == "+74951234567"


def test_extension_is_split_off():
    assert split_extension("+7 (495) 123-45-67 доб. 123") == ("+7 (495) 123-45-67", "123")
    assert normalize_phone("+7 (495) 123-45-67, доб. 123") == "+74951234567"


@pytest.mark.parametrize("raw", ["", "abc", "телефон", "123", "+7 (495) 12", "8 800 ЗВОНИ"])
def test_not_a_phone(raw):
    with pytest.raises(PhoneError):
        normalize_phone(raw)


def test_russian_display_format():
    assert format_phone("+79161234567") == "+7 (916) 123-45-67"
    assert format_phone("") == ""
    assert format_phone("+375291234567").startswith("+375 29")
