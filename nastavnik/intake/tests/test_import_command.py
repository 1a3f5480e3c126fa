"""manage.py import_clients: the same engine as the web import, a progress bar, a report, clear refusals."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from nastavnik.clients.models import Company
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, Region
from nastavnik.tests.factories import UserFactory

CSV_TEXT = (
    "Внешний ID;Компания;ИНН;Сайт;Регион;Фамилия;Имя;Отчество;Должность;Телефон;E-mail;Комментарий\n"
    "A-1;Ромашка;;romashka.ru;77;Иванов;Иван;;директор;+7 495 111-22-33;ivanov@romashka.ru;\n"
    ";;;;;;;;;;;\n"
    "A-2;=Лютик;;lutik.ru;66;Петрова;Анна;;;8 (343) 222-33-44;anna@lutik.ru;стенд 5\n"
    "A-3;Буквы;;;;Сидоров;;;;восемь;;\n"
)


@pytest.fixture
def dedupe_ready() -> None:
    try:
        from nastavnik.clients.claims import ensure_not_claimed_elsewhere  # noqa: F401
        from nastavnik.clients.duplicates import find_duplicates_any_office  # noqa: F401
    except ImportError:
        pytest.skip("The duplicate check (clients.duplicates) and claims (clients.claims) are not in place yet.")


@pytest.fixture
def hq_staff(db):
    hq = Office.objects.get(code="hq")
    head = UserFactory(email="head@hq.ru", office=hq, role=Role.HEAD)
    for email, code in (("msk@hq.ru", "77"), ("ural@hq.ru", "66")):
        UserFactory(email=email, office=hq).regions.add(Region.objects.get(code=code))
    return head


@pytest.fixture
def list_file(tmp_path: Path) -> Path:
    path = tmp_path / "event.csv"
    path.write_bytes(CSV_TEXT.encode("cp1251"))
    return path


def run_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_clients", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("dedupe_ready")
def test_dry_run_with_report_writes_no_clients(hq_staff, list_file, tmp_path):
    report = tmp_path / "report.csv"
    out, err = run_command(str(list_file), "--office", "hq", "--source", "event", "--dry-run", "--report", str(report))
    assert Company.objects.count() == 0
    assert "Проверка без записи: строк 3" in out
    assert "Новый: 2" in out
    assert "Ошибка: 1" in out
    assert "\r[##############################] 100% 3/3" in err  # the progress bar goes to stderr
    rows = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Строка", "Результат", "ID компании", "Компания", "Менеджер", "Сообщение"]
    assert [row[:2] for row in rows[1:]] == [["2", "Новый"], ["4", "Новый"], ["5", "Ошибка"]]
    assert rows[2][3] == "'=Лютик"  # kept as text, escaped in the report
    assert "Формула сохранена как текст" in rows[2][5]


@pytest.mark.usefixtures("dedupe_ready")
def test_import_then_again_gives_duplicates(hq_staff, list_file):
    out, _err = run_command(str(list_file), "--office", "hq", "--event", "Выставка")
    assert "Импорт завершён: строк 3" in out
    assert Company.objects.count() == 2
    assert Company.objects.get(name="=Лютик").responsible.email == "ural@hq.ru"
    assert Company.objects.get(name="Ромашка").responsible.email == "msk@hq.ru"
    out, _err = run_command(str(list_file), "--office", "hq", "--event", "Семинар")
    assert "Дубль: 2" in out
    assert Company.objects.count() == 2


@pytest.mark.usefixtures("dedupe_ready")
def test_xlsx_file(hq_staff, tmp_path):
    workbook = Workbook()
    workbook.active.append(["company", "surname", "phone"])
    workbook.active.append(["Ромашка", "Иванов", 74951112233])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    out, _err = run_command(str(path), "--office", "hq")
    assert "Новый: 1" in out
    assert Company.objects.get().contacts.get().phones.get().number == "+74951112233"


def test_unknown_office_is_refused(hq_staff, list_file):
    with pytest.raises(CommandError, match="Нет представительства с кодом «nowhere»"):
        run_command(str(list_file), "--office", "nowhere")


def test_missing_file_is_refused(hq_staff, tmp_path):
    with pytest.raises(CommandError, match="не найден"):
        run_command(str(tmp_path / "nope.csv"), "--office", "hq")


def test_file_without_company_column_is_refused_and_nothing_written(hq_staff, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("surname,phone\nИванов,+74951112233\n", encoding="utf-8")
    with pytest.raises(CommandError, match="нет обязательной колонки: Компания"):
        run_command(str(path), "--office", "hq")
    assert Company.objects.count() == 0


def test_garbage_file_is_refused(hq_staff, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04 broken zip")
    with pytest.raises(CommandError, match="XLSX повреждён"):
        run_command(str(path), "--office", "hq")


def test_partner_office_without_owner_needs_a_user(office_a, list_file):
    with pytest.raises(CommandError, match="укажите --user"):
        run_command(str(list_file), "--office", office_a.code)


def test_user_of_another_office_cannot_import(office_a, charlie, list_file):
    with pytest.raises(CommandError, match="не может добавлять клиентов"):
        run_command(str(list_file), "--office", office_a.code, "--user", charlie.email)
