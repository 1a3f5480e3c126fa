"""Company and contact pages as alice (owner), account manager (reader) and charlie (outsider) see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nastavnik.clients.models import Company, Contact
from nastavnik.clients.services import company_update
from nastavnik.tests.factories import (
    ActivityFactory,
    CompanyFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    DealFactory,
)

VALID_INN = "7707083893"


@pytest.fixture
def card(company_a, alice):
    """Alice's company with a contact, a deal and a call on the timeline."""
    contact = ContactFactory(company=company_a, surname="Петров", first_name="Иван", position="Директор")
    ContactPhoneFactory(contact=contact, number="+74951234567")
    ContactEmailFactory(contact=contact, email="petrov@romashka.ru")
    deal = DealFactory(company=company_a, owner=alice, title="Продвижение сайта")
    ActivityFactory(company=company_a, deal=deal, author=alice, body="Обсудили тариф")
    return company_a


def test_company_list_shows_alices_companies(client, alice, card):
    client.force_login(alice)
    response = client.get("/companies/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ромашка" in page
    assert 'id="results"' in page


def test_outsider_does_not_see_the_company_anywhere(client, charlie, card):
    client.force_login(charlie)
    assert "Ромашка" not in client.get("/companies/").content.decode()
    assert "Петров" not in client.get("/contacts/").content.decode()
    assert client.get(f"/companies/{card.pk}/").status_code == 404
    assert client.get(f"/companies/{card.pk}/edit/").status_code == 404
    assert client.get(f"/companies/{card.pk}/contacts/new/").status_code == 404
    contact = card.contacts.get()
    assert client.get(f"/contacts/{contact.pk}/edit/").status_code == 404


def test_filter_choices_do_not_leak_people_of_another_office(client, charlie, alice, card):
    client.force_login(charlie)
    page = client.get("/companies/").content.decode()
    assert alice.last_name not in page


def test_company_card_shows_details_contacts_deals_and_timeline(client, alice, card):
    client.force_login(alice)
    response = client.get(f"/companies/{card.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Петров Иван" in page
    assert "+7 (495) 123-45-67" in page
    assert "petrov@romashka.ru" in page
    assert "Продвижение сайта" in page
    assert "Обсудили тариф" in page
    assert 'data-testid="company-edit"' in page


def test_card_history_shows_who_changed_what(client, alice, card):
    client.force_login(alice)
    response = client.post(
        f"/companies/{card.pk}/edit/",
        {"name": "Ромашка Плюс", "source": "other", "preferred_channel": "phone", "status": "active"},
    )
    assert response.status_code == 302
    page = client.get(f"/companies/{card.pk}/").content.decode()
    assert "История изменений" in page
    assert "Ромашка" in page and "Ромашка Плюс" in page
    entries = client.get(f"/companies/{card.pk}/").context["history"]
    change = next(entry for entry in entries if entry.changes)
    assert change.user == alice
    assert any(c.old == "Ромашка" and c.new == "Ромашка Плюс" for c in change.changes)


def test_account_manager_reads_the_card_but_cannot_edit(client, account_manager, card):
    client.force_login(account_manager)
    response = client.get(f"/companies/{card.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="company-edit"' not in page
    assert 'data-testid="log-call"' not in page
    assert client.get(f"/companies/{card.pk}/edit/").status_code == 403
    assert client.post(f"/companies/{card.pk}/edit/", {"name": "Взлом"}).status_code == 403
    assert client.get("/companies/new/").status_code == 403
    card.refresh_from_db()
    assert card.name == "Ромашка"


def test_create_company(client, alice):
    client.force_login(alice)
    response = client.post(
        "/companies/new/",
        {
            "name": "Василёк",
            "legal_form": "ooo",
            "inn": VALID_INN,
            "website": "vasilek.ru",
            "source": "website",
            "preferred_channel": "telegram",
            "status": "active",
        },
    )
    company = Company.objects.get(name="Василёк")
    assert response.status_code == 302
    assert response.url == f"/companies/{company.pk}/"
    assert company.office == alice.office
    assert company.responsible == alice


def test_bad_inn_shows_the_russian_reason_and_writes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        "/companies/new/",
        {"name": "Лютик", "inn": "1234567890", "source": "other", "preferred_channel": "phone", "status": "active"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Неверный ИНН" in page
    assert "is-invalid" in page
    assert not Company.objects.filter(name="Лютик").exists()


def test_office_is_asked_only_from_those_who_write_in_several_offices(client, alice, head, office_a):
    client.force_login(alice)
    assert "office" not in client.get("/companies/new/").context["form"].fields
    client.force_login(head)
    assert "office" in client.get("/companies/new/").context["form"].fields


def test_service_error_on_a_field_is_shown_inline(client, head, office_a, alice):
    """The head writes in every office; a responsible from another office is refused by the service."""
    client.force_login(head)
    response = client.post(
        "/companies/new/",
        {
            "office": office_a.pk,
            "name": "Одуванчик",
            "source": "other",
            "preferred_channel": "phone",
            "status": "active",
            "responsible": head.pk,
        },
    )
    assert response.status_code == 200
    assert "Ответственный должен работать в представительстве компании." in response.content.decode()
    assert not Company.objects.filter(name="Одуванчик").exists()


def test_add_contact_with_phones_and_emails(client, alice, company_a):
    client.force_login(alice)
    response = client.post(
        f"/companies/{company_a.pk}/contacts/new/",
        {
            "surname": "Сидорова",
            "first_name": "Анна",
            "phones": "8 (495) 765-43-21\n+7 916 123-45-67 доб. 12",
            "emails": "anna@romashka.ru",
            "preferred_channel": "phone",
            "is_current": "on",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(surname="Сидорова")
    assert [(p.number, p.extension) for p in contact.phones.all()] == [("+74957654321", ""), ("+79161234567", "12")]
    assert [e.email for e in contact.emails.all()] == ["anna@romashka.ru"]


def test_bad_phone_shows_the_russian_reason_and_writes_nothing(client, alice, company_a):
    client.force_login(alice)
    response = client.post(
        f"/companies/{company_a.pk}/contacts/new/",
        {"surname": "Кузнецов", "phones": "позвоните мне", "preferred_channel": "phone", "is_current": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Неверный номер телефона" in page
    assert "is-invalid" in page
    assert not Contact.objects.filter(surname="Кузнецов").exists()


def test_bad_email_shows_the_russian_reason(client, alice, company_a):
    client.force_login(alice)
    response = client.post(
        f"/companies/{company_a.pk}/contacts/new/",
        {"surname": "Кузнецов", "emails": "не-почта", "preferred_channel": "phone", "is_current": "on"},
    )
    assert "Неверный e-mail" in response.content.decode()
    assert not Contact.objects.filter(surname="Кузнецов").exists()


def test_edit_contact_keeps_phones_shown_in_russian_format(client, alice, card):
    contact = card.contacts.get()
    client.force_login(alice)
    form = client.get(f"/contacts/{contact.pk}/edit/").context["form"]
    assert form.initial["phones"] == "+7 (495) 123-45-67"
    response = client.post(
        f"/contacts/{contact.pk}/edit/",
        {
            "surname": "Петров",
            "first_name": "Иван",
            "phones": "+7 (495) 123-45-67",
            "emails": "",
            "preferred_channel": "email",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.is_current is False
    assert contact.emails.count() == 0
    assert contact.phones.get().number == "+74951234567"


def test_search_sort_and_paginate_companies(client, alice, office_a):
    for number in range(30):
        CompanyFactory(office=office_a, name=f"Компания {number:02d}")
    CompanyFactory(office=office_a, name="Особая", inn=VALID_INN)
    client.force_login(alice)

    found = client.get("/companies/", {"q": VALID_INN[:6]}).context["page"]
    assert [c.name for c in found] == ["Особая"]

    first = client.get("/companies/", {"ordering": "-name"}).context["page"]
    assert first.object_list[0].name == "Особая"
    assert len(first.object_list) == 25

    second = client.get("/companies/", {"page": 2}).context["page"]
    assert len(second.object_list) == 6
    assert client.get("/companies/", {"page": "много"}).status_code == 200


def test_empty_states(client, alice, company_a):
    client.force_login(alice)
    assert "Ничего не найдено" in client.get("/companies/", {"q": "нет такой"}).content.decode()
    company_a.delete()
    assert "Пока нет компаний" in client.get("/companies/").content.decode()
    assert "Пока нет контактов" in client.get("/contacts/").content.decode()


def test_bad_filter_values_do_not_break_the_page(client, alice, card):
    client.force_login(alice)
    response = client.get("/companies/", {"status": "нет", "region": "x", "ordering": "hack", "tag": "abc"})
    assert response.status_code == 200


def test_htmx_request_gets_only_the_results_fragment(client, alice, card):
    client.force_login(alice)
    response = client.get("/companies/", {"q": "Ром"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="results"')
    assert "Ромашка" in page
    assert "HX-Request" in response["Vary"]

    contacts = client.get("/contacts/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in contacts and "Петров" in contacts


def test_htmx_history_restore_gets_the_whole_page(client, alice, card):
    client.force_login(alice)
    page = client.get("/companies/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in page.content.decode()


def _company_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/companies/").status_code == 200
    return len(queries)


def test_company_list_query_count_does_not_grow_with_rows(client, alice, office_a, django_assert_max_num_queries):
    client.force_login(alice)
    golden = office_a.tags.get()

    def add_companies(count: int) -> None:
        for _number in range(count):
            company = CompanyFactory(office=office_a, responsible=alice)
            company.tags.add(golden)
            ContactFactory(company=company)
            DealFactory(company=company, owner=alice)

    add_companies(5)
    with django_assert_max_num_queries(11):
        client.get("/companies/")
    few = _company_list_queries(client)
    add_companies(35)
    many = _company_list_queries(client)
    assert few == many


def test_contact_list_outsider_and_agent(client, bob, card):
    client.force_login(bob)
    page = client.get("/contacts/").content.decode()
    assert "Петров" in page


def test_company_history_hides_deals_an_agent_may_not_see(client, bob, alice, card):
    deal = card.deals.get()
    from nastavnik.deals.services import deal_update

    deal_update(user=alice, deal=deal, title="Секретная сделка")
    company_update(user=alice, company=card, notes="Заметка")
    client.force_login(bob)
    page = client.get(f"/companies/{card.pk}/").content.decode()
    assert "Секретная сделка" not in page
