"""manage.py import_clients FILE --office CODE --source event [--event NAME] [--dry-run] [--report OUT.csv]."""

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nastavnik.clients.choices import LeadSource
from nastavnik.intake.choices import RowOutcome
from nastavnik.intake.import_files import (
    check_mapping,
    check_size,
    count_rows,
    guess_mapping,
    mapped_rows,
    read_table,
    write_report,
)
from nastavnik.intake.importing import RowImporter
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import can_write_in_office

BAR_WIDTH = 30


def _error_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Импорт клиентов из CSV или XLSX: дубли присоединяются к карточкам, новые распределяются по менеджерам."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8 или Windows-1251, «;» или «,») или XLSX")
        parser.add_argument("--office", required=True, help="код представительства (центральный офис: hq)")
        parser.add_argument("--source", default=LeadSource.EVENT, choices=LeadSource.values)
        parser.add_argument("--event", default="", help="название мероприятия")
        parser.add_argument("--dry-run", action="store_true", help="только показать результат каждой строки")
        parser.add_argument("--report", default="", help="куда записать построчный отчёт CSV")
        parser.add_argument("--user", default="", help="e-mail того, от чьего имени идёт импорт")

    def handle(self, *args: Any, **options: Any) -> None:
        office = Office.objects.filter(code=options["office"]).first()
        if office is None:
            raise CommandError(f"Нет представительства с кодом «{options['office']}».")
        user = self._acting_user(office, options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        try:
            check_size(path.stat().st_size)
            with path.open("rb") as file:
                table = read_table(file, path.name)
            mapping = guess_mapping(table.headers)
            check_mapping(mapping, table.headers)
        except ValidationError as error:
            raise CommandError(_error_text(error)) from None

        total = count_rows(table, mapping)
        importer = RowImporter(
            office=office,
            user=user,
            source=options["source"],
            event_name=options["event"],
            dry_run=options["dry_run"],
            day=timezone.localdate(),
        )
        started = time.monotonic()
        results, summary = importer.run(mapped_rows(table, mapping), total=total, progress=self._progress)
        elapsed = time.monotonic() - started
        self.stderr.write("")

        if options["report"]:
            with open(options["report"], "w", encoding="utf-8", newline="") as out:
                write_report(results, out)
        labels = dict(RowOutcome.choices)
        heading = "Проверка без записи" if options["dry_run"] else "Импорт завершён"
        self.stdout.write(f"{heading}: строк {summary.total} за {elapsed:.1f} с")
        for code, count in summary.counts.items():
            self.stdout.write(f"  {labels[code]}: {count}")
        if options["report"]:
            self.stdout.write(f"Отчёт: {options['report']}")

    @staticmethod
    def _acting_user(office: Office, email: str) -> User:
        """The person the writes are made as: --user, else the office's owner, else (HQ) the head."""
        if email:
            user = User.objects.filter(email=email.lower(), is_active=True).first()
            if user is None:
                raise CommandError(f"Нет активного пользователя с e-mail «{email}».")
        else:
            user = office.owner if office.owner and office.owner.is_active else None
            if user is None and office.is_headquarters:
                user = User.objects.filter(role=Role.HEAD, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("У представительства нет владельца: укажите --user EMAIL.")
        if not can_write_in_office(user, office.pk):
            raise CommandError(f"{user.email} не может добавлять клиентов в «{office}».")
        return user

    def _progress(self, done: int, total: int) -> None:
        share = done / total if total else 1
        filled = int(BAR_WIDTH * share)
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {int(share * 100)}% {done}/{total}", ending=""
        )
        self.stderr.flush()
