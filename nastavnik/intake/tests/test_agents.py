"""Agents: call list import, call outcomes, a booked meeting opening the deal for a manager, commissions."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company
from nastavnik.deals.models import Deal, Stage
from nastavnik.deals.services import deal_create, deal_move, deal_update
from nastavnik.intake import agents
from nastavnik.intake.choices import CallOutcome
from nastavnik.intake.models import CallList, CallListEntry, Commission, CommissionRule
from nastavnik.lib.money import format_rub
from nastavnik.notifications.models import Notification
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, Region
from nastavnik.tests.factories import CompanyFactory, UserFactory

GOOD_CSV = (
    "Компания;Контакт;Телефон;E-mail;Сайт;Регион\n"
    "Ромашка;Иванов Иван;8 (343) 123-45-67;ivan@romashka.ru;romashka.ru;66\n"
    "Без телефона;Петров;;p@x.ru;;77\n"
    "Лютик;Сидорова Анна;+7 495 765-43-21;;lutik.ru;Москва\n"
    ";;;;;\n"
    'Формула;=HYPERLINK("x");+7 495 765-43-22;;;\n'
)


def upload(text: str, name: str = "list.csv", encoding: str = "cp1251") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding))


def import_list(user, text=GOOD_CSV, agent=None, name="list.csv", encoding="cp1251"):
    file = upload(text, name, encoding)
    return agents.call_list_import(user=user, name="Обзвон", file=file, filename=name, agent=agent)


@pytest.fixture
def hq(db):
    return Office.objects.get(code="hq")


@pytest.fixture
def hq_agent(hq):
    return UserFactory(email="agent@hq.ru", last_name="Агентов", office=hq, role=Role.AGENT)


@pytest.fixture
def ural_manager(hq):
    user = UserFactory(email="ural@hq.ru", last_name="Уральский", office=hq)
    user.regions.add(Region.objects.get(code="66"))
    return user


@pytest.fixture
def moscow_manager(hq):
    user = UserFactory(email="msk@hq.ru", last_name="Московский", office=hq)
    user.regions.add(Region.objects.get(code="77"))
    return user


# Import


def test_agent_imports_a_windows_1251_csv_and_bad_rows_are_reported(bob):
    call_list, problems = import_list(bob)
    assert (call_list.agent, call_list.office) == (bob, bob.office)
    entries = list(call_list.entries.order_by("pk"))
    assert [e.company_name for e in entries] == ["Ромашка", "Лютик"]
    assert entries[0].phone == "+73431234567" and entries[0].region.code == "66"
    assert entries[1].region.code == "77"
    assert problems == ["Строка 3: не указан телефон.", "Строка 6: формула вместо значения."]


def test_utf8_comma_separated_csv_is_read(bob):
    text = "company,phone,email\nВектор,+7 495 111-22-33,info@vektor.ru\n"
    call_list, problems = import_list(bob, text, encoding="utf-8")
    assert problems == []
    assert call_list.entries.get().email == "info@vektor.ru"


def test_xlsx_is_read(bob):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Компания", "Телефон", "Регион"])
    sheet.append(["Ромашка", "+7 343 123-45-67", 66])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("list.xlsx", buffer.getvalue())
    call_list, problems = agents.call_list_import(user=bob, name="", file=file, filename="list.xlsx")
    assert problems == []
    assert call_list.name == "list.xlsx"
    assert call_list.entries.get().region.code == "66"


def test_file_without_the_required_columns_is_refused_whole(bob):
    with pytest.raises(ValidationError) as error:
        import_list(bob, "Название;Почта\nРомашка;a@b.ru\n")
    assert error.value.message_dict["file"] == ["В файле нет колонок: phone."]
    assert not CallList.objects.exists()


def test_broken_files_are_refused_with_a_message(bob):
    with pytest.raises(ValidationError) as error:
        import_list(bob, "Компания;Телефон\n", name="list.pdf")
    assert error.value.message_dict["file"] == ["Загрузите файл CSV или XLSX."]
    with pytest.raises(ValidationError) as error:
        agents.call_list_import(user=bob, name="", file=io.BytesIO(b"PK\x03\x04junk"), filename="x.xlsx")
    assert "повреждён" in error.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        agents.call_list_import(user=bob, name="", file=io.BytesIO(b""), filename="x.csv")
    assert not CallList.objects.exists()


def test_agent_cannot_import_a_list_for_another_agent(bob, office_a):
    other = UserFactory(email="other-agent@alpha.ru", office=office_a, role=Role.AGENT)
    with pytest.raises(PermissionDenied):
        import_list(bob, agent=other)


def test_import_page_uploads_a_list(client, bob):
    client.force_login(bob)
    response = client.post(reverse("intake:call-list-import"), {"name": "Обзвон", "file": upload(GOOD_CSV)})
    call_list = CallList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:call-list-detail", args=[call_list.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Ромашка" in page and "Строка 3: не указан телефон." in page


def test_import_page_shows_missing_columns(client, bob):
    client.force_login(bob)
    response = client.post(reverse("intake:call-list-import"), {"file": upload("Наименование\nРомашка\n")})
    assert response.status_code == 200
    assert "В файле нет колонок: company, phone." in response.content.decode()


# Outcomes and booking


def test_agent_records_an_outcome_inline(client, bob):
    call_list, _ = import_list(bob)
    entry = call_list.entries.first()
    client.force_login(bob)
    response = client.post(
        reverse("intake:call-list-entry-record", args=[entry.pk]),
        {"outcome": CallOutcome.CALLBACK, "note": "Перезвонить после обеда"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Перезвонить" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.outcome, entry.note) == (CallOutcome.CALLBACK, "Перезвонить после обеда")
    assert entry.called_at is not None and entry.deal is None


def test_booking_without_a_time_is_refused(client, bob):
    call_list, _ = import_list(bob)
    entry = call_list.entries.first()
    client.force_login(bob)
    response = client.post(
        reverse("intake:call-list-entry-record", args=[entry.pk]),
        {"outcome": CallOutcome.MEETING_BOOKED},
        HTTP_HX_REQUEST="true",
    )
    assert "Укажите дату и время встречи." in response.content.decode()
    entry.refresh_from_db()
    assert entry.outcome == CallOutcome.PENDING and not Deal.objects.exists()


def test_booking_a_meeting_opens_the_deal_for_the_regional_manager(hq_agent, ural_manager, moscow_manager):
    call_list, _ = import_list(hq_agent)
    entry = call_list.entries.get(company_name="Ромашка")
    meeting_at = timezone.now() + timedelta(days=2)
    agents.call_list_entry_record(
        user=hq_agent, entry=entry, outcome=CallOutcome.MEETING_BOOKED, note="ЛПР ждёт", meeting_at=meeting_at
    )
    entry.refresh_from_db()
    deal = entry.deal
    assert (deal.agent, deal.owner, deal.source) == (hq_agent, ural_manager, LeadSource.AGENT)
    assert (entry.company.source, entry.company.office.code) == (LeadSource.AGENT, "hq")
    assert entry.contact.surname == "Иванов"
    assert entry.contact.phones.get().number == "+73431234567"
    meeting = Activity.objects.get(deal=deal, kind=ActivityKind.MEETING)
    assert meeting.occurred_at == meeting_at
    assert Notification.objects.filter(user=ural_manager, url__contains=f"/deals/{deal.pk}/").exists()


def test_booking_in_a_partner_office_goes_to_its_manager_and_reuses_the_card(bob, alice, office_a):
    from nastavnik.clients.services import company_create

    existing = company_create(user=alice, office=office_a, name="Лютик", website="lutik.ru")
    call_list, _ = import_list(bob)
    entry = call_list.entries.get(company_name="Лютик")
    agents.call_list_entry_record(
        user=bob, entry=entry, outcome=CallOutcome.MEETING_BOOKED, meeting_at=timezone.now() + timedelta(days=1)
    )
    entry.refresh_from_db()
    assert entry.company == existing
    assert (entry.deal.owner, entry.deal.agent) == (alice, bob)
    assert Company.objects.filter(name="Лютик").count() == 1


def test_booked_entry_cannot_be_booked_twice(bob, alice):
    call_list, _ = import_list(bob)
    entry = call_list.entries.first()
    agents.call_list_entry_record(
        user=bob, entry=entry, outcome=CallOutcome.MEETING_BOOKED, meeting_at=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        agents.call_list_entry_record(
            user=bob, entry=entry, outcome=CallOutcome.MEETING_BOOKED, meeting_at=timezone.now()
        )
    assert Deal.objects.count() == 1


def test_outsider_cannot_see_or_work_another_office_call_list(client, bob, charlie):
    call_list, _ = import_list(bob)
    entry = call_list.entries.first()
    client.force_login(charlie)
    assert "Обзвон" not in client.get(reverse("intake:call-lists")).content.decode()
    assert client.get(reverse("intake:call-list-detail", args=[call_list.pk])).status_code == 404
    response = client.post(reverse("intake:call-list-entry-record", args=[entry.pk]), {"outcome": CallOutcome.REFUSED})
    assert response.status_code == 404
    assert client.get(reverse("api:call-list-list")).json()["count"] == 0
    assert client.get(reverse("api:call-list-entry-list")).json()["count"] == 0
    entry.refresh_from_db()
    assert entry.outcome == CallOutcome.PENDING


def test_another_agent_does_not_see_the_list(client, bob, office_a):
    call_list, _ = import_list(bob)
    other = UserFactory(email="other-agent@alpha.ru", office=office_a, role=Role.AGENT)
    client.force_login(other)
    assert client.get(reverse("intake:call-list-detail", args=[call_list.pk])).status_code == 404


def test_api_records_an_outcome(client, bob):
    call_list, _ = import_list(bob)
    entry = call_list.entries.first()
    client.force_login(bob)
    response = client.post(
        reverse("api:call-list-entry-outcome", args=[entry.pk]),
        {"outcome": CallOutcome.NO_ANSWER},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == CallOutcome.NO_ANSWER


# Commissions


@pytest.fixture
def agent_deal(bob, alice, office_a):
    company = CompanyFactory(office=office_a)
    return deal_create(user=bob, company=company, owner=alice, amount=Decimal("100000"))


def won_stage() -> Stage:
    return Stage.objects.filter(is_won=True).first()


def open_stage() -> Stage:
    return Stage.objects.filter(is_won=False, is_lost=False).first()


def test_won_deal_pays_the_agent_and_the_manager_once(agent_deal, alice, bob):
    deal_move(user=alice, deal=agent_deal, stage=won_stage())
    deal_update(user=alice, deal=agent_deal, title="Выиграна")
    commissions = {c.user: (c.percent, c.amount) for c in Commission.objects.all()}
    assert commissions == {bob: (Decimal("5.00"), Decimal("5000.00")), alice: (Decimal("10.00"), Decimal("10000.00"))}


def test_office_shares_are_used(agent_deal, alice, bob, office_a, head):
    agents.commission_rule_update(
        user=head, office=office_a, agent_percent=Decimal("7.5"), manager_percent=Decimal("12")
    )
    deal_move(user=alice, deal=agent_deal, stage=won_stage())
    assert Commission.objects.get(user=bob).amount == Decimal("7500.00")
    assert Commission.objects.get(user=alice).amount == Decimal("12000.00")


def test_reopening_a_won_deal_removes_the_commissions(agent_deal, alice):
    deal_move(user=alice, deal=agent_deal, stage=won_stage())
    deal_move(user=alice, deal=agent_deal, stage=open_stage())
    assert not Commission.objects.exists()


def test_deal_without_agent_earns_no_commission(alice, company_a):
    deal = deal_create(user=alice, company=company_a, amount=Decimal("5000"))
    deal_move(user=alice, deal=deal, stage=won_stage())
    assert not Commission.objects.exists()


def test_commission_page_shows_own_and_head_sees_all(client, agent_deal, alice, bob, head, charlie):
    deal_move(user=alice, deal=agent_deal, stage=won_stage())
    agent_share, manager_share = format_rub(Decimal("5000")), format_rub(Decimal("10000"))
    client.force_login(bob)
    page = client.get(reverse("intake:commissions")).content.decode()
    assert agent_share in page and manager_share not in page
    client.force_login(head)
    page = client.get(reverse("intake:commissions")).content.decode()
    assert agent_share in page and manager_share in page
    client.force_login(charlie)
    assert 'data-testid="empty-state"' in client.get(reverse("intake:commissions")).content.decode()


def test_only_head_or_admin_edits_the_shares(client, alice, head, office_a):
    with pytest.raises(PermissionDenied):
        agents.commission_rule_update(
            user=alice, office=office_a, agent_percent=Decimal("1"), manager_percent=Decimal("1")
        )
    client.force_login(alice)
    assert client.get(reverse("intake:commission-rules")).status_code == 403
    client.force_login(head)
    prefix = f"office-{office_a.pk}"
    response = client.post(
        reverse("intake:commission-rules"),
        {"office": office_a.pk, f"{prefix}-agent_percent": "6", f"{prefix}-manager_percent": "11"},
    )
    assert response.status_code == 302
    rule = CommissionRule.objects.get(office=office_a)
    assert (rule.agent_percent, rule.manager_percent) == (Decimal("6"), Decimal("11"))
    response = client.post(
        reverse("intake:commission-rules"),
        {"office": office_a.pk, f"{prefix}-agent_percent": "150", f"{prefix}-manager_percent": "11"},
    )
    assert "от 0 до 100" in response.content.decode()
    assert CommissionRule.objects.get(office=office_a).agent_percent == Decimal("6")


def test_call_list_entries_keep_no_partial_rows_when_the_file_is_refused(bob):
    with pytest.raises(ValidationError):
        import_list(bob, "Компания;Телефон\n;\nБез телефона;\n")
    assert not CallListEntry.objects.exists() and not CallList.objects.exists()


def test_booking_a_client_another_office_works_is_refused(bob, alice, charlie, office_b):
    from nastavnik.clients.services import company_create

    taken = company_create(user=charlie, office=office_b, name="Ромашка", website="romashka.ru")
    deal_create(user=charlie, company=taken)
    call_list, _ = import_list(bob)
    entry = call_list.entries.get(company_name="Ромашка")
    with pytest.raises(ValidationError) as error:
        agents.call_list_entry_record(
            user=bob, entry=entry, outcome=CallOutcome.MEETING_BOOKED, meeting_at=timezone.now() + timedelta(days=1)
        )
    assert "уже ведёт другое представительство" in " ".join(error.value.messages)
    entry.refresh_from_db()
    assert entry.outcome == CallOutcome.PENDING and entry.deal is None
    assert Deal.objects.filter(office=bob.office).count() == 0
