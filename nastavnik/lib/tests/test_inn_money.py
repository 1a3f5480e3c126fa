from decimal import Decimal

import pytest

from nastavnik.lib.inn import InnError, normalize_inn
from nastavnik.lib.money import format_rub


def test_valid_inns():
    assert normalize_inn("7707083893") == "7707083893"  # organisation
    assert normalize_inn("500100732259") == "500100732259"  # person


@pytest.mark.parametrize("raw", ["7707083890", "123", "77070838931", "abcdefghij"])
def test_invalid_inns(raw):
    with pytest.raises(InnError):
        normalize_inn(raw)


def test_roubles_the_russian_way():
    assert format_rub(Decimal("1234567.5")) == "1\u00a0234\u00a0567,50\u00a0₽"
    assert format_rub(Decimal("19900")) == "19\u00a0900\u00a0₽"
    assert format_rub(Decimal("-5")) == "-5\u00a0₽"
    assert format_rub(None) == ""
