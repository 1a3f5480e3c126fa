from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nastavnik.deals.models import Deal, Stage
from nastavnik.deals.services import deal_create, deal_move, deal_update, payment_create
from nastavnik.tests.factories import CompanyFactory, ContactFactory, DealFactory, UserFactory


def test_manager_opens_a_deal_in_the_first_stage(alice, company_a):
    deal = deal_create(user=alice, company=company_a, amount=Decimal("19900"))
    assert deal.owner == alice
    assert deal.office == company_a.office
    assert deal.stage == Stage.objects.order_by("order").first()
    assert deal.closed_at is None


def test_agent_must_hand_the_deal_to_a_manager(bob, alice, company_a):
    with pytest.raises(ValidationError) as error:
        deal_create(user=bob, company=company_a)
    assert "owner" in error.value.message_dict
    deal = deal_create(user=bob, company=company_a, owner=alice)
    assert (deal.agent, deal.owner) == (bob, alice)


def test_agent_cannot_change_a_deal_they_did_not_open(bob, alice, company_a):
    deal = DealFactory(company=company_a, owner=alice)
    with pytest.raises(PermissionDenied):
        deal_update(user=bob, deal=deal, amount=Decimal("1"))


def test_contact_of_another_company_is_refused(alice, company_a):
    stranger = ContactFactory(company=CompanyFactory(office=company_a.office))
    with pytest.raises(ValidationError) as error:
        deal_create(user=alice, company=company_a, contact=stranger)
    assert error.value.message_dict["contact"] == ["Контакт работает в другой компании."]
    assert not Deal.objects.exists()


def test_owner_from_another_office_is_refused(alice, charlie, company_a):
    with pytest.raises(ValidationError) as error:
        deal_create(user=alice, company=company_a, owner=charlie)
    assert "owner" in error.value.message_dict


def test_moving_to_won_sets_the_close_date_and_reopening_clears_it(alice, company_a):
    deal = DealFactory(company=company_a, owner=alice)
    won = Stage.objects.get(is_won=True)
    deal_move(user=alice, deal=deal, stage=won)
    assert deal.closed_at is not None
    deal_move(user=alice, deal=deal, stage=Stage.objects.order_by("order").first())
    assert deal.closed_at is None


def test_a_lost_deal_needs_a_reason(alice, company_a):
    deal = DealFactory(company=company_a, owner=alice)
    lost = Stage.objects.get(is_lost=True)
    with pytest.raises(ValidationError) as error:
        deal_move(user=alice, deal=deal, stage=lost)
    assert error.value.message_dict["lost_reason"] == ["Укажите причину отказа."]
    deal.refresh_from_db()
    assert not deal.stage.is_lost
    deal_move(user=alice, deal=deal, stage=lost, lost_reason="Дорого")
    deal.refresh_from_db()
    assert deal.lost_reason == "Дорого"


def test_outsider_cannot_record_a_payment(charlie, company_a):
    with pytest.raises(PermissionDenied):
        payment_create(user=charlie, company=company_a, amount=Decimal("100"), paid_on="2026-11-01")


def test_negative_payment_is_refused(alice, company_a):
    with pytest.raises(ValidationError):
        payment_create(user=alice, company=company_a, amount=Decimal("-1"), paid_on="2026-11-01")


def test_head_can_open_a_deal_in_any_office(head, company_a):
    owner = UserFactory(office=company_a.office)
    assert deal_create(user=head, company=company_a, owner=owner).owner == owner
