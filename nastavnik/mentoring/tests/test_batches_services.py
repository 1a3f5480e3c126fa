"""The batch rule: up to the limit of pool deals, handed over in one go, no new request until the last is processed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nastavnik.clients.models import Company
from nastavnik.deals.models import Deal, Stage
from nastavnik.mentoring.choices import BatchItemOutcome, DealBatchStatus
from nastavnik.mentoring.models import DealBatch, DealBatchItem
from nastavnik.mentoring.selectors.batches import batches_dashboard, batches_for, pool_deals_for
from nastavnik.mentoring.services.batches import (
    deal_batch_cancel,
    deal_batch_hand_over,
    deal_batch_item_record_outcome,
    deal_batch_request,
    deal_batches_refresh,
)
from nastavnik.offices.models import Office
from nastavnik.tests.factories import ActivityFactory, CompanyFactory, DealFactory


def pooled_deal(**fields) -> Deal:
    """A deal another partner office worked without payment; its company lapsed back to the HQ pool."""
    hq = Office.objects.get(code="hq")
    company = CompanyFactory(office=hq, pooled_at=timezone.now() - timedelta(days=3))
    return DealFactory(company=company, office=hq, **fields)


@pytest.fixture
def request_a(owner_a, account_manager, office_a):
    return deal_batch_request(user=owner_a, office=office_a, note="Москва, дошли до КП")


def test_office_requests_and_account_manager_is_told(
    owner_a, account_manager, office_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = deal_batch_request(user=owner_a, office=office_a)
    assert batch.status == DealBatchStatus.REQUESTED and batch.requested_by == owner_a
    assert [message.to for message in mail.outbox] == [[account_manager.email]]


@pytest.mark.parametrize("persona", ["bob", "charlie", "account_manager"])
def test_agents_outsiders_and_the_mentor_cannot_request(request, office_a, persona):
    with pytest.raises(PermissionDenied):
        deal_batch_request(user=request.getfixturevalue(persona), office=office_a)
    assert not DealBatch.objects.exists()


def test_hand_over_moves_companies_and_deals_to_the_office(
    request_a, account_manager, owner_a, office_a, django_capture_on_commit_callbacks
):
    deals = [pooled_deal(), pooled_deal()]
    with django_capture_on_commit_callbacks(execute=True):
        batch = deal_batch_hand_over(user=account_manager, batch=request_a, deals=deals)
    assert batch.status == DealBatchStatus.HANDED_OVER and batch.handed_over_by == account_manager
    assert batch.items.count() == 2
    for deal in deals:
        deal.refresh_from_db()
        assert deal.office == office_a and deal.owner == owner_a
        assert deal.company.office == office_a and deal.company.pooled_at is None
        assert deal.company.history.count() >= 2  # the move is on the company's history
    assert [message.to for message in mail.outbox] == [[owner_a.email]]


def test_hand_over_refuses_more_than_the_limit_and_changes_nothing(request_a, account_manager, settings):
    settings.DEAL_BATCH_MAX_DEALS = 2
    deals = [pooled_deal() for _ in range(3)]
    with pytest.raises(ValidationError) as error:
        deal_batch_hand_over(user=account_manager, batch=request_a, deals=deals)
    assert "не больше 2" in error.value.message_dict["deals"][0]
    request_a.refresh_from_db()
    assert request_a.status == DealBatchStatus.REQUESTED
    assert not DealBatchItem.objects.exists()
    assert Company.objects.filter(pooled_at__isnull=True, deals__in=deals).count() == 0


def test_hand_over_refuses_deals_not_in_the_pool_or_won(request_a, account_manager, company_a):
    won = pooled_deal(stage=Stage.objects.get(is_won=True))
    for wrong in (DealFactory(company=company_a), won):
        with pytest.raises(ValidationError) as error:
            deal_batch_hand_over(user=account_manager, batch=request_a, deals=[pooled_deal(), wrong])
        assert "не из общего пула" in error.value.message_dict["deals"][0]
    assert not DealBatchItem.objects.exists()
    assert Company.objects.filter(pooled_at__isnull=False).count() == 3  # nothing moved, rollback included


def test_hand_over_needs_at_least_one_deal(request_a, account_manager):
    with pytest.raises(ValidationError) as error:
        deal_batch_hand_over(user=account_manager, batch=request_a, deals=[])
    assert "deals" in error.value.message_dict


@pytest.mark.parametrize("persona", ["owner_a", "alice", "charlie"])
def test_only_the_mentor_hands_over(request, request_a, persona):
    deal = pooled_deal()
    with pytest.raises(PermissionDenied):
        deal_batch_hand_over(user=request.getfixturevalue(persona), batch=request_a, deals=[deal])
    deal.refresh_from_db()
    assert deal.company.pooled_at is not None


def test_a_batch_is_handed_over_once(request_a, account_manager):
    deal_batch_hand_over(user=account_manager, batch=request_a, deals=[pooled_deal()])
    with pytest.raises(ValidationError):
        deal_batch_hand_over(user=account_manager, batch=request_a, deals=[pooled_deal()])


def test_no_new_request_while_the_previous_one_waits(request_a, owner_a, office_a):
    with pytest.raises(ValidationError) as error:
        deal_batch_request(user=owner_a, office=office_a)
    assert "ещё не выполнен" in error.value.messages[0]
    assert DealBatch.objects.count() == 1


def test_no_new_request_until_every_deal_is_touched_and_has_an_outcome(
    request_a, account_manager, owner_a, alice, office_a, django_capture_on_commit_callbacks
):
    first, second = pooled_deal(), pooled_deal()
    batch = deal_batch_hand_over(user=account_manager, batch=request_a, deals=[first, second])
    items = {item.deal_id: item for item in batch.items.all()}

    # An outcome without a new touch does not count.
    deal_batch_item_record_outcome(user=alice, item=items[first.pk], outcome=BatchItemOutcome.IN_WORK)
    with pytest.raises(ValidationError) as error:
        deal_batch_request(user=owner_a, office=office_a)
    assert "по каждой сделке нужно новое касание и результат" in error.value.messages[0]

    # A touch on the company in this office after the hand-over counts; the other deal still has neither.
    ActivityFactory(company=first.company, office=office_a, author=alice, occurred_at=timezone.now())
    with pytest.raises(ValidationError):
        deal_batch_request(user=owner_a, office=office_a)

    # The second deal: touched and lost on the deal itself.
    ActivityFactory(company=second.company, office=office_a, author=alice, deal=second, occurred_at=timezone.now())
    Deal.objects.filter(pk=second.pk).update(
        last_touch_at=timezone.now(), closed_at=timezone.now(), stage=Stage.objects.get(is_lost=True)
    )
    with django_capture_on_commit_callbacks(execute=True):
        new = deal_batch_request(user=owner_a, office=office_a)
    batch.refresh_from_db()
    assert batch.status == DealBatchStatus.PROCESSED and batch.processed_at is not None
    assert new.status == DealBatchStatus.REQUESTED
    texts = [message.subject for message in mail.outbox]
    assert any("обработало базу" in text for text in texts) and any("запрашивает базу" in text for text in texts)


def test_touch_before_the_hand_over_does_not_count(request_a, account_manager, alice, office_a):
    deal = pooled_deal()
    ActivityFactory(company=deal.company, office=office_a, occurred_at=timezone.now() - timedelta(days=1))
    batch = deal_batch_hand_over(user=account_manager, batch=request_a, deals=[deal])
    deal_batch_item_record_outcome(user=alice, item=batch.items.get(), outcome=BatchItemOutcome.WON)
    batch.refresh_from_db()
    assert batch.status == DealBatchStatus.HANDED_OVER


def test_refresh_job_marks_batches_processed(request_a, account_manager, alice, office_a):
    deal = pooled_deal()
    batch = deal_batch_hand_over(user=account_manager, batch=request_a, deals=[deal])
    DealBatchItem.objects.filter(batch=batch).update(outcome=BatchItemOutcome.IN_WORK)
    assert deal_batches_refresh() == 0
    ActivityFactory(company=deal.company, office=office_a, author=alice, occurred_at=timezone.now())
    assert deal_batches_refresh() == 1
    batch.refresh_from_db()
    assert batch.status == DealBatchStatus.PROCESSED


def test_outcome_validation(request_a, account_manager, alice, charlie):
    batch = deal_batch_hand_over(user=account_manager, batch=request_a, deals=[pooled_deal()])
    item = batch.items.get()
    with pytest.raises(ValidationError) as error:
        deal_batch_item_record_outcome(user=alice, item=item, outcome="")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        deal_batch_item_record_outcome(user=alice, item=item, outcome=BatchItemOutcome.LOST)
    assert "outcome_note" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        deal_batch_item_record_outcome(user=charlie, item=item, outcome=BatchItemOutcome.WON)
    with pytest.raises(PermissionDenied):
        deal_batch_item_record_outcome(user=account_manager, item=item, outcome=BatchItemOutcome.WON)
    item.refresh_from_db()
    assert item.outcome == ""


def test_cancelled_request_frees_the_office(request_a, owner_a, office_a):
    deal_batch_cancel(user=owner_a, batch=request_a)
    assert deal_batch_request(user=owner_a, office=office_a).status == DealBatchStatus.REQUESTED


def test_pool_filters_and_scope(account_manager, alice, head):
    stage = Stage.objects.exclude(is_won=True).exclude(is_lost=True).order_by("-order").first()
    reached = pooled_deal(stage=stage)
    lost = pooled_deal(stage=Stage.objects.get(is_lost=True), lost_reason="Дорого")
    pooled_deal(stage=Stage.objects.get(is_won=True))
    assert set(pool_deals_for(account_manager)) == {reached, lost}
    assert list(pool_deals_for(account_manager, stage=stage)) == [reached]
    assert list(pool_deals_for(account_manager, lost_reason="дорого")) == [lost]
    assert list(pool_deals_for(alice)) == []
    assert set(pool_deals_for(head)) == {reached, lost}


def test_batches_are_scoped(request_a, alice, charlie, account_manager):
    assert list(batches_for(alice)) == [request_a]
    assert list(batches_for(account_manager)) == [request_a]
    assert list(batches_for(charlie)) == []
    assert batches_dashboard(account_manager)["waiting_count"] == 1
    assert batches_dashboard(charlie)["waiting_count"] == 0
