"""Template filters and tags of the UI: money, phones, Russian dates, sortable headers."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.http import QueryDict
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from nastavnik.lib.money import format_rub
from nastavnik.lib.phone import format_phone

register = template.Library()


@register.filter
def rub(amount: Decimal | int | float | None) -> str:
    """1234.5 → «1 234,50 ₽»."""
    return format_rub(amount)


@register.filter
def phone(number: str | None) -> str:
    """+74951234567 → «+7 (495) 123-45-67»."""
    return format_phone(number or "")


@register.filter(expects_localtime=True)
def ru_date(value: date | datetime | None) -> str:
    """22.11.2026 (a datetime is shown in Moscow time)."""
    return formats.date_format(value, "d.m.Y") if value else ""


@register.filter(expects_localtime=True)
def ru_datetime(value: datetime | None) -> str:
    """22.11.2026 14:05 in Moscow time."""
    return formats.date_format(value, "d.m.Y H:i") if value else ""


@register.filter
def yes_no(value: object) -> str:
    return _("Да") if value else _("Нет")


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, field: str, label: str) -> SafeString:
    """A column header that sorts by the field and flips the direction on the second click."""
    request = context["request"]
    params: QueryDict = request.GET.copy()
    current = params.get("ordering", "")
    descending = current == field
    params["ordering"] = f"-{field}" if descending else field
    params.pop("page", None)
    arrow = "↑" if current == field else "↓" if current == f"-{field}" else "↕"
    return format_html(
        '<a href="?{}" class="link-body-emphasis text-decoration-none" data-testid="sort-{}">{} '
        '<span class="{}" aria-hidden="true">{}</span></a>',
        params.urlencode(),
        field,
        label,
        "" if arrow != "↕" else "text-body-tertiary",
        arrow,
    )


_NAV_SECTIONS = {
    "dashboard": ("", ("dashboard",)),
    "companies": ("clients", ("company-",)),
    "contacts": ("clients", ("contact-",)),
    "deals": ("deals", ("deal-",)),
    "board": ("deals", ("board",)),
}


@register.simple_tag(takes_context=True)
def nav_active(context: template.Context, section: str) -> str:
    """«active» when the current page belongs to the navbar section."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None or section not in _NAV_SECTIONS:
        return ""
    namespace, prefixes = _NAV_SECTIONS[section]
    url_name = match.url_name or ""
    return "active" if match.namespace == namespace and url_name.startswith(prefixes) else ""
