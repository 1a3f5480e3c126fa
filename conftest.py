"""Personas shared by every test module: alice and bob work in one partner office, charlie in another."""

import pytest

from nastavnik.offices.choices import Role
from nastavnik.tests.factories import PASSWORD, CompanyFactory, OfficeFactory, UserFactory


@pytest.fixture(autouse=True)
def russian_by_default():
    """A request with the English cookie leaves English active in the thread; every test starts in Russian."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def office_a(db):
    return OfficeFactory(code="alpha", name="Представительство Альфа")


@pytest.fixture
def office_b(db):
    return OfficeFactory(code="beta", name="Представительство Бета")


@pytest.fixture
def alice(office_a):
    """A sales manager of office A: the owner persona."""
    return UserFactory(email="alice@alpha.ru", first_name="Алиса", last_name="Смирнова", office=office_a)


@pytest.fixture
def bob(office_a):
    """An agent in the same office as alice."""
    return UserFactory(email="bob@alpha.ru", first_name="Борис", last_name="Козлов", office=office_a, role=Role.AGENT)


@pytest.fixture
def charlie(office_b):
    """A manager of another office: the outsider who must see nothing of office A."""
    return UserFactory(email="charlie@beta.ru", first_name="Чарльз", last_name="Орлов", office=office_b)


@pytest.fixture
def owner_a(office_a):
    user = UserFactory(email="owner@alpha.ru", office=office_a, role=Role.PARTNER_OWNER)
    office_a.owner = user
    office_a.save()
    return user


@pytest.fixture
def account_manager(office_a):
    from nastavnik.offices.models import Office

    user = UserFactory(email="mentor@hq.ru", office=Office.objects.get(code="hq"), role=Role.ACCOUNT_MANAGER)
    office_a.account_manager = user
    office_a.save()
    return user


@pytest.fixture
def head(db):
    from nastavnik.offices.models import Office

    return UserFactory(email="head@hq.ru", office=Office.objects.get(code="hq"), role=Role.HEAD)


@pytest.fixture
def company_a(office_a, alice):
    return CompanyFactory(office=office_a, name="Ромашка", responsible=alice)
