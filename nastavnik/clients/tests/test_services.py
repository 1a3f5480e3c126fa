import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nastavnik.clients.models import Company, Contact
from nastavnik.clients.selectors import companies_for
from nastavnik.clients.services import company_create, contact_create


def test_company_create_rejects_bad_inn_and_writes_nothing(alice):
    with pytest.raises(ValidationError) as error:
        company_create(user=alice, name="Ромашка", inn="1234567890")
    assert "Неверный ИНН" in error.value.message_dict["inn"][0]
    assert not Company.objects.exists()


def test_contact_phones_are_normalised_and_bad_ones_reported(alice, company_a):
    contact = contact_create(
        user=alice, company=company_a, surname="Иванов", phones=["8 (495) 123-45-67 доб. 12"], emails=[" A@Romashka.RU"]
    )
    phone = contact.phones.get()
    assert (phone.number, phone.extension, phone.display) == ("+74951234567", "12", "+7 (495) 123-45-67 доб. 12")
    assert contact.emails.get().email == "a@romashka.ru"
    with pytest.raises(ValidationError) as error:
        contact_create(user=alice, company=company_a, surname="Петров", phones=["телефон"], emails=["нет"])
    assert set(error.value.message_dict) == {"phones", "emails"}
    assert Contact.objects.count() == 1


def test_outsider_cannot_write_or_see(charlie, company_a):
    with pytest.raises(PermissionDenied):
        contact_create(user=charlie, company=company_a, surname="Сидоров")
    assert not companies_for(charlie).exists()


def test_every_office_has_the_golden_list_tag(office_a):
    assert office_a.tags.filter(name="Золотой список", is_system=True).exists()
