"""GET /api/v1/duplicates/ and the live duplicate panel of the new-company form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from nastavnik.clients.models import Company, Contact
from nastavnik.clients.services import company_create, contact_create
from nastavnik.offices.services import api_token_create
from nastavnik.tests.factories import CompanyFactory

URL = "/api/v1/duplicates/"
VALID_INN = "7707083893"


@pytest.fixture
def romashka(alice):
    company = company_create(user=alice, name="Ромашка", legal_form="ooo", website="romashka.ru", external_id="A-17")
    contact_create(user=alice, company=company, surname="Иванова", phones=["+7 (495) 123-45-67"])
    return company


@pytest.fixture
def betas_client(office_b):
    company = CompanyFactory(office=office_b, name="Бета-Клиент", inn=VALID_INN, website="beta-client.ru")
    Company.objects.filter(pk=company.pk).update(office_since=timezone.now() - timedelta(days=3))
    return company


def test_shape_of_the_answer(client, alice, romashka, betas_client):
    client.force_login(alice)
    response = client.get(URL, {"name": "ООО «Ромашка»", "phone": "8 495 123 45 67", "inn": VALID_INN})
    assert response.status_code == 200
    since = timezone.localdate(Company.objects.get(pk=betas_client.pk).office_since)
    assert response.json() == {
        "results": [
            {
                "company_id": romashka.pk,
                "external_id": "A-17",
                "name": "ООО «Ромашка»",
                "matched_on": ["name", "phone"],
                "score": 0.96,
                "likely": True,
            }
        ],
        "taken_elsewhere": [
            {
                "matched_on": ["inn"],
                "since": since.strftime("%Y-%m-%d"),
                "account_manager": "Руководитель отдела продаж",
            }
        ],
    }


def test_nothing_to_search_by_is_400_in_russian(client, alice):
    client.force_login(alice)
    for params in ({}, {"name": "  ", "inn": ""}):
        response = client.get(URL, params)
        assert response.status_code == 400
        assert response.json() == {
            "non_field_errors": ["Укажите хотя бы одно из полей: название, фамилия, телефон, e-mail, сайт или ИНН."]
        }


def test_bad_values_are_no_error(client, alice, romashka):
    client.force_login(alice)
    response = client.get(URL, {"phone": "восемь", "website": "::::", "inn": "12", "email": "@@"})
    assert response.status_code == 200
    assert response.json() == {"results": [], "taken_elsewhere": []}
    assert client.get(URL, {"name": "я" * 301}).status_code == 400


def test_login_or_token_required(client, alice, romashka):
    assert client.get(URL, {"name": "Ромашка"}).status_code == 401
    _token, key = api_token_create(user=alice, name="CRM")
    response = client.get(URL, {"website": "https://www.romashka.ru/"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [row["company_id"] for row in response.json()["results"]] == [romashka.pk]


def test_outsider_gets_no_results_only_the_claim(client, charlie, romashka):
    client.force_login(charlie)
    response = client.get(URL, {"name": "Ромашка", "website": "romashka.ru", "surname": "Иванов"})
    body = response.json()
    assert body["results"] == []
    assert len(body["taken_elsewhere"]) == 1
    assert set(body["taken_elsewhere"][0]) == {"matched_on", "since", "account_manager"}
    assert "Ромашка" not in response.content.decode()


def test_the_schema_documents_the_endpoint(client, alice):
    client.force_login(alice)
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/duplicates/"]["get"]
    assert {param["name"] for param in operation["parameters"]} == {
        "name",
        "surname",
        "phone",
        "email",
        "website",
        "inn",
    }
    assert "200" in operation["responses"] and "400" in operation["responses"]


# ---- the new-company form ---------------------------------------------------------------------------------


def test_live_panel_lists_duplicates_with_what_matched(client, alice, romashka):
    client.force_login(alice)
    response = client.get(
        "/companies/new/duplicates/", {"name": "Romashka", "contact_phone": "123-45-67"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/companies/{romashka.pk}/"' in page
    assert "Совпадает: название, телефон" in page
    assert "вероятный дубль" in page
    assert "Это другой клиент, всё равно создать" in page


def test_live_panel_is_empty_for_nothing_typed(client, alice, romashka):
    client.force_login(alice)
    response = client.get("/companies/new/duplicates/", {"name": ""})
    assert response.status_code == 200
    assert "duplicate-match" not in response.content.decode()


def test_live_panel_says_taken_elsewhere_without_the_other_office(client, charlie, romashka):
    client.force_login(charlie)
    response = client.get("/companies/new/duplicates/", {"website": "www.romashka.ru"})
    page = response.content.decode()
    assert "Клиент занят другим представительством с" in page
    assert "Ромашка" not in page
    assert f"/companies/{romashka.pk}/" not in page


def test_new_company_form_has_the_live_panel(client, alice):
    client.force_login(alice)
    page = client.get("/companies/new/").content.decode()
    assert 'id="duplicates-panel"' in page
    assert 'hx-get="/companies/new/duplicates/"' in page
    assert 'hx-trigger="keyup changed delay:400ms, change"' in page


def form_data(**extra):
    return {"name": "Ромашка", "source": "other", "preferred_channel": "phone", "status": "active", **extra}


def test_likely_duplicate_is_not_saved_without_confirmation(client, alice, romashka):
    client.force_login(alice)
    response = client.post("/companies/new/", form_data(contact_phone="+7 495 123-45-67", contact_surname="Иванов"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Похоже, этот клиент уже есть в системе" in page
    assert f'href="/companies/{romashka.pk}/"' in page
    assert Company.objects.count() == 1
    assert Contact.objects.count() == 1


def test_likely_duplicate_is_saved_with_confirmation(client, alice, romashka):
    client.force_login(alice)
    data = form_data(contact_phone="+7 495 123-45-67", contact_surname="Иванов", confirm_duplicate="on")
    response = client.post("/companies/new/", data)
    assert response.status_code == 302
    created = Company.objects.exclude(pk=romashka.pk).get()
    assert response["Location"] == f"/companies/{created.pk}/"
    assert created.contacts.get().surname == "Иванов"


def test_a_mere_resemblance_needs_no_confirmation(client, alice, romashka):
    client.force_login(alice)
    response = client.post("/companies/new/", form_data())  # the same name only
    assert response.status_code == 302
    assert Company.objects.count() == 2


def test_bad_first_contact_writes_nothing(client, alice):
    client.force_login(alice)
    response = client.post("/companies/new/", form_data(name="Лютик", contact_phone="восемь"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Это поле не может быть пустым." in page  # the surname of the contact
    assert "Неверный номер телефона «восемь»" in page
    assert not Company.objects.filter(name="Лютик").exists()


def test_edit_form_has_no_contact_or_panel(client, alice, romashka):
    client.force_login(alice)
    page = client.get(f"/companies/{romashka.pk}/edit/").content.decode()
    assert "duplicates-panel" not in page
    assert "contact_surname" not in page
