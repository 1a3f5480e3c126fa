"""Who sees what: one test per role over every scoped selector."""

import pytest

from nastavnik.activities.selectors import activities_for
from nastavnik.clients.selectors import companies_for, contacts_for
from nastavnik.deals.selectors import deals_for, invoices_for, payments_for
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office
from nastavnik.offices.selectors import can_write_in_office, offices_for, users_for
from nastavnik.tests.factories import (
    ActivityFactory,
    CompanyFactory,
    ContactFactory,
    DealFactory,
    InvoiceFactory,
    PaymentFactory,
    UserFactory,
)


@pytest.fixture
def world(office_a, office_b, alice, bob, charlie):
    """Office A with a deal of alice's and a deal bob opened; office B with charlie's deal."""
    company_a = CompanyFactory(office=office_a)
    company_b = CompanyFactory(office=office_b)
    alice_deal = DealFactory(company=company_a, owner=alice)
    bob_deal = DealFactory(company=company_a, owner=alice, agent=bob)
    charlie_deal = DealFactory(company=company_b, owner=charlie)
    for deal in (alice_deal, bob_deal, charlie_deal):
        ActivityFactory(company=deal.company, deal=deal, author=deal.owner)
        InvoiceFactory(company=deal.company, deal=deal)
        PaymentFactory(company=deal.company, deal=deal)
    ContactFactory(company=company_a)
    ContactFactory(company=company_b)
    return {"a": company_a, "b": company_b, "alice": alice_deal, "bob": bob_deal, "charlie": charlie_deal}


def test_outsider_sees_nothing_of_another_office(world, charlie):
    assert list(companies_for(charlie)) == [world["b"]]
    assert set(deals_for(charlie)) == {world["charlie"]}
    assert all(c.company == world["b"] for c in contacts_for(charlie))
    assert all(a.office == world["b"].office for a in activities_for(charlie))
    assert all(i.office == world["b"].office for i in invoices_for(charlie))
    assert all(p.office == world["b"].office for p in payments_for(charlie))
    assert not can_write_in_office(charlie, world["a"].office_id)


def test_manager_sees_every_deal_of_the_office(world, alice):
    assert set(deals_for(alice)) == {world["alice"], world["bob"]}


def test_agent_sees_only_the_deals_they_opened(world, bob):
    assert set(deals_for(bob)) == {world["bob"]}
    assert {a.deal for a in activities_for(bob)} == {world["bob"]}
    assert {i.deal for i in invoices_for(bob)} == {world["bob"]}
    assert {p.deal for p in payments_for(bob)} == {world["bob"]}
    assert list(companies_for(bob)) == [world["a"]]


def test_account_manager_reads_the_offices_they_mentor_only(world, account_manager, office_a):
    assert list(offices_for(account_manager)) == [office_a]
    assert set(deals_for(account_manager)) == {world["alice"], world["bob"]}
    assert not can_write_in_office(account_manager, office_a.pk)


def test_head_and_admin_see_everything(world, head):
    admin = UserFactory(role=Role.ADMIN, office=None, email="admin@hq.ru")
    for user in (head, admin):
        assert companies_for(user).count() == 2
        assert deals_for(user).count() == 3
        assert offices_for(user).count() == Office.objects.count()


def test_users_visible_are_colleagues_and_their_mentor(world, alice, bob, charlie, account_manager):
    visible = set(users_for(alice))
    assert {alice, bob, account_manager} <= visible
    assert charlie not in visible


def test_inactive_user_sees_nothing(world, alice):
    alice.is_active = False
    alice.save()
    assert not companies_for(alice).exists()
