"""The batches API cannot bypass the batch rule; tenancy and field errors as everywhere."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from nastavnik.mentoring.choices import DealBatchStatus
from nastavnik.mentoring.models import DealBatch, DealBatchItem
from nastavnik.offices.models import Office
from nastavnik.tests.factories import ActivityFactory, CompanyFactory, DealFactory


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def pooled_deal():
    hq = Office.objects.get(code="hq")
    return DealFactory(company=CompanyFactory(office=hq, pooled_at=timezone.now() - timedelta(days=1)), office=hq)


@pytest.fixture
def requested(owner_a, account_manager):
    response = api_as(owner_a).post("/api/v1/mentoring/batches/", {"note": "Москва"}, format="json")
    assert response.status_code == 201, response.content
    return DealBatch.objects.get(pk=response.json()["id"])


def test_full_cycle(requested, owner_a, alice, account_manager, office_a):
    deal = pooled_deal()
    mentor = api_as(account_manager)
    pool = mentor.get(f"/api/v1/mentoring/batches/{requested.pk}/pool/").json()["results"]
    assert [row["id"] for row in pool] == [deal.pk]
    response = mentor.post(f"/api/v1/mentoring/batches/{requested.pk}/hand-over/", {"deals": [deal.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == DealBatchStatus.HANDED_OVER
    assert api_as(owner_a).post("/api/v1/mentoring/batches/", {}, format="json").status_code == 400
    item = DealBatchItem.objects.get()
    ActivityFactory(company=deal.company, office=office_a, author=alice, occurred_at=timezone.now())
    client = api_as(alice)
    assert client.post(f"/api/v1/mentoring/batch-items/{item.pk}/outcome/", {"outcome": "lost"}).status_code == 400
    response = client.post(f"/api/v1/mentoring/batch-items/{item.pk}/outcome/", {"outcome": "in_work"})
    assert response.status_code == 200, response.content
    assert api_as(owner_a).get(f"/api/v1/mentoring/batches/{requested.pk}/").json()["status"] == "processed"
    assert api_as(owner_a).post("/api/v1/mentoring/batches/", {}, format="json").status_code == 201


def test_api_refuses_over_the_limit_and_non_pool_deals(requested, account_manager, company_a, settings):
    settings.DEAL_BATCH_MAX_DEALS = 1
    mentor = api_as(account_manager)
    url = f"/api/v1/mentoring/batches/{requested.pk}/hand-over/"
    response = mentor.post(url, {"deals": [pooled_deal().pk, pooled_deal().pk]}, format="json")
    assert response.status_code == 400 and "не больше 1" in response.json()["deals"][0]
    response = mentor.post(url, {"deals": [DealFactory(company=company_a).pk]}, format="json")
    assert response.status_code == 400 and "deals" in response.json()
    assert mentor.post(url, {"deals": []}, format="json").status_code == 400
    assert mentor.post(url, {"deals": ["x"]}, format="json").status_code == 400
    assert not DealBatchItem.objects.exists()


def test_office_cannot_hand_over_or_see_the_pool(requested, owner_a):
    client = api_as(owner_a)
    assert client.get(f"/api/v1/mentoring/batches/{requested.pk}/pool/").status_code == 403
    url = f"/api/v1/mentoring/batches/{requested.pk}/hand-over/"
    assert client.post(url, {"deals": [pooled_deal().pk]}, format="json").status_code == 403


def test_outsider_sees_nothing(requested, charlie, account_manager):
    deal = pooled_deal()
    api_as(account_manager).post(
        f"/api/v1/mentoring/batches/{requested.pk}/hand-over/", {"deals": [deal.pk]}, format="json"
    )
    item = DealBatchItem.objects.get()
    client = api_as(charlie)
    assert client.get("/api/v1/mentoring/batches/").json()["results"] == []
    assert client.get(f"/api/v1/mentoring/batches/{requested.pk}/").status_code == 404
    assert client.get("/api/v1/mentoring/batch-items/").json()["results"] == []
    assert client.get(f"/api/v1/mentoring/batch-items/{item.pk}/").status_code == 404
    assert client.post(f"/api/v1/mentoring/batch-items/{item.pk}/outcome/", {"outcome": "won"}).status_code == 404


def test_agent_cannot_request(bob, office_a):
    assert api_as(bob).post("/api/v1/mentoring/batches/", {}, format="json").status_code == 403
    assert not DealBatch.objects.exists()
