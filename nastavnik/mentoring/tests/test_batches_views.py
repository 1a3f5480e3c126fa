"""The batch pages: request, pick and hand over, record outcomes; the rule holds in the browser too."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from nastavnik.mentoring.choices import DealBatchStatus
from nastavnik.mentoring.models import DealBatch, DealBatchItem
from nastavnik.mentoring.selectors.batches import batches_dashboard
from nastavnik.mentoring.services.batches import deal_batch_request
from nastavnik.offices.models import Office
from nastavnik.tests.factories import ActivityFactory, CompanyFactory, DealFactory


def pooled_deal(**fields):
    hq = Office.objects.get(code="hq")
    company = CompanyFactory(office=hq, pooled_at=timezone.now() - timedelta(days=1))
    return DealFactory(company=company, office=hq, **fields)


@pytest.fixture
def requested(owner_a, account_manager, office_a):
    return deal_batch_request(user=owner_a, office=office_a)


def test_office_requests_in_the_browser(client, owner_a, account_manager):
    client.force_login(owner_a)
    assert 'data-testid="batch-request"' in client.get(reverse("mentoring:batches-list")).content.decode()
    response = client.post(reverse("mentoring:batches-request"), {"note": "Регион — Москва"})
    batch = DealBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("mentoring:batches-detail", args=[batch.pk])
    response = client.post(reverse("mentoring:batches-request"), {"note": "ещё"})
    assert response.status_code == 400 and "ещё не выполнен" in response.content.decode()
    assert DealBatch.objects.count() == 1


def test_mentor_picks_and_hands_over(client, requested, account_manager, settings):
    deals = [pooled_deal(), pooled_deal(lost_reason="Дорого")]
    client.force_login(account_manager)
    url = reverse("mentoring:batches-hand-over", args=[requested.pk])
    page = client.get(url).content.decode()
    assert all(f"pool-row-{deal.pk}" in page for deal in deals)
    filtered = client.get(url, {"lost_reason": "дорого"}).content.decode()
    assert f"pool-row-{deals[1].pk}" in filtered and f"pool-row-{deals[0].pk}" not in filtered
    settings.DEAL_BATCH_MAX_DEALS = 1
    response = client.post(url, {"deals": [deal.pk for deal in deals]})
    assert response.status_code == 400 and "не больше 1" in response.content.decode()
    assert not DealBatchItem.objects.exists()
    response = client.post(url, {"deals": [deals[0].pk]})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == DealBatchStatus.HANDED_OVER


def test_office_records_outcomes_until_processed(client, requested, account_manager, alice, office_a):
    deal = pooled_deal()
    client.force_login(account_manager)
    client.post(reverse("mentoring:batches-hand-over", args=[requested.pk]), {"deals": [deal.pk]})
    item = DealBatchItem.objects.get()
    client.force_login(alice)
    outcome_url = reverse("mentoring:batches-item-outcome", args=[item.pk])
    response = client.post(outcome_url, {"outcome": "lost"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Укажите причину отказа." in response.content.decode()
    ActivityFactory(company=deal.company, office=office_a, author=alice, occurred_at=timezone.now())
    response = client.post(outcome_url, {"outcome": "lost", "outcome_note": "Закрылись"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Обработано 1 из 1" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == DealBatchStatus.PROCESSED


def test_office_cannot_pick_deals(client, requested, owner_a):
    client.force_login(owner_a)
    assert client.get(reverse("mentoring:batches-hand-over", args=[requested.pk])).status_code == 403


def test_outsider_sees_nothing(client, requested, charlie):
    client.force_login(charlie)
    assert 'data-testid="empty-state"' in client.get(reverse("mentoring:batches-list")).content.decode()
    assert client.get(reverse("mentoring:batches-detail", args=[requested.pk])).status_code == 404
    assert client.get(reverse("mentoring:batches-hand-over", args=[requested.pk])).status_code == 404
    assert client.post(reverse("mentoring:batches-cancel", args=[requested.pk])).status_code == 404
    assert client.get(reverse("mentoring:batches-request")).status_code == 200  # charlie may ask for his own office


def test_cancel(client, requested, owner_a):
    client.force_login(owner_a)
    client.post(reverse("mentoring:batches-cancel", args=[requested.pk]))
    requested.refresh_from_db()
    assert requested.status == DealBatchStatus.CANCELLED


@pytest.mark.parametrize("persona", ["account_manager", "owner_a", "alice", "charlie", "head"])
def test_dashboard_card_renders_for_everyone(request, requested, persona):
    user = request.getfixturevalue(persona)
    html = render_to_string("mentoring/partials/dashboard_batches.html", {"data": batches_dashboard(user)})
    assert 'data-testid="dashboard-batches"' in html
