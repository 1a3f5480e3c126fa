"""«Who changed what, when»: django-simple-history records turned into readable entries."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nastavnik.lib.money import format_rub

EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: Any
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


def _display(model_field: models.Field, value: Any, related: dict[tuple[type, Any], Any]) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(related.get((model_field.related_model, value), f"#{value}"))  # type: ignore[arg-type]
    if isinstance(value, bool):
        return _("Да") if value else _("Нет")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return format_rub(value)
    return str(value)


def history_entries(records: Iterable[Any], subject: Callable[[Any], str], *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first; each change record is diffed against the previous record of the same object."""
    by_object: dict[tuple[type, Any], list[Any]] = defaultdict(list)
    for record in records:
        by_object[(record.instance_type, record.id)].append(record)
    pending: list[tuple[Any, Any, list[Any]]] = []
    for history in by_object.values():
        history.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in history:
            changes: list[Any] = []
            if previous is not None and record.history_type == "~":
                changes = record.diff_against(previous).changes
            pending.append((record, previous, changes))
            previous = record
    pending.sort(key=lambda item: item[0].history_date, reverse=True)
    pending = pending[:limit]
    related = _related_objects(pending)
    entries = []
    for record, _previous, changes in pending:
        meta = record.instance_type._meta
        field_changes = []
        for change in changes:
            model_field = meta.get_field(change.field)
            field_changes.append(
                FieldChange(
                    label=str(model_field.verbose_name).capitalize(),
                    old=_display(model_field, change.old, related),
                    new=_display(model_field, change.new, related),
                )
            )
        reason = record.history_change_reason or ""
        if record.history_type == "~" and not field_changes and not reason:
            continue
        action = {"+": _("создание"), "-": _("удаление")}.get(record.history_type, _("изменение"))
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=record.history_user,
                subject=subject(record),
                action=action,
                changes=field_changes,
                reason=reason,
            )
        )
    return entries


def _related_objects(pending: list[tuple[Any, Any, list[Any]]]) -> dict[tuple[type, Any], Any]:
    """Names for the foreign keys that changed, one query per related model."""
    wanted: dict[type, set[Any]] = defaultdict(set)
    for record, _previous, changes in pending:
        meta = record.instance_type._meta
        for change in changes:
            model_field = meta.get_field(change.field)
            if model_field.is_relation and model_field.related_model:
                wanted[model_field.related_model].update(v for v in (change.old, change.new) if v is not None)
    related: dict[tuple[type, Any], Any] = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(list(pks)).items():  # type: ignore[attr-defined]
            related[(model, pk)] = obj
    return related
