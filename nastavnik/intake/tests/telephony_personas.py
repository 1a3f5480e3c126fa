"""Personas of the headquarters' sales department for the duty roster, routing and telephony tests."""

from datetime import date

from nastavnik.offices.choices import AbsenceKind, Role
from nastavnik.offices.models import Absence, Office, Region, User
from nastavnik.tests.factories import CompanyFactory, ContactFactory, ContactPhoneFactory, DealFactory, UserFactory

CLIENT_PHONE = "+74951234567"


def hq() -> Office:
    return Office.objects.get(code="hq")


def hq_manager(email: str, last_name: str, *, region_code: str = "77") -> User:
    user = UserFactory(email=email, last_name=last_name, first_name="Иван", patronymic="", office=hq())
    user.regions.add(Region.objects.get(code=region_code))
    return user


def absent(user: User, day: date) -> Absence:
    return Absence.objects.create(user=user, kind=AbsenceKind.VACATION, starts_on=day, ends_on=day)


def client_with_phone(*, phone: str = CLIENT_PHONE, owner: User | None = None, responsible: User | None = None):
    """A headquarters' client with a contact on the phone; with an owner, an open deal of theirs."""
    company = CompanyFactory(office=hq(), name="Ромашка", responsible=responsible)
    contact = ContactFactory(company=company, surname="Петров")
    ContactPhoneFactory(contact=contact, number=phone)
    if owner is not None:
        DealFactory(company=company, owner=owner)
    return company


def admin_user() -> User:
    return UserFactory(email="pbx@hq.ru", office=hq(), role=Role.ADMIN)
