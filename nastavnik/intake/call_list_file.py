"""Reading an agent's call list from CSV (UTF-8 or Windows-1251, «;» or «,») or XLSX into plain rows."""

import csv
import io
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Every column a call list may have, with the headers people write (English or Russian).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "компания", "организация", "название"),
    "contact": ("contact", "контакт", "контактное лицо", "фио", "имя"),
    "phone": ("phone", "телефон", "тел", "тел."),
    "email": ("email", "e-mail", "почта", "эл. почта", "электронная почта"),
    "website": ("website", "сайт", "site", "www"),
    "region": ("region", "регион", "код региона"),
}
REQUIRED_COLUMNS = ("company", "phone")


def _column_for(header: str) -> str | None:
    text = " ".join(str(header or "").replace("\ufeff", "").strip().lower().split())
    for column, aliases in COLUMN_ALIASES.items():
        if text in aliases:
            return column
    return None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": _("Не удалось прочитать файл: сохраните его в кодировке UTF-8 или Windows-1251.")})


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a broken file
        raise ValidationError({"file": _("Файл XLSX повреждён или это не таблица Excel.")}) from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if value is None else str(value) for value in values]
    finally:
        workbook.close()


def read_call_list(file: IO[bytes], filename: str) -> tuple[list[tuple[int, dict[str, str]]], int]:
    """The non-empty rows as (line number, {column: text}) and the number of lines read.

    The whole file is refused when it is too big, unreadable or lacks a required column.
    """
    data = file.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"file": _("Файл больше %(limit)s МБ.") % {"limit": limit}})
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise ValidationError({"file": _("Загрузите файл CSV или XLSX.")})
    try:
        header = next(rows)
    except StopIteration:
        raise ValidationError({"file": _("Файл пуст.")}) from None
    columns = [_column_for(cell) for cell in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise ValidationError({"file": _("В файле нет колонок: %(columns)s.") % {"columns": ", ".join(missing)}})
    result = []
    line = 1
    for line, values in enumerate(rows, start=2):
        row = {column: str(value).strip() for column, value in zip(columns, values, strict=False) if column is not None}
        if any(row.values()):
            result.append((line, row))
    return result, line - 1
