"""The golden list: the review queue across the AM's offices, advice per deal, applied, and the outcome."""

import pytest
from django.core.exceptions import PermissionDenied

from nastavnik.clients.models import GOLDEN_LIST_TAG
from nastavnik.mentoring.selectors.golden import Outcome, deal_outcome, golden_dashboard, golden_deals_for
from nastavnik.mentoring.services.golden import golden_list_set, golden_recommend
from nastavnik.mentoring.services.recommendations import recommendation_apply
from nastavnik.mentoring.tests.reviews_world import close_deal, golden_deal
from nastavnik.tests.factories import CompanyFactory, DealFactory, UserFactory


def _awaiting(user):
    return set(golden_deals_for(user).filter(awaits_review=True))


def test_queue_holds_golden_deals_of_the_account_managers_offices(
    account_manager, office_a, office_b, company_a, alice, charlie
):
    mine = golden_deal(company=company_a, owner=alice)
    DealFactory(company=company_a, owner=alice, title="Обычная сделка")
    foreign = golden_deal(company=CompanyFactory(office=office_b), owner=charlie)
    second_office_deal = golden_deal(company=CompanyFactory(office=office_b), owner=charlie)
    assert _awaiting(account_manager) == {mine}
    office_b.account_manager = account_manager
    office_b.save()
    assert _awaiting(account_manager) == {mine, foreign, second_office_deal}
    assert _awaiting(alice) == {mine}


def test_advice_takes_the_deal_off_the_queue_until_it_is_applied(account_manager, company_a, alice, bob):
    deal = golden_deal(company=company_a, owner=alice)
    recommendation = golden_recommend(user=account_manager, deal=deal, text="Предложите тариф на полгода", assignee=bob)
    assert recommendation.office == deal.office and recommendation.source == "golden_list"
    assert _awaiting(account_manager) == set()
    assert golden_dashboard(account_manager)["open_advice_count"] == 1
    recommendation_apply(user=bob, recommendation=recommendation, note="Предложил, думает")
    assert _awaiting(account_manager) == {deal}


def test_outcome_comes_from_the_deal_stage_and_closed_deals_leave_the_queue(account_manager, company_a, alice):
    won, lost, still_open = (golden_deal(company=company_a, owner=alice, title=title) for title in "ABC")
    close_deal(won, won=True)
    close_deal(lost, won=False)
    assert [deal_outcome(deal) for deal in (won, lost, still_open)] == [Outcome.WON, Outcome.LOST, Outcome.OPEN]
    assert _awaiting(account_manager) == {still_open}
    assert golden_deals_for(account_manager).count() == 3


def test_only_the_office_tags_deals(account_manager, company_a, alice, charlie):
    deal = DealFactory(company=company_a, owner=alice)
    for outsider in (account_manager, charlie):
        with pytest.raises(PermissionDenied):
            golden_list_set(user=outsider, deal=deal, on=True)
    golden_list_set(user=alice, deal=deal, on=True)
    assert deal.tags.filter(name=GOLDEN_LIST_TAG).exists()
    golden_list_set(user=alice, deal=deal, on=False)
    assert not deal.tags.exists()


def test_golden_advice_from_a_stranger_is_refused(company_a, alice, account_manager):
    deal = golden_deal(company=company_a, owner=alice)
    other_am = UserFactory(office=account_manager.office, role="account_manager")
    with pytest.raises(PermissionDenied):
        golden_recommend(user=other_am, deal=deal, text="Совет")


def test_outsider_sees_no_golden_deal(company_a, alice, charlie):
    golden_deal(company=company_a, owner=alice)
    assert list(golden_deals_for(charlie)) == []
    assert golden_dashboard(charlie)["total_count"] == 0
