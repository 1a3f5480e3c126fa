import pytest

from nastavnik.clients.models import ClientKey
from nastavnik.offices.models import Office
from nastavnik.tests.factories import CompanyFactory


@pytest.fixture
def keys(db) -> list[ClientKey]:
    office = Office.objects.get(code="hq")
    companies = [CompanyFactory(office=office, name=f"Компания {number}") for number in range(3)]
    ClientKey.objects.filter(company__in=companies).delete()
    return ClientKey.objects.bulk_create(
        ClientKey(company=company, office=office, kind="name", value=f"kompaniia {number}")
        for number, company in enumerate(companies)
    )


def test_any_of_finds_what_in_finds(keys):
    wanted = [keys[0].value, keys[2].value, "нет такого"]
    found = set(ClientKey.objects.filter(value__any_of=wanted).values_list("pk", flat=True))
    assert found == set(ClientKey.objects.filter(value__in=wanted).values_list("pk", flat=True))
    assert found == {keys[0].pk, keys[2].pk}


def test_any_of_on_a_foreign_key_and_with_thousands_of_values(keys):
    ids = [keys[1].company_id, *range(10**9, 10**9 + 5000)]
    assert list(ClientKey.objects.filter(company_id__any_of=ids).values_list("pk", flat=True)) == [keys[1].pk]


def test_any_of_an_empty_list_finds_nothing(keys):
    assert not ClientKey.objects.filter(value__any_of=[]).exists()
