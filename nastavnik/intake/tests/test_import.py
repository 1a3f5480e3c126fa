"""Client lists from events: reading files, each row's outcome, distribution among managers, the web flow."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company, Contact
from nastavnik.intake import import_jobs
from nastavnik.intake.choices import ImportStatus, RowOutcome
from nastavnik.intake.import_files import (
    ImportRow,
    RowResult,
    Table,
    guess_mapping,
    mapped_rows,
    read_report,
    read_table,
    safe_cell,
    split_multi,
    write_report,
)
from nastavnik.intake.importing import RowImporter
from nastavnik.intake.models import ImportJob
from nastavnik.offices.choices import AbsenceKind, Role
from nastavnik.offices.models import Absence, Office, Region, User
from nastavnik.tests.factories import CompanyFactory, ContactFactory, ContactPhoneFactory, UserFactory

HEADER_EN = "external_id,company,inn,website,region,surname,first_name,patronymic,position,phone,email,comment"
HEADER_RU = "Внешний ID;Компания;ИНН;Сайт;Регион;Фамилия;Имя;Отчество;Должность;Телефон;E-mail;Комментарий"
ROWS = [
    ["A-1", "Ромашка", "", "romashka.ru", "77", "Иванов", "Иван", "", "директор",
     "+7 495 111-22-33", "ivanov@romashka.ru", ""],
    ["A-2", "Лютик", "", "lutik.ru", "Москва", "Петрова", "Анна", "", "",
     "8 (495) 222-33-44", "anna@lutik.ru", "стенд 5"],
    ["A-3", "Уралмаш-Сервис", "", "uralservice.ru", "66", "Сидоров", "Пётр", "", "",
     "+7 343 333-44-55", "ps@uralservice.ru", ""],
]  # fmt: skip


def csv_bytes(
    rows: list[list[str]], *, header: str = HEADER_EN, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    lines = [header] + [delimiter.join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_of(data: bytes, name: str = "list.csv") -> Table:
    return read_table(io.BytesIO(data), name)


def run(office: Office, user: User, data: bytes, *, name: str = "list.csv", dry_run: bool = False, event: str = ""):
    table = table_of(data, name)
    mapping = guess_mapping(table.headers)
    rows = list(mapped_rows(table, mapping))
    importer = RowImporter(
        office=office, user=user, source=LeadSource.EVENT, event_name=event, dry_run=dry_run, day=timezone.localdate()
    )
    results, summary = importer.run(rows, total=len(rows))
    return results, summary


def stored(company: Company) -> Company:
    """A company made by a factory gets its duplicate keys as the services would give them."""
    from nastavnik.clients.duplicates import company_keys_refresh

    company_keys_refresh([company.pk])
    return company


@pytest.fixture
def dedupe_ready() -> None:
    try:
        from nastavnik.clients.claims import ensure_not_claimed_elsewhere  # noqa: F401
        from nastavnik.clients.duplicates import find_duplicates_any_office  # noqa: F401
    except ImportError:
        pytest.skip("The duplicate check (clients.duplicates) and claims (clients.claims) are not in place yet.")


@pytest.fixture
def hq(db) -> Office:
    return Office.objects.get(code="hq")


def hq_manager(email: str, last_name: str, region_code: str) -> User:
    office = Office.objects.get(code="hq")
    user = UserFactory(email=email, last_name=last_name, first_name="Иван", patronymic="", office=office)
    user.regions.add(Region.objects.get(code=region_code))
    return user


@pytest.fixture
def head(db) -> User:
    return UserFactory(email="head@hq.ru", office=Office.objects.get(code="hq"), role=Role.HEAD)


@pytest.fixture
def moscow_managers(hq) -> list[User]:
    return [hq_manager(f"msk{n}@hq.ru", f"Московский{n}", "77") for n in range(1, 4)]


@pytest.fixture
def ural_manager(hq) -> User:
    return hq_manager("ural@hq.ru", "Уральский", "66")


# --- Reading files -------------------------------------------------------------------------------------------


def test_utf8_comma_csv_with_english_headers():
    table = table_of(csv_bytes(ROWS))
    mapping = guess_mapping(table.headers)
    rows = list(mapped_rows(table, mapping))
    assert [row.get("company") for row in rows] == ["Ромашка", "Лютик", "Уралмаш-Сервис"]
    assert rows[1].get("comment") == "стенд 5"
    assert rows[0].number == 2


def test_cp1251_semicolon_csv_with_russian_headers():
    table = table_of(csv_bytes(ROWS, header=HEADER_RU, delimiter=";", encoding="cp1251"))
    mapping = guess_mapping(table.headers)
    assert set(mapping) >= {"external_id", "company", "inn", "website", "region", "surname", "phone", "email"}
    row = next(mapped_rows(table, mapping))
    assert (row.get("company"), row.get("surname"), row.get("email")) == ("Ромашка", "Иванов", "ivanov@romashka.ru")


def test_utf8_with_bom_and_other_russian_spellings_of_headers():
    data = "\ufeffОрганизация,ФИО,Почта,Тел.\nРомашка,Иванов Иван Петрович,i@romashka.ru,+74951112233\n"
    table = table_of(data.encode("utf-8"))
    mapping = guess_mapping(table.headers)
    assert mapping == {"company": 0, "full_name": 1, "email": 2, "phone": 3}


def test_xlsx_numbers_and_formulas_are_text():
    data = xlsx_bytes(
        ["Компания", "ИНН", "Телефон", "Комментарий"],
        [["Ромашка", 7707083893, 74951112233, "=1+1"], [None, None, None, None], ["Лютик", None, None, "ok"]],
    )
    table = table_of(data, "list.xlsx")
    rows = list(mapped_rows(table, guess_mapping(table.headers)))
    assert len(rows) == 2  # the empty line is skipped
    assert rows[0].get("inn") == "7707083893"
    assert rows[0].get("comment") == "=1+1"  # the formula text, never its value
    assert rows[0].formula_fields == ["comment"]


def test_empty_rows_are_skipped():
    data = csv_bytes([ROWS[0], [""] * 12, ROWS[1]]) + b",,,,\n\n"
    table = table_of(data)
    assert [row.get("company") for row in mapped_rows(table, guess_mapping(table.headers))] == ["Ромашка", "Лютик"]


def test_garbage_file_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        table_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "list.csv")
    assert "UTF-8 или Windows-1251" in error.value.messages[0]
    with pytest.raises(ValidationError, match="XLSX повреждён"):
        table_of(b"not a zip", "list.xlsx")
    with pytest.raises(ValidationError, match="CSV или XLSX"):
        table_of(b"a,b", "list.pdf")
    with pytest.raises(ValidationError, match="Файл пуст"):
        table_of(b"\n;;\n", "list.csv")


@override_settings(IMPORT_MAX_BYTES=20 * 1024 * 1024)
def test_file_over_the_limit_is_refused_before_reading(head, hq):
    big = ContentFile(b"a" * (50 * 1024 * 1024), name="big.csv")
    with pytest.raises(ValidationError) as error:
        import_jobs.import_job_create(
            user=head, office=hq, file=big, filename="big.csv", size=big.size, source=LeadSource.EVENT
        )
    assert "Файл слишком большой: 50.0 МБ, можно не больше 20 МБ" in error.value.messages[0]
    assert not ImportJob.objects.exists()


def test_phones_split_but_extension_stays():
    assert split_multi("8 916 111-22-33, +7 495 123-45-67, доб. 5") == ["8 916 111-22-33", "+7 495 123-45-67, доб. 5"]


def test_report_cells_cannot_run_as_formulas():
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+7 495") == "'+7 495"
    assert safe_cell("@SUM") == "'@SUM"
    assert safe_cell("Ромашка") == "Ромашка"
    out = io.StringIO()
    write_report([RowResult(2, RowOutcome.NEW, 5, "=cmd", "Иванов И.", "ok")], out)
    text = out.getvalue()
    assert text.startswith("\ufeffСтрока;Результат;ID компании;Компания;Менеджер;Сообщение")
    assert "2;Новый;5;'=cmd;Иванов И.;ok" in text
    assert read_report(text)[0].company_name == "=cmd"


# --- Row outcomes ------------------------------------------------------------------------------------------


pytestmark_dedupe = pytest.mark.usefixtures("dedupe_ready")


@pytestmark_dedupe
def test_new_rows_create_companies_with_contacts_and_source(head, hq, moscow_managers, ural_manager):
    results, summary = run(hq, head, csv_bytes(ROWS), event="Выставка «Связь-2026»")
    assert [result.outcome for result in results] == [RowOutcome.NEW] * 3
    assert summary.counts[RowOutcome.NEW] == 3
    company = Company.objects.get(name="Ромашка")
    assert company.office == hq
    assert company.source == LeadSource.EVENT
    assert company.external_id == "A-1"
    assert "Выставка «Связь-2026»" in company.notes
    contact = company.contacts.get()
    assert contact.surname == "Иванов"
    assert list(contact.phones.values_list("number", flat=True)) == ["+74951112233"]
    assert list(contact.emails.values_list("email", flat=True)) == ["ivanov@romashka.ru"]
    assert Company.objects.get(name="Уралмаш-Сервис").responsible == ural_manager
    assert Company.objects.get(name="Лютик").responsible in moscow_managers


def test_imported_clients_and_people_have_their_creation_in_the_history(head, hq, moscow_managers, ural_manager):
    run(hq, head, csv_bytes(ROWS))
    company = Company.objects.get(name="Ромашка")
    record = company.history.get()
    assert (record.history_type, record.history_user, record.name, record.external_id) == ("+", head, "Ромашка", "A-1")
    assert record.responsible_id == company.responsible_id
    contact = company.contacts.get()
    assert (contact.history.get().history_type, contact.history.get().surname) == ("+", "Иванов")


@pytestmark_dedupe
def test_a_namesake_card_is_the_client_only_with_the_same_surname(head, hq, moscow_managers):
    """A name shared by many cards counts together with the person's surname, as in the duplicate check."""
    cards = [CompanyFactory(office=hq, name="Вектор") for _ in range(3)]
    ContactFactory(company=cards[0], surname="Сидоров")
    ContactFactory(company=cards[1], surname="Кузнецова")
    for card in cards:
        stored(card)
    same = ["", "ООО «Вектор»", "", "", "77", "Кузнецов", "Олег", "", "", "", "", ""]
    other = ["", "Вектор", "", "", "77", "Лебедев", "Ян", "", "", "", "", ""]
    results, _summary = run(hq, head, csv_bytes([same, other]))
    assert [(result.outcome, result.company_id) for result in results[:1]] == [(RowOutcome.DUPLICATE, cards[1].pk)]
    assert results[1].outcome == RowOutcome.NEW


@pytestmark_dedupe
def test_same_file_twice_attaches_duplicates_and_creates_nothing(head, hq, moscow_managers, ural_manager):
    run(hq, head, csv_bytes(ROWS), event="Семинар")
    companies, contacts = Company.objects.count(), Contact.objects.count()
    results, _summary = run(hq, head, csv_bytes(ROWS), event="Конференция")
    assert [result.outcome for result in results] == [RowOutcome.DUPLICATE] * 3
    assert results[0].company_name == "Ромашка"
    assert (Company.objects.count(), Contact.objects.count()) == (companies, contacts)
    note = Activity.objects.filter(company__name="Ромашка", kind=ActivityKind.NOTE).get()
    assert note.body.startswith("Контакт с мероприятия «Конференция»: Иванов Иван")


@pytestmark_dedupe
def test_duplicate_with_a_new_person_adds_the_contact_to_the_card(head, hq, moscow_managers):
    company = CompanyFactory(office=hq, name="Ромашка", website="romashka.ru")
    ContactPhoneFactory(contact=ContactFactory(company=company, surname="Иванов"), number="+74951112233")
    stored(company)
    row = ["", "ООО «Ромашка»", "", "www.romashka.ru/contacts", "77", "Кузнецова", "Мария", "", "", "", "", ""]
    results, _summary = run(hq, head, csv_bytes([row]), event="Выставка")
    assert results[0].outcome == RowOutcome.DUPLICATE
    assert results[0].company_id == company.pk
    assert "Добавлен контакт Кузнецова Мария" in results[0].message
    assert Company.objects.count() == 1
    assert sorted(company.contacts.values_list("surname", flat=True)) == ["Иванов", "Кузнецова"]


@pytestmark_dedupe
def test_rows_repeating_a_company_of_the_same_file_join_it(head, hq, moscow_managers):
    second = ["", "Ромашка", "", "romashka.ru", "77", "Смирнов", "Олег", "", "", "", "", ""]
    results, _summary = run(hq, head, csv_bytes([ROWS[0], second]))
    assert [result.outcome for result in results] == [RowOutcome.NEW, RowOutcome.DUPLICATE]
    company = Company.objects.get()
    assert sorted(company.contacts.values_list("surname", flat=True)) == ["Иванов", "Смирнов"]


@pytestmark_dedupe
def test_same_name_in_one_file_is_one_client_unless_inn_or_site_differ(head, hq, moscow_managers):
    rows = [
        ["", "Вектор", "", "vektor.ru", "77", "Иванов", "", "", "", "", "", ""],
        ["", "ООО «Вектор»", "", "", "77", "Петров", "", "", "", "", "", ""],  # nothing tells it apart: joins
        ["", "Вектор", "", "vektor-spb.ru", "78", "Сидоров", "", "", "", "", "", ""],  # another site: another client
        ["", "Вектор", "", "vektor-spb.ru", "78", "Орлов", "", "", "", "", "", ""],  # joins the second one
    ]
    results, _summary = run(hq, head, csv_bytes(rows))
    assert [result.outcome for result in results] == [
        RowOutcome.NEW, RowOutcome.DUPLICATE, RowOutcome.NEW, RowOutcome.DUPLICATE
    ]  # fmt: skip
    first, second = Company.objects.order_by("pk")
    assert (first.website, second.website) == ("vektor.ru", "vektor-spb.ru")
    assert sorted(first.contacts.values_list("surname", flat=True)) == ["Иванов", "Петров"]
    assert sorted(second.contacts.values_list("surname", flat=True)) == ["Орлов", "Сидоров"]


@pytestmark_dedupe
def test_client_taken_by_another_office_is_skipped_with_the_date(head, hq, office_b, moscow_managers):
    stored(CompanyFactory(office=office_b, name="Ромашка Регион", website="romashka.ru"))
    results, _summary = run(hq, head, csv_bytes([ROWS[0], ROWS[1]]))
    assert results[0].outcome == RowOutcome.TAKEN_ELSEWHERE
    assert timezone.localdate().strftime("%d.%m.%Y") in results[0].message
    assert results[1].outcome == RowOutcome.NEW
    assert not Company.objects.filter(office=hq, website="romashka.ru").exists()


@pytestmark_dedupe
def test_bad_rows_are_errors_with_reasons_and_write_nothing(head, hq, moscow_managers):
    rows = [
        ["", "Буквы", "", "", "", "Иванов", "", "", "", "восемь-девять", "", ""],
        ["", "", "", "", "", "Без компании", "", "", "", "", "", ""],
        ["", "Неизвестно где", "", "", "Нарния", "Петров", "", "", "", "", "", ""],
        ["", "Плохой ИНН", "1234567890", "", "", "Сидоров", "", "", "", "", "", ""],
        ["", "Хорошая", "", "", "", "Орлов", "", "", "", "", "", ""],
    ]
    results, summary = run(hq, head, csv_bytes(rows))
    assert [result.outcome for result in results] == [RowOutcome.ERROR] * 4 + [RowOutcome.NEW]
    assert "телефон" in results[0].message.lower()
    assert results[1].message == "Не указано название компании."
    assert results[2].message == "Неизвестный регион «Нарния»."
    assert "ИНН" in results[3].message
    assert list(Company.objects.values_list("name", flat=True)) == ["Хорошая"]  # no half-written «Буквы»
    assert summary.counts[RowOutcome.ERROR] == 4


@pytestmark_dedupe
def test_formula_is_stored_as_text_and_flagged(head, hq, moscow_managers):
    data = xlsx_bytes(["Компания", "Фамилия", "Комментарий"], [["Ромашка", "Иванов", '=HYPERLINK("http://evil")']])
    results, _summary = run(hq, head, data, name="list.xlsx")
    assert results[0].outcome == RowOutcome.NEW
    assert "Формула сохранена как текст: Комментарий." in results[0].message
    assert '=HYPERLINK("http://evil")' in Company.objects.get().notes


@pytestmark_dedupe
def test_dry_run_writes_nothing_and_predicts_the_real_outcomes(head, hq, office_b, moscow_managers, ural_manager):
    existing = stored(CompanyFactory(office=hq, name="Лютик", website="lutik.ru"))
    stored(CompanyFactory(office=office_b, name="Уралмаш", website="uralservice.ru"))
    rows = [*ROWS, ["", "Без фамилии", "", "", "", "", "", "", "", "+7 495 000-00-01", "", ""], ROWS[0]]
    counts_before = (Company.objects.count(), Contact.objects.count(), Activity.objects.count())
    dry, dry_summary = run(hq, head, csv_bytes(rows), dry_run=True)
    assert (Company.objects.count(), Contact.objects.count(), Activity.objects.count()) == counts_before
    real, real_summary = run(hq, head, csv_bytes(rows))
    assert [(r.number, r.outcome, r.company_name) for r in dry] == [(r.number, r.outcome, r.company_name) for r in real]
    assert dry_summary.counts == real_summary.counts
    assert [r.outcome for r in real] == [
        RowOutcome.NEW, RowOutcome.DUPLICATE, RowOutcome.TAKEN_ELSEWHERE, RowOutcome.ERROR, RowOutcome.DUPLICATE,
    ]  # fmt: skip
    assert real[1].company_id == existing.pk


@pytestmark_dedupe
def test_moscow_contacts_spread_evenly_and_skip_the_absent(head, hq, moscow_managers, ural_manager):
    first, second, absentee = moscow_managers
    Absence.objects.create(user=absentee, kind=AbsenceKind.VACATION, starts_on=date.today(), ends_on=date.today())
    rows = [
        ["", f"Компания {n}", "", "", "Москва" if n % 2 else "", f"Фамилия{n}", "", "", "", "", "", ""]
        for n in range(6)
    ]
    rows.append(["", "Екатеринбургская", "", "", "Свердловская область", "Уралов", "", "", "", "", "", ""])
    results, _summary = run(hq, head, csv_bytes(rows))
    assert all(result.outcome == RowOutcome.NEW for result in results)
    moscow = Company.objects.exclude(name="Екатеринбургская")
    assert moscow.filter(responsible=first).count() == 3
    assert moscow.filter(responsible=second).count() == 3
    assert not Company.objects.filter(responsible=absentee).exists()
    assert Company.objects.get(name="Екатеринбургская").responsible == ural_manager


@pytestmark_dedupe
def test_partner_office_spreads_its_list_among_its_own_managers(office_a, alice, owner_a):
    colleague = UserFactory(email="colleague@alpha.ru", office=office_a)
    rows = [["", f"Компания {n}", "", "", "66", f"Фамилия{n}", "", "", "", "", "", ""] for n in range(4)]
    run(office_a, owner_a, csv_bytes(rows))
    assert Company.objects.filter(responsible=alice).count() == 2
    assert Company.objects.filter(responsible=colleague).count() == 2


# --- The web flow ------------------------------------------------------------------------------------------


def upload(client, data: bytes, name: str = "list.csv", **extra):
    form = {"source": LeadSource.EVENT, "event_name": "Выставка", "file": SimpleUploadedFile(name, data), **extra}
    return client.post(reverse("intake:import-new"), form)


def mapping_post(job: ImportJob, **fields: int) -> dict[str, str]:
    mapping = {**import_jobs.job_mapping(job), **fields}
    return {name: str(index) for name, index in mapping.items()}


@pytestmark_dedupe
def test_web_import_from_upload_to_report(client, head, hq, moscow_managers, ural_manager):
    client.force_login(head)
    response = upload(client, csv_bytes(ROWS, header=HEADER_RU, delimiter=";", encoding="cp1251"), office=hq.pk)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("intake:import-mapping", args=[job.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Соответствие колонок" in page.content.decode()

    response = client.post(reverse("intake:import-mapping", args=[job.pk]), mapping_post(job))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED  # the dry run ran (synchronously under tests)
    assert Company.objects.count() == 0
    page = client.get(reverse("intake:import-detail", args=[job.pk])).content.decode()
    assert "в базу ничего не записано" in page
    assert "Импортировать" in page

    response = client.post(reverse("intake:import-start", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.processed_rows, job.total_rows, job.progress_percent) == (3, 3, 100)
    assert job.summary["counts"][RowOutcome.NEW] == 3
    assert Company.objects.count() == 3

    progress = client.get(reverse("intake:import-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "3 / 3 · 100%" in progress.content.decode()
    assert progress["HX-Redirect"] == reverse("intake:import-detail", args=[job.pk])

    report = client.get(reverse("intake:import-report", args=[job.pk]))
    text = b"".join(report.streaming_content).decode("utf-8")
    assert text.splitlines()[0] == "\ufeffСтрока;Результат;ID компании;Компания;Менеджер;Сообщение"
    romashka = Company.objects.get(name="Ромашка")
    assert f"2;Новый;{romashka.pk};Ромашка;{romashka.responsible.short_name};" in text

    again = client.post(reverse("intake:import-start", args=[job.pk]))
    assert again.status_code == 302
    assert Company.objects.count() == 3  # a second click imports nothing twice


@pytestmark_dedupe
def test_dry_run_table_is_paginated_and_filtered_by_outcome(client, head, hq, moscow_managers):
    rows = [["", f"Компания {n}", "", "", "", f"Фамилия{n}", "", "", "", "", "", ""] for n in range(60)]
    rows.append(["", "", "", "", "", "Без компании", "", "", "", "", "", ""])
    client.force_login(head)
    upload(client, csv_bytes(rows), office=hq.pk)
    job = ImportJob.objects.get()
    client.post(reverse("intake:import-mapping", args=[job.pk]), mapping_post(job))
    page = client.get(reverse("intake:import-detail", args=[job.pk])).content.decode()
    assert 'data-testid="result-row-51"' in page and 'data-testid="result-row-52"' not in page
    assert "Страница 1 из 2" in page
    errors = client.get(reverse("intake:import-detail", args=[job.pk]), {"outcome": "error"}).content.decode()
    assert "Не указано название компании." in errors
    assert 'data-testid="result-row-2"' not in errors


def test_upload_refuses_unreadable_file_and_writes_nothing(client, alice):
    client.force_login(alice)
    response = upload(client, b"\x00\x01\x02binary", "list.csv")
    assert response.status_code == 400
    assert "Не удалось прочитать файл" in response.content.decode()
    assert not ImportJob.objects.exists()


@override_settings(IMPORT_MAX_BYTES=1024)
def test_upload_refuses_a_big_file(client, alice):
    client.force_login(alice)
    response = upload(client, csv_bytes(ROWS * 20))
    assert response.status_code == 400
    assert "Файл слишком большой" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_mapping_without_company_column_is_refused_and_nothing_written(client, alice):
    client.force_login(alice)
    upload(client, b"surname,phone\n\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2,+74951112233\n")
    job = ImportJob.objects.get()
    response = client.post(reverse("intake:import-mapping", args=[job.pk]), mapping_post(job))
    assert response.status_code == 400
    assert "Обязательное поле" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED
    assert Company.objects.count() == 0


def test_outsider_gets_404_on_someone_elses_import(client, alice, charlie, office_a):
    client.force_login(alice)
    upload(client, csv_bytes(ROWS))
    job = ImportJob.objects.get()
    assert job.office == office_a
    client.force_login(charlie)
    for name in ("import-detail", "import-mapping", "import-progress", "import-report", "import-start"):
        method = client.post if name == "import-start" else client.get
        assert method(reverse(f"intake:{name}", args=[job.pk])).status_code == 404, name
    assert str(job.original_name) not in client.get(reverse("intake:import-list")).content.decode()


def test_account_manager_who_cannot_write_sees_no_imports(client, alice, account_manager):
    client.force_login(alice)
    upload(client, csv_bytes(ROWS))
    job = ImportJob.objects.get()
    client.force_login(account_manager)
    assert client.get(reverse("intake:import-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("intake:import-new")).status_code == 403


def test_import_list_shows_own_jobs_with_status(client, alice):
    client.force_login(alice)
    upload(client, csv_bytes(ROWS), "event.csv")
    page = client.get(reverse("intake:import-list")).content.decode()
    assert "event.csv" in page
    assert "Загружен" in page


def test_failed_job_keeps_the_reason(db, alice, office_a):
    job = ImportJob.objects.create(
        office=office_a,
        created_by=alice,
        original_name="list.csv",
        file=ContentFile(b"\x00\x00", name="list.csv"),
        mapping={"company": 0},
        status=ImportStatus.CHECKING,
    )
    import_jobs.run_check(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "Не удалось прочитать файл" in job.error


def test_task_delivered_twice_runs_once(db, alice, office_a):
    job = ImportJob.objects.create(
        office=office_a,
        created_by=alice,
        original_name="list.csv",
        file=ContentFile(b"company\n", name="list.csv"),
        mapping={"company": 0},
        status=ImportStatus.DONE,
        finished_at=timezone.now() - timedelta(minutes=1),
    )
    import_jobs.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


def test_import_row_reads_missing_fields_as_empty():
    assert ImportRow(number=2, values={"company": "x"}).get("phone") == ""


def test_progress_bar_polls_every_second_while_running(client, alice, office_a):
    job = ImportJob.objects.create(
        office=office_a,
        created_by=alice,
        original_name="list.csv",
        file=ContentFile(b"company\n", name="list.csv"),
        status=ImportStatus.IMPORTING,
        total_rows=100,
        processed_rows=52,
    )
    client.force_login(alice)
    page = client.get(reverse("intake:import-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert reverse("intake:import-progress", args=[job.pk]) in page
    fragment = client.get(reverse("intake:import-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "52 / 100 · 52%" in fragment.content.decode()
    assert "HX-Redirect" not in fragment


@pytestmark_dedupe
def test_known_person_by_e_mail_is_not_added_twice(head, hq, moscow_managers):
    company = CompanyFactory(office=hq, name="Ромашка", website="romashka.ru")
    contact = ContactFactory(company=company, surname="Иванов")
    contact.emails.create(email="boss@romashka.ru")
    stored(company)
    row = ["", "Ромашка", "", "", "", "Ivanoff", "", "", "", "", "boss@romashka.ru", ""]
    results, _summary = run(hq, head, csv_bytes([row]), event="Форум")
    assert (results[0].outcome, results[0].company_id) == (RowOutcome.DUPLICATE, company.pk)
    assert results[0].message == "Контакт уже есть в карточке."
    assert company.contacts.count() == 1
    assert Activity.objects.get(company=company, kind=ActivityKind.NOTE).contact == contact


def test_region_is_found_by_code_name_or_cis_country_code(db):
    from nastavnik.intake.importing import RegionLookup

    lookup = RegionLookup()
    assert lookup.find("77").code == "77"
    assert lookup.find("г. Москва").code == "77"
    assert lookup.find("by").name == "Беларусь"
    assert lookup.find("KZ").name == "Казахстан"
    assert lookup.find("Атлантида") is None
