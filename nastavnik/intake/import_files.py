"""Client list files: reading CSV/XLSX into text, mapping columns to our fields, and the per-row report."""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from nastavnik.intake.choices import RowOutcome

# Our fields and the headers people write for them (compared in lower case, spaces collapsed, ё as е).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("external_id", "external id", "внешний id", "внешний код", "id", "код"),
    "company": ("company", "компания", "организация", "название", "наименование", "название компании"),
    "inn": ("inn", "инн"),
    "website": ("website", "site", "сайт", "веб-сайт", "www"),
    "region": ("region", "регион", "код региона"),
    "surname": ("surname", "last_name", "last name", "фамилия"),
    "first_name": ("first_name", "first name", "имя"),
    "patronymic": ("patronymic", "middle_name", "отчество"),
    "full_name": ("full_name", "фио", "контакт", "контактное лицо"),
    "position": ("position", "должность"),
    "phone": ("phone", "телефон", "тел", "тел.", "мобильный"),
    "email": ("email", "e-mail", "почта", "эл. почта", "электронная почта"),
    "comment": ("comment", "комментарий", "примечание"),
}
FIELDS = tuple(FIELD_ALIASES)
REQUIRED_FIELDS = ("company",)
FIELD_LABELS = {
    "external_id": _lazy("Внешний id"),
    "company": _lazy("Компания"),
    "inn": _lazy("ИНН"),
    "website": _lazy("Сайт"),
    "region": _lazy("Регион"),
    "surname": _lazy("Фамилия"),
    "first_name": _lazy("Имя"),
    "patronymic": _lazy("Отчество"),
    "full_name": _lazy("ФИО одной колонкой"),
    "position": _lazy("Должность"),
    "phone": _lazy("Телефон"),
    "email": _lazy("E-mail"),
    "comment": _lazy("Комментарий"),
}
# Cells a spreadsheet would run as a formula when the report is opened.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MULTI_SPLIT = re.compile(r"[;,](?!\s*(?:доб|ext|x)\b)", re.IGNORECASE)


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


# --- Reading files -------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A file read into text: the header cells and the data lines as (line number, cells)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


def check_size(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise _file_error(
            _("Файл слишком большой: %(size)s МБ, можно не больше %(limit)s МБ. Разделите список на части.")
            % {"size": round(size / (1024 * 1024), 1), "limit": limit}
        )


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise _file_error(_("Не удалось прочитать файл: это не текст CSV. Сохраните его в UTF-8 или Windows-1251."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _file_error(_("Не удалось прочитать файл: сохраните его в кодировке UTF-8 или Windows-1251."))


def _csv_lines(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        raise _file_error(_("Файл CSV повреждён: проверьте кавычки и переводы строк.")) from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _xlsx_lines(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    # data_only=False: a formula cell gives its text ("=A1+B1"), so nothing is evaluated or trusted as a value.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a broken file
        raise _file_error(_("Файл XLSX повреждён или это не таблица Excel.")) from None
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def read_table(file: IO[bytes], filename: str) -> Table:
    """Read a CSV or XLSX file; a file that is too big, unreadable or has no header row is refused whole."""
    data = file.read(settings.IMPORT_MAX_BYTES + 1)
    check_size(len(data))
    name = filename.lower()
    if name.endswith(".xlsx"):
        lines = _xlsx_lines(data)
    elif name.endswith((".csv", ".txt")):
        lines = _csv_lines(data)
    else:
        raise _file_error(_("Загрузите файл CSV или XLSX."))
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(lines, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue  # empty lines are skipped, before the header too
        if headers is None:
            headers = [cell.replace("\ufeff", "") for cell in cells]
        else:
            rows.append((number, cells))
    if headers is None:
        raise _file_error(_("Файл пуст."))
    return Table(headers=headers, rows=rows)


def header_key(header: str) -> str:
    return " ".join(header.replace("ё", "е").replace("Ё", "Е").strip().lower().split())


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Our field → the index of the file's column, from the header texts."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        for name, aliases in FIELD_ALIASES.items():
            if key in aliases and name not in mapping:
                mapping[name] = index
                break
    return mapping


def check_mapping(mapping: dict[str, int], headers: list[str]) -> None:
    missing = [str(FIELD_LABELS[name]) for name in REQUIRED_FIELDS if name not in mapping]
    if missing:
        found = ", ".join(f"«{header}»" for header in headers if header) or "—"
        raise _file_error(
            _(
                "В файле нет обязательной колонки: %(columns)s. Найдены колонки: %(found)s. "
                "Проверьте строку заголовков и кодировку (UTF-8 или Windows-1251)."
            )
            % {"columns": ", ".join(missing), "found": found}
        )


@dataclass
class ImportRow:
    """One data line of the file with our field names."""

    number: int
    values: dict[str, str]
    formula_fields: list[str] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def mapped_rows(table: Table, mapping: dict[str, int]) -> Iterator[ImportRow]:
    for number, cells in table.rows:
        values = {name: cells[index] if index < len(cells) else "" for name, index in mapping.items()}
        if not any(values.values()):
            continue
        formulas = [name for name, value in values.items() if value.startswith("=")]
        yield ImportRow(number=number, values=values, formula_fields=formulas)


def count_rows(table: Table, mapping: dict[str, int]) -> int:
    return sum(1 for _row in mapped_rows(table, mapping))


def split_multi(value: str) -> list[str]:
    """«8 916 111-22-33, 8 495 123-45-67 доб. 5» → two phones (an extension stays with its number)."""
    return [part.strip() for part in _MULTI_SPLIT.split(value) if part.strip()]


# --- Report --------------------------------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int
    outcome: str
    company_id: int | None = None
    company_name: str = ""
    manager: str = ""
    message: str = ""
    manager_id: int | None = None

    @property
    def outcome_label(self) -> str:
        return str(RowOutcome(self.outcome).label) if self.outcome in RowOutcome.values else self.outcome


REPORT_HEADER = ("Строка", "Результат", "ID компании", "Компания", "Менеджер", "Сообщение")


def safe_cell(value: object) -> str:
    """A report cell that a spreadsheet shows as text, never runs (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def write_report(results: Iterable[RowResult], out: IO[str]) -> None:
    """The per-row report as CSV for Excel: UTF-8 with BOM, «;» between cells."""
    labels = dict(RowOutcome.choices)
    writer = csv.writer(out, delimiter=";")
    out.write("\ufeff")
    writer.writerow(REPORT_HEADER)
    for result in results:
        writer.writerow(
            [
                result.number,
                safe_cell(labels.get(result.outcome, result.outcome)),
                result.company_id or "",
                safe_cell(result.company_name),
                safe_cell(result.manager),
                safe_cell(result.message),
            ]
        )


def read_report(text: str) -> list[RowResult]:
    """The rows of a report written by write_report (for the dry-run table)."""
    codes = {str(label): code for code, label in RowOutcome.choices}
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    next(reader, None)
    results = []
    for cells in reader:
        number, outcome, company_id, name, manager, message = (cells + [""] * 6)[:6]
        results.append(
            RowResult(
                number=int(number),
                outcome=codes.get(outcome, outcome),
                company_id=int(company_id) if company_id else None,
                company_name=name.removeprefix("'") if name.startswith("'") else name,
                manager=manager,
                message=message,
            )
        )
    return results
