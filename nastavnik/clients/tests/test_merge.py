"""Merging two companies of one office: everything moves to the target, nothing is lost, never half-done."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from nastavnik.activities.models import Activity
from nastavnik.clients import services
from nastavnik.clients.models import ClientKey, Company, Contact, Tag
from nastavnik.clients.services import company_merge, contact_update
from nastavnik.deals.models import Deal, Invoice, Payment
from nastavnik.tests.factories import (
    ActivityFactory,
    CompanyFactory,
    ContactFactory,
    ContactPhoneFactory,
    DealFactory,
    InvoiceFactory,
    PaymentFactory,
)

VALID_INN = "7707083893"


@pytest.fixture
def target(office_a, alice):
    return CompanyFactory(office=office_a, name="Ромашка", website="", inn="", industry="", notes="Звонить после обеда")


@pytest.fixture
def source(office_a, alice):
    """A duplicate of the target with its own contact, deal, call, invoice, payment and tag."""
    company = CompanyFactory(
        office=office_a,
        name="Ромашка (дубль)",
        website="romashka.ru",
        inn=VALID_INN,
        industry="Торговля",
        notes="ЛПР — директор",
    )
    contact = ContactFactory(company=company, surname="Иванов")
    ContactPhoneFactory(contact=contact, number="+74951234567")
    deal = DealFactory(company=company, owner=alice, contact=contact, title="Сайт под ключ")
    ActivityFactory(company=company, deal=deal, author=alice, body="Обсудили тариф")
    invoice = InvoiceFactory(company=company, deal=deal)
    PaymentFactory(company=company, deal=deal, invoice=invoice)
    company.tags.add(Tag.objects.create(office=office_a, name="Горячий"))
    return company


def test_merge_moves_everything_and_deletes_the_source(target, source, alice):
    contact = source.contacts.get()
    contact_update(user=alice, contact=contact, position="Директор")  # a history record before the merge
    contact_history = set(Contact.history.filter(id=contact.pk).values_list("history_id", flat=True))
    deal = source.deals.get()
    source_pk = source.pk

    merged = company_merge(user=alice, target=target, source=source)

    assert not Company.objects.filter(pk=source_pk).exists()
    assert list(merged.contacts.all()) == [contact]
    assert list(merged.deals.all()) == [deal]
    assert Activity.objects.filter(company=merged).count() == 1
    assert Invoice.objects.filter(company=merged).count() == 1
    assert Payment.objects.filter(company=merged).count() == 1
    assert set(merged.tags.values_list("name", flat=True)) == {"Горячий"}
    # Empty fields of the target are filled, notes are appended.
    merged.refresh_from_db()
    assert (merged.inn, merged.website, merged.industry) == (VALID_INN, "romashka.ru", "Торговля")
    assert merged.notes == "Звонить после обеда\n\nЛПР — директор"
    # History is kept: the contact's records survive and the target names what was merged in.
    assert contact_history <= set(Contact.history.filter(id=contact.pk).values_list("history_id", flat=True))
    assert "Объединена с «Ромашка (дубль)»" in merged.history.first().history_change_reason
    assert Company.history.filter(id=source_pk, history_type="-").exists()
    # The duplicate keys follow the data.
    assert ClientKey.objects.filter(company=merged, kind="website", value="romashka.ru").exists()
    assert not ClientKey.objects.filter(company_id=source_pk).exists()


def test_filled_fields_never_overwrite_the_target(source, office_a, alice):
    target = CompanyFactory(office=office_a, website="vasilek.ru", industry="Услуги")
    merged = company_merge(user=alice, target=target, source=source)
    assert (merged.website, merged.industry, merged.inn) == ("vasilek.ru", "Услуги", VALID_INN)


def test_merge_across_offices_is_refused(target, head, office_b):
    other = CompanyFactory(office=office_b)
    with pytest.raises(ValidationError) as error:
        company_merge(user=head, target=target, source=other)
    assert "одного представительства" in error.value.message_dict["source"][0]
    assert Company.objects.filter(pk=other.pk).exists()


def test_merge_with_itself_is_refused(target, alice):
    with pytest.raises(ValidationError):
        company_merge(user=alice, target=target, source=target)


def test_an_outsider_or_a_reader_cannot_merge(target, source, charlie, account_manager):
    for user in (charlie, account_manager):
        with pytest.raises(PermissionDenied):
            company_merge(user=user, target=target, source=source)
    assert Company.objects.filter(pk=source.pk).exists()


def test_merge_is_never_half_done(target, source, alice):
    # The last step fails: everything before it is rolled back.
    with (
        mock.patch.object(services, "company_keys_refresh", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        company_merge(user=alice, target=target, source=source)
    assert Company.objects.filter(pk=source.pk).exists()
    assert source.contacts.count() == 1 and source.deals.count() == 1
    target.refresh_from_db()
    assert target.inn == "" and target.contacts.count() == 0


# The merge page


def test_the_merge_page_finds_previews_and_merges(client, target, source, alice):
    client.force_login(alice)
    response = client.get(f"/companies/{target.pk}/merge/", {"q": "дубль"})
    assert response.status_code == 200
    assert f'data-testid="merge-candidate-{source.pk}"' in response.content.decode()
    fragment = client.get(f"/companies/{target.pk}/merge/", {"q": "дубль"}, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="merge-candidates"')

    response = client.get(f"/companies/{target.pk}/merge/", {"source": source.pk})
    text = response.content.decode()
    assert 'data-testid="merge-preview"' in text
    assert 'data-testid="merge-contacts">1<' in text and 'data-testid="merge-deals">1<' in text
    assert VALID_INN in text

    response = client.post(f"/companies/{target.pk}/merge/", {"source": source.pk})
    assert response.status_code == 302
    assert response.url == f"/companies/{target.pk}/"
    assert not Company.objects.filter(pk=source.pk).exists()
    assert Deal.objects.filter(company=target).count() == 1
    card = client.get(response.url).content.decode()
    assert "Объединена с" in card  # the card's history says what was merged in


def test_the_merge_page_shows_a_refusal(client, target, head, office_b):
    other = CompanyFactory(office=office_b)
    client.force_login(head)
    response = client.post(f"/companies/{target.pk}/merge/", {"source": other.pk})
    assert response.status_code == 400
    assert "одного представительства" in response.content.decode()
    assert Company.objects.filter(pk=other.pk).exists()


def test_the_merge_page_for_an_outsider_and_a_reader(client, target, source, charlie, account_manager, office_b):
    client.force_login(charlie)
    assert client.get(f"/companies/{target.pk}/merge/").status_code == 404
    assert client.post(f"/companies/{target.pk}/merge/", {"source": source.pk}).status_code == 404
    # Charlie's own company cannot swallow another office's company either.
    own = CompanyFactory(office=office_b)
    assert client.post(f"/companies/{own.pk}/merge/", {"source": source.pk}).status_code == 404
    client.force_login(account_manager)
    assert client.get(f"/companies/{target.pk}/merge/").status_code == 403
    assert Company.objects.filter(pk=source.pk).exists()


def test_merge_candidates_are_only_of_the_same_office(client, target, source, alice, office_b):
    foreign = CompanyFactory(office=office_b, name="Ромашка Бета")
    client.force_login(alice)
    text = client.get(f"/companies/{target.pk}/merge/", {"q": "Ромашка"}).content.decode()
    assert f"merge-candidate-{source.pk}" in text
    assert "Ромашка Бета" not in text and f"merge-candidate-{foreign.pk}" not in text


def test_the_company_card_links_to_the_merge_page(client, target, alice, account_manager):
    client.force_login(alice)
    assert f"/companies/{target.pk}/merge/" in client.get(f"/companies/{target.pk}/").content.decode()
    client.force_login(account_manager)
    assert f"/companies/{target.pk}/merge/" not in client.get(f"/companies/{target.pk}/").content.decode()


# The API


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_merge(target, source, alice):
    response = api_as(alice).post(f"/api/v1/companies/{target.pk}/merge/", {"source": source.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == target.pk
    assert response.json()["inn"] == VALID_INN
    assert response.json()["contact_count"] == 1
    assert not Company.objects.filter(pk=source.pk).exists()


def test_api_merge_refusals(target, source, alice, charlie, account_manager, head, office_b):
    url = f"/api/v1/companies/{target.pk}/merge/"
    assert api_as(charlie).post(url, {"source": source.pk}, format="json").status_code == 404
    assert api_as(account_manager).post(url, {"source": source.pk}, format="json").status_code == 403
    other = CompanyFactory(office=office_b)
    # Alice cannot even name another office's company; the head can, and is told why not.
    assert api_as(alice).post(url, {"source": other.pk}, format="json").status_code == 400
    response = api_as(head).post(url, {"source": other.pk}, format="json")
    assert response.status_code == 400
    assert "одного представительства" in response.json()["source"][0]
    assert api_as(alice).post(url, {}, format="json").status_code == 400
    assert api_as(alice).post(url, {"source": "abc"}, format="json").status_code == 400
    assert Company.objects.filter(pk__in=[source.pk, other.pk]).count() == 2
