"""The companies and contacts API: tenancy, writes through the services, Russian validation messages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from nastavnik.clients.choices import CompanyStatus
from nastavnik.clients.models import Company, Contact, Tag
from nastavnik.tests.factories import CompanyFactory, ContactEmailFactory, ContactFactory, ContactPhoneFactory

VALID_INN = "7707083893"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def contact_a(company_a):
    contact = ContactFactory(company=company_a, surname="Иванов")
    ContactPhoneFactory(contact=contact, number="+74951234567")
    ContactEmailFactory(contact=contact, email="ivanov@romashka.ru")
    return contact


# Companies


def test_outsider_sees_no_companies_of_another_office(company_a, charlie):
    client = api_as(charlie)
    assert ids(client.get("/api/v1/companies/")) == set()
    assert client.get(f"/api/v1/companies/{company_a.pk}/").status_code == 404


def test_outsider_cannot_change_another_offices_company(company_a, charlie):
    response = api_as(charlie).patch(f"/api/v1/companies/{company_a.pk}/", {"name": "Чужая"}, format="json")
    assert response.status_code == 404
    company_a.refresh_from_db()
    assert company_a.name == "Ромашка"


def test_manager_reads_the_office_companies(company_a, alice, office_b):
    CompanyFactory(office=office_b)
    client = api_as(alice)
    assert ids(client.get("/api/v1/companies/")) == {company_a.pk}
    row = client.get(f"/api/v1/companies/{company_a.pk}/").json()
    assert row["name"] == "Ромашка"
    assert row["office"] == company_a.office_id
    assert row["responsible_name"] == alice.short_name
    assert (row["contact_count"], row["deal_count"]) == (0, 0)


def test_account_manager_reads_but_cannot_write(company_a, account_manager, office_a):
    client = api_as(account_manager)
    assert ids(client.get("/api/v1/companies/")) == {company_a.pk}

    created = client.post("/api/v1/companies/", {"name": "Василёк", "office": office_a.pk}, format="json")
    assert created.status_code == 403
    assert created.json() == {"detail": "У вас нет прав изменять данные этого представительства."}
    assert not Company.objects.filter(name="Василёк").exists()

    updated = client.patch(f"/api/v1/companies/{company_a.pk}/", {"name": "Лютик"}, format="json")
    assert updated.status_code == 403
    company_a.refresh_from_db()
    assert company_a.name == "Ромашка"


def test_manager_creates_a_company_in_their_office(alice, office_a):
    golden = Tag.objects.get(office=office_a, name="Золотой список")
    response = api_as(alice).post(
        "/api/v1/companies/",
        {"name": "Василёк", "legal_form": "ooo", "inn": VALID_INN, "tags": [golden.pk], "website": "vasilek.ru"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["display_name"] == "ООО «Василёк»"
    assert body["tags"] == [golden.pk]
    company = Company.objects.get(pk=body["id"])
    assert (company.office, company.responsible, company.inn) == (office_a, alice, VALID_INN)


def test_a_bad_inn_is_refused_in_russian_and_nothing_is_written(alice):
    response = api_as(alice).post("/api/v1/companies/", {"name": "Василёк", "inn": "1234567890"}, format="json")
    assert response.status_code == 400
    assert "Неверный ИНН «1234567890»" in response.json()["inn"][0]
    assert not Company.objects.exists()


@pytest.mark.parametrize("field", ["office", "tags", "responsible"])
def test_another_offices_objects_do_not_exist_for_the_caller(alice, charlie, office_b, field):
    foreign = {
        "office": office_b.pk,
        "tags": [Tag.objects.get(office=office_b).pk],
        "responsible": charlie.pk,
    }
    response = api_as(alice).post("/api/v1/companies/", {"name": "Василёк", field: foreign[field]}, format="json")
    assert response.status_code == 400
    assert "объект не существует" in str(response.json()[field])
    assert not Company.objects.exists()


def test_manager_updates_and_archives_a_company(company_a, alice):
    client = api_as(alice)
    response = client.patch(
        f"/api/v1/companies/{company_a.pk}/", {"status": "archived", "site_traffic_monthly": 1200}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "archived"
    company_a.refresh_from_db()
    assert (company_a.status, company_a.site_traffic_monthly) == (CompanyStatus.ARCHIVED, 1200)

    put = client.put(f"/api/v1/companies/{company_a.pk}/", {"name": "Ромашка-2", "inn": VALID_INN}, format="json")
    assert put.status_code == 200, put.content
    company_a.refresh_from_db()
    assert (company_a.name, company_a.inn) == ("Ромашка-2", VALID_INN)


def test_companies_cannot_be_deleted(company_a, alice):
    assert api_as(alice).delete(f"/api/v1/companies/{company_a.pk}/").status_code == 405
    assert Company.objects.filter(pk=company_a.pk).exists()


def test_company_search_filter_ordering_and_page_size(alice, office_a):
    for name in ("Альфа", "Бета", "Гамма"):
        CompanyFactory(office=office_a, name=name, responsible=alice)
    client = api_as(alice)
    assert [row["name"] for row in client.get("/api/v1/companies/", {"q": "Бет"}).json()["results"]] == ["Бета"]
    names = [row["name"] for row in client.get("/api/v1/companies/", {"ordering": "-name"}).json()["results"]]
    assert names == ["Гамма", "Бета", "Альфа"]
    page = client.get("/api/v1/companies/", {"page_size": 2}).json()
    assert (page["count"], len(page["results"]), page["next"] is not None) == (3, 2, True)
    assert client.get("/api/v1/companies/", {"status": "nonsense"}).status_code == 400


def test_page_size_is_capped_at_200(alice, office_a):
    CompanyFactory.create_batch(201, office=office_a)
    assert len(api_as(alice).get("/api/v1/companies/", {"page_size": 500}).json()["results"]) == 200


def _list_queries(client: APIClient, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, {"page_size": 100}).status_code == 200
    return len(queries)


def test_company_list_query_count_does_not_grow_with_rows(alice, office_a, django_assert_max_num_queries):
    tags = list(Tag.objects.filter(office=office_a))
    client = api_as(alice)

    def add_companies(count: int) -> None:
        for company in CompanyFactory.create_batch(count, office=office_a, responsible=alice):
            company.tags.set(tags)
            ContactFactory(company=company)

    add_companies(5)
    few = _list_queries(client, "/api/v1/companies/")
    add_companies(25)
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/companies/", {"page_size": 100})
    assert response.json()["count"] == 30
    assert _list_queries(client, "/api/v1/companies/") == few


# Contacts


def test_outsider_sees_no_contacts_of_another_office(contact_a, charlie):
    client = api_as(charlie)
    assert ids(client.get("/api/v1/contacts/")) == set()
    assert client.get(f"/api/v1/contacts/{contact_a.pk}/").status_code == 404
    assert client.patch(f"/api/v1/contacts/{contact_a.pk}/", {"surname": "X"}, format="json").status_code == 404


def test_contact_shows_formatted_phones_and_emails(contact_a, alice):
    row = api_as(alice).get(f"/api/v1/contacts/{contact_a.pk}/").json()
    assert row["phones"] == [{"number": "+74951234567", "display": "+7 (495) 123-45-67", "extension": ""}]
    assert row["emails"] == ["ivanov@romashka.ru"]
    assert row["full_name"] == contact_a.full_name


def test_manager_creates_a_contact_with_phones_and_emails(company_a, alice):
    response = api_as(alice).post(
        "/api/v1/contacts/",
        {
            "company": company_a.pk,
            "surname": "Петров",
            "first_name": "Пётр",
            "is_decision_maker": True,
            "phones": ["8 (495) 123-45-67 доб. 12", "+7 916 000 11 22"],
            "emails": [" Petrov@Romashka.RU "],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phones"] == [
        {"number": "+74951234567", "display": "+7 (495) 123-45-67 доб. 12", "extension": "12"},
        {"number": "+79160001122", "display": "+7 (916) 000-11-22", "extension": ""},
    ]
    assert body["emails"] == ["petrov@romashka.ru"]
    contact = Contact.objects.get(pk=body["id"])
    assert contact.company == company_a and contact.is_decision_maker


def test_bad_phone_and_email_are_refused_in_russian_and_nothing_is_written(company_a, alice):
    response = api_as(alice).post(
        "/api/v1/contacts/",
        {"company": company_a.pk, "surname": "Петров", "phones": ["позвонить Пете"], "emails": ["petrov@"]},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["phones"] == ["Неверный номер телефона «позвонить Пете»: укажите его в виде +7 (495) 123-45-67."]
    assert errors["emails"] == ["Неверный e-mail «petrov@»."]
    assert not Contact.objects.exists()


def test_contact_update_replaces_phones_only_when_given(contact_a, alice):
    client = api_as(alice)
    response = client.patch(f"/api/v1/contacts/{contact_a.pk}/", {"position": "Директор"}, format="json")
    assert response.status_code == 200
    assert [phone["number"] for phone in response.json()["phones"]] == ["+74951234567"]

    response = client.patch(
        f"/api/v1/contacts/{contact_a.pk}/", {"phones": ["+7 812 555-66-77"], "is_current": False}, format="json"
    )
    assert response.status_code == 200
    assert [phone["display"] for phone in response.json()["phones"]] == ["+7 (812) 555-66-77"]
    contact_a.refresh_from_db()
    assert (contact_a.position, contact_a.is_current) == ("Директор", False)


def test_a_contact_cannot_be_added_to_another_offices_company(alice, office_b):
    foreign = CompanyFactory(office=office_b)
    response = api_as(alice).post("/api/v1/contacts/", {"company": foreign.pk, "surname": "Петров"}, format="json")
    assert response.status_code == 400
    assert "объект не существует" in response.json()["company"][0]
    assert not Contact.objects.exists()


def test_account_manager_cannot_add_a_contact(company_a, account_manager):
    response = api_as(account_manager).post(
        "/api/v1/contacts/", {"company": company_a.pk, "surname": "Петров"}, format="json"
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_contacts_filter_by_company_and_search_by_phone(contact_a, alice, office_a):
    other = ContactFactory(company=CompanyFactory(office=office_a), surname="Сидоров")
    client = api_as(alice)
    assert ids(client.get("/api/v1/contacts/", {"company": other.company_id})) == {other.pk}
    assert ids(client.get("/api/v1/contacts/", {"q": "123-45-67"})) == {contact_a.pk}
