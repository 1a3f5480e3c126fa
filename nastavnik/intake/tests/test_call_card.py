"""The incoming-call card: opened with the call, saved as the manager types, shows who worked with a known caller."""

import pytest

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company
from nastavnik.deals.models import Deal
from nastavnik.intake.choices import CallCardStatus
from nastavnik.intake.models import IncomingCallCard
from nastavnik.intake.tests.telephony_personas import CLIENT_PHONE, client_with_phone, hq_manager
from nastavnik.notifications.models import Notification


@pytest.fixture
def duty(db):
    return hq_manager("duty@hq.ru", "Дежурный")


@pytest.fixture
def owner(db):
    return hq_manager("owner@hq.ru", "Владелец")


def open_card(client, user, phone: str = "") -> IncomingCallCard:
    client.force_login(user)
    response = client.get("/intake/calls/new/", {"phone": phone})
    assert response.status_code == 302
    card = IncomingCallCard.objects.get(manager=user)
    assert response["Location"] == f"/intake/calls/{card.pk}/"
    return card


def test_opening_the_page_creates_the_card_with_the_greeting(client, duty):
    card = open_card(client, duty, "8 495 765-43-21")
    assert card.phone == "+74957654321"
    assert card.status == CallCardStatus.OPEN
    page = client.get(f"/intake/calls/{card.pk}/").content.decode()
    assert "Здравствуйте, меня зовут Иван, я менеджер-консультант отдела продаж, чем могу вам помочь?" in page
    for section in ("Вопрос клиента", "на всякий случай", "На чьё имя выслать", "Организация", "Откуда узнали"):
        assert section in page
    assert 'hx-trigger="change, keyup changed delay:700ms"' in page
    assert "Клиент не найден" in page


def test_autosave_writes_the_field_and_says_when(client, duty):
    card = open_card(client, duty)
    response = client.post(
        f"/intake/calls/{card.pk}/save/", {"question": "Интересует тариф «Старт»"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Сохранено " in response.content.decode()
    card.refresh_from_db()
    assert card.question == "Интересует тариф «Старт»"


def test_known_caller_shows_who_worked_with_them_and_transfers(client, duty, owner):
    company = client_with_phone(owner=owner)
    card = open_card(client, duty, CLIENT_PHONE)
    assert card.company == company
    page = client.get(f"/intake/calls/{card.pk}/").content.decode()
    assert "Клиент уже есть в системе" in page
    assert f"Перевести на {owner.short_name}" in page
    response = client.post(f"/intake/calls/{card.pk}/transfer/", {"to": owner.pk})
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.status, card.transferred_to) == (CallCardStatus.TRANSFERRED, owner)
    notification = Notification.objects.get(user=owner)
    assert notification.url == f"/intake/calls/{card.pk}/"
    assert "переводит на вас звонок" in notification.text
    # The person it was transferred to opens the card from the notification.
    client.force_login(owner)
    assert client.get(notification.url).status_code == 200


def test_typing_a_known_phone_shows_the_transfer(client, duty, owner):
    client_with_phone(responsible=owner)
    card = open_card(client, duty)
    response = client.post(f"/intake/calls/{card.pk}/save/", {"phone": "(495) 123-45-67"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'hx-swap-oob="true"' in body
    assert f"Перевести на {owner.short_name}" in body


def test_transfer_only_to_who_worked_with_the_client(client, duty, owner, alice):
    card = open_card(client, duty)
    client.post(f"/intake/calls/{card.pk}/transfer/", {"to": alice.pk})
    card.refresh_from_db()
    assert card.transferred_to is None
    assert not Notification.objects.exists()


def test_finish_a_new_client_creates_company_contact_and_deal(client, duty):
    card = open_card(client, duty, "+7 916 123-45-67")
    fields = {
        "question": "Сколько стоит подключение?",
        "materials_email": "info@vasilek.ru",
        "recipient_name": "Сидоров Пётр Ильич",
        "organisation": "ООО Василёк",
        "industry": "Розничная торговля",
        "heard_from": "Выставка",
    }
    for name, value in fields.items():
        client.post(f"/intake/calls/{card.pk}/save/", {name: value}, HTTP_HX_REQUEST="true")
    response = client.post(f"/intake/calls/{card.pk}/finish/")
    assert response.status_code == 302
    company = Company.objects.get(name="ООО Василёк")
    assert response["Location"] == f"/companies/{company.pk}/"
    assert (company.source, company.industry, company.responsible) == (
        LeadSource.INCOMING_CALL,
        "Розничная торговля",
        duty,
    )
    contact = company.contacts.get()
    assert (contact.surname, contact.first_name, contact.patronymic) == ("Сидоров", "Пётр", "Ильич")
    assert [phone.number for phone in contact.phones.all()] == ["+79161234567"]
    assert [email.email for email in contact.emails.all()] == ["info@vasilek.ru"]
    deal = Deal.objects.get(company=company)
    assert (deal.owner, deal.source) == (duty, LeadSource.INCOMING_CALL)
    call = Activity.objects.get(company=company, kind=ActivityKind.CALL)
    assert call.direction == CallDirection.INCOMING
    assert "Сколько стоит подключение?" in call.body
    card.refresh_from_db()
    assert (card.status, card.company, card.deal) == (CallCardStatus.DONE, company, deal)
    # A finished card no longer takes changes.
    response = client.post(f"/intake/calls/{card.pk}/save/", {"question": "другое"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Карточка уже завершена" in response.content.decode()


def test_finish_without_organisation_says_what_is_missing(client, duty):
    card = open_card(client, duty, "+79161234567")
    response = client.post(f"/intake/calls/{card.pk}/finish/")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Укажите организацию" in body
    assert "Укажите, на чьё имя выслать материалы" in body
    assert not Company.objects.exists()
    card.refresh_from_db()
    assert card.status == CallCardStatus.OPEN


def test_finish_a_known_client_logs_the_call_on_it(client, duty, owner):
    company = client_with_phone(responsible=owner)
    card = open_card(client, duty, CLIENT_PHONE)
    client.post(f"/intake/calls/{card.pk}/save/", {"question": "Продлить договор"}, HTTP_HX_REQUEST="true")
    client.post(f"/intake/calls/{card.pk}/finish/")
    assert Company.objects.count() == 1
    call = Activity.objects.get(company=company, kind=ActivityKind.CALL)
    assert (call.author, call.direction) == (duty, CallDirection.INCOMING)


def test_outsider_sees_no_card(client, duty, charlie):
    card = open_card(client, duty)
    client.force_login(charlie)
    assert client.get(f"/intake/calls/{card.pk}/").status_code == 404
    assert client.post(f"/intake/calls/{card.pk}/save/", {"question": "x"}).status_code == 404
    assert client.post(f"/intake/calls/{card.pk}/finish/").status_code == 404
    assert 'data-testid="call-card-row"' not in client.get("/intake/calls/").content.decode()


def test_call_list_shows_own_cards(client, duty):
    open_card(client, duty, "+74957654321")
    page = client.get("/intake/calls/").content.decode()
    assert page.count('data-testid="call-card-row"') == 1
    assert "+7 (495) 765-43-21" in page


def test_unknown_field_is_refused(client, duty):
    card = open_card(client, duty)
    response = client.post(f"/intake/calls/{card.pk}/save/", {"manager": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
