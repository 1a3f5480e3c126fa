"""The deals, invoices, payments, tariffs and stages API: tenancy, the agent's view, writes through the services."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from nastavnik.clients.models import Tag
from nastavnik.deals.models import Deal, Invoice, Payment, Stage, Tariff
from nastavnik.tests.factories import (
    CompanyFactory,
    ContactFactory,
    DealFactory,
    InvoiceFactory,
    PaymentFactory,
    TariffFactory,
)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def world(company_a, alice, bob, charlie, office_b):
    """Office A: a deal of alice's and one bob opened, each with an invoice and a payment; office B: charlie's."""
    company_b = CompanyFactory(office=office_b)
    deals = {
        "alice": DealFactory(company=company_a, owner=alice, title="Сделка Алисы"),
        "bob": DealFactory(company=company_a, owner=alice, agent=bob, title="Сделка Бориса"),
        "charlie": DealFactory(company=company_b, owner=charlie, title="Сделка Чарльза"),
    }
    invoices = {name: InvoiceFactory(company=deal.company, deal=deal) for name, deal in deals.items()}
    payments = {
        name: PaymentFactory(company=deal.company, deal=deal, invoice=invoices[name]) for name, deal in deals.items()
    }
    return {"deals": deals, "invoices": invoices, "payments": payments, "company_b": company_b}


@pytest.mark.parametrize("endpoint", ["deals", "invoices", "payments"])
def test_outsider_sees_nothing_of_another_office(world, charlie, endpoint):
    client = api_as(charlie)
    assert ids(client.get(f"/api/v1/{endpoint}/")) == {world[endpoint]["charlie"].pk}
    for owner in ("alice", "bob"):
        assert client.get(f"/api/v1/{endpoint}/{world[endpoint][owner].pk}/").status_code == 404


@pytest.mark.parametrize("endpoint", ["deals", "invoices", "payments"])
def test_agent_sees_only_what_hangs_on_the_deals_they_opened(world, bob, endpoint):
    client = api_as(bob)
    assert ids(client.get(f"/api/v1/{endpoint}/")) == {world[endpoint]["bob"].pk}
    assert client.get(f"/api/v1/{endpoint}/{world[endpoint]['alice'].pk}/").status_code == 404


def test_manager_sees_every_deal_of_the_office(world, alice):
    deals = world["deals"]
    assert ids(api_as(alice).get("/api/v1/deals/")) == {deals["alice"].pk, deals["bob"].pk}


def test_account_manager_reads_deals_but_cannot_change_them(world, account_manager, company_a):
    client = api_as(account_manager)
    assert ids(client.get("/api/v1/deals/")) == {world["deals"]["alice"].pk, world["deals"]["bob"].pk}
    deal = world["deals"]["alice"]
    assert client.patch(f"/api/v1/deals/{deal.pk}/", {"amount": "1.00"}, format="json").status_code == 403
    assert client.post("/api/v1/deals/", {"company": company_a.pk}, format="json").status_code == 403
    deal.refresh_from_db()
    assert deal.amount == Decimal("180000.00")
    assert Deal.objects.count() == 3


def test_manager_opens_a_deal_with_defaults(company_a, alice, office_a):
    contact = ContactFactory(company=company_a)
    tariff = TariffFactory(name="Бизнес")
    golden = Tag.objects.get(office=office_a, name="Золотой список")
    response = api_as(alice).post(
        "/api/v1/deals/",
        {
            "company": company_a.pk,
            "contact": contact.pk,
            "title": "Годовой контракт",
            "tariff": tariff.pk,
            "amount": "240000.00",
            "tags": [golden.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    first_stage = Stage.objects.order_by("order", "pk").first()
    assert (body["stage"], body["stage_name"]) == (first_stage.pk, first_stage.name)
    assert (body["owner"], body["office"], body["company_name"]) == (alice.pk, office_a.pk, "Ромашка")
    assert body["tags"] == [golden.pk] and body["first_touch_at"] is None
    deal = Deal.objects.get(pk=body["id"])
    assert (deal.amount, deal.tariff, deal.contact, deal.agent) == (Decimal("240000.00"), tariff, contact, None)


def test_agent_opens_a_deal_for_a_manager(company_a, alice, bob):
    client = api_as(bob)
    refused = client.post("/api/v1/deals/", {"company": company_a.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"owner": ["Выберите менеджера, который возьмёт сделку."]}

    response = client.post("/api/v1/deals/", {"company": company_a.pk, "owner": alice.pk}, format="json")
    assert response.status_code == 201, response.content
    deal = Deal.objects.get(pk=response.json()["id"])
    assert (deal.owner, deal.agent) == (alice, bob)
    assert ids(client.get("/api/v1/deals/")) == {deal.pk}


@pytest.mark.parametrize("field", ["company", "contact", "owner", "tags"])
def test_another_offices_objects_do_not_exist_for_the_caller(company_a, alice, charlie, world, field):
    company_b = world["company_b"]
    foreign = {
        "company": company_b.pk,
        "contact": ContactFactory(company=company_b).pk,
        "owner": charlie.pk,
        "tags": [Tag.objects.get(office=company_b.office).pk],
    }
    data = {"company": company_a.pk, field: foreign[field]}
    response = api_as(alice).post("/api/v1/deals/", data, format="json")
    assert response.status_code == 400
    assert "объект не существует" in str(response.json()[field])
    assert Deal.objects.count() == 3


def test_moving_a_deal_to_a_lost_stage_needs_a_reason(world, alice):
    deal = world["deals"]["alice"]
    lost = Stage.objects.filter(is_lost=True).first()
    client = api_as(alice)
    refused = client.patch(f"/api/v1/deals/{deal.pk}/", {"stage": lost.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"lost_reason": ["Укажите причину отказа."]}
    deal.refresh_from_db()
    assert deal.stage != lost

    moved = client.patch(f"/api/v1/deals/{deal.pk}/", {"stage": lost.pk, "lost_reason": "Дорого"}, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["closed_at"] is not None
    deal.refresh_from_db()
    assert (deal.stage, deal.lost_reason) == (lost, "Дорого")


def test_agent_cannot_change_a_deal_they_did_not_open(world, bob):
    deal = world["deals"]["alice"]
    assert api_as(bob).patch(f"/api/v1/deals/{deal.pk}/", {"title": "Моя"}, format="json").status_code == 404


def test_deal_filters(world, alice):
    client = api_as(alice)
    assert ids(client.get("/api/v1/deals/", {"agent": world["deals"]["bob"].agent_id})) == {world["deals"]["bob"].pk}
    assert ids(client.get("/api/v1/deals/", {"q": "Алисы"})) == {world["deals"]["alice"].pk}


def test_deals_cannot_be_deleted(world, alice):
    assert api_as(alice).delete(f"/api/v1/deals/{world['deals']['alice'].pk}/").status_code == 405


def test_deal_list_query_count_does_not_grow_with_rows(company_a, alice, bob, office_a, django_assert_max_num_queries):
    tags = list(Tag.objects.filter(office=office_a))
    tariff = TariffFactory(name="Старт")
    client = api_as(alice)

    def add_deals(count: int) -> None:
        for _ in range(count):
            contact = ContactFactory(company=company_a)
            deal = DealFactory(company=company_a, owner=alice, agent=bob, contact=contact, tariff=tariff)
            deal.tags.set(tags)

    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/deals/", {"page_size": 100}).status_code == 200
        return len(queries)

    add_deals(5)
    few = list_queries()
    add_deals(25)
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/deals/", {"page_size": 100}).json()["count"] == 30
    assert list_queries() == few


# Invoices and payments


def test_manager_issues_an_invoice_and_records_a_payment(world, alice, company_a):
    deal = world["deals"]["alice"]
    client = api_as(alice)
    invoice = client.post(
        "/api/v1/invoices/",
        {"company": company_a.pk, "deal": deal.pk, "number": "А-17", "amount": "45000.00", "issued_on": "2026-11-22"},
        format="json",
    )
    assert invoice.status_code == 201, invoice.content
    assert invoice.json()["office"] == company_a.office_id
    payment = client.post(
        "/api/v1/payments/",
        {"company": company_a.pk, "invoice": invoice.json()["id"], "amount": "45000.00", "paid_on": "2026-11-25"},
        format="json",
    )
    assert payment.status_code == 201, payment.content
    assert Payment.objects.get(pk=payment.json()["id"]).invoice_id == invoice.json()["id"]

    paid = client.patch(f"/api/v1/invoices/{invoice.json()['id']}/", {"status": "paid"}, format="json")
    assert paid.status_code == 200
    assert Invoice.objects.get(number="А-17").status == "paid"


def test_an_invoice_number_is_unique_per_office(world, alice, company_a):
    number = world["invoices"]["alice"].number
    response = api_as(alice).post(
        "/api/v1/invoices/",
        {"company": company_a.pk, "number": number, "amount": "1.00", "issued_on": "2026-11-22"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Счёт с такими значениями полей Представительство и Номер уже существует."]
    }
    assert Invoice.objects.filter(number=number).count() == 1


def test_an_invoice_for_a_deal_of_another_company_is_refused(world, alice, office_a):
    other = CompanyFactory(office=office_a)
    response = api_as(alice).post(
        "/api/v1/invoices/",
        {
            "company": other.pk,
            "deal": world["deals"]["alice"].pk,
            "number": "Б-1",
            "amount": "1.00",
            "issued_on": "2026-11-22",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"deal": ["Сделка относится к другой компании."]}
    assert not Invoice.objects.filter(number="Б-1").exists()


def test_outsider_cannot_pay_into_another_office(world, charlie, company_a):
    response = api_as(charlie).post(
        "/api/v1/payments/", {"company": company_a.pk, "amount": "1.00", "paid_on": "2026-11-22"}, format="json"
    )
    assert response.status_code == 400
    assert "объект не существует" in response.json()["company"][0]
    assert Payment.objects.count() == 3


# Tariffs and stages


def test_everyone_reads_tariffs_and_stages(charlie, bob):
    tariff = TariffFactory(name="Премиум", monthly_price=Decimal("30000.00"))
    for user in (charlie, bob):
        client = api_as(user)
        assert tariff.pk in ids(client.get("/api/v1/tariffs/"))
        assert client.get(f"/api/v1/tariffs/{tariff.pk}/").json()["monthly_price"] == "30000.00"
        stages = client.get("/api/v1/stages/").json()["results"]
        assert [row["id"] for row in stages] == list(Stage.objects.order_by("order", "pk").values_list("pk", flat=True))
        assert any(row["is_won"] for row in stages) and any(row["is_lost"] for row in stages)


def test_only_admin_or_head_changes_tariffs(alice, head):
    refused = api_as(alice).post("/api/v1/tariffs/", {"name": "Свой", "monthly_price": "1000.00"}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Тарифы меняют только администратор и руководитель."}
    assert not Tariff.objects.filter(name="Свой").exists()

    client = api_as(head)
    created = client.post("/api/v1/tariffs/", {"name": "Свой", "monthly_price": "1000.00"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api_as(alice).patch(f"/api/v1/tariffs/{pk}/", {"is_active": False}, format="json").status_code == 403
    assert client.patch(f"/api/v1/tariffs/{pk}/", {"is_active": False}, format="json").status_code == 200
    assert Tariff.objects.get(pk=pk).is_active is False
    assert ids(client.get("/api/v1/tariffs/", {"is_active": "false"})) == {pk}


def test_stages_are_read_only(alice):
    assert api_as(alice).post("/api/v1/stages/", {"name": "Новый"}, format="json").status_code == 405
