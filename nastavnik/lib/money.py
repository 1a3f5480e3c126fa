"""Money shown the Russian way: 1 234 567,50 ₽."""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"


def format_rub(amount: Decimal | int | float | None, *, currency: bool = True) -> str:
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + NBSP.join(groups)
    if fraction != "00":
        text += "," + fraction
    return text + (f"{NBSP}₽" if currency else "")
