"""Django admin: open to administrators for every model, closed to everyone else."""

import pytest
from django.urls import reverse

from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import ClientKey, ContactPhone
from nastavnik.deals.models import Deal, Stage
from nastavnik.offices.choices import AbsenceKind, Role
from nastavnik.offices.models import Absence, ApiToken, Office, User
from nastavnik.offices.services import api_token_create
from nastavnik.tests.factories import (
    PASSWORD,
    ActivityFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    DealFactory,
    InvoiceFactory,
    PaymentFactory,
    ProposalTemplateFactory,
    TariffFactory,
)

MODELS = [
    "offices.region",
    "offices.office",
    "offices.user",
    "offices.absence",
    "offices.apitoken",
    "clients.tag",
    "clients.company",
    "clients.contact",
    "clients.contactphone",
    "clients.contactemail",
    "deals.stage",
    "deals.tariff",
    "deals.deal",
    "deals.invoice",
    "deals.payment",
    "activities.proposaltemplate",
    "activities.activity",
]


@pytest.fixture
def root(db):
    return User.objects.create_superuser(email="root@hq.ru", password=PASSWORD)


@pytest.fixture
def rows(company_a, alice):
    """One row of every model, so each changelist renders its columns."""
    contact = ContactFactory(company=company_a)
    ContactPhoneFactory(contact=contact)
    ContactEmailFactory(contact=contact)
    tariff = TariffFactory(name="Бизнес")
    deal = DealFactory(company=company_a, owner=alice, tariff=tariff, contact=contact)
    ActivityFactory(company=company_a, author=alice, deal=deal)
    invoice = InvoiceFactory(company=company_a, deal=deal, tariff=tariff)
    PaymentFactory(company=company_a, deal=deal, invoice=invoice)
    ProposalTemplateFactory()
    Absence.objects.create(user=alice, kind=AbsenceKind.VACATION, starts_on="2026-01-10", ends_on="2026-01-20")
    api_token_create(user=alice, name="CRM")
    return deal


def url(label: str, view: str = "changelist") -> str:
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model}_{view}")


@pytest.mark.parametrize("label", MODELS)
def test_admin_opens_every_changelist_and_search(client, root, rows, label):
    client.force_login(root)

    assert client.get(url(label)).status_code == 200
    assert client.get(url(label), {"q": "Ромашка"}).status_code == 200


@pytest.mark.parametrize("label", [label for label in MODELS if label != "offices.apitoken"])
def test_admin_opens_every_add_form(client, root, label):
    client.force_login(root)

    assert client.get(url(label, "add")).status_code == 200


def test_company_change_form_and_history_open(client, root, rows):
    client.force_login(root)

    assert client.get(reverse("admin:clients_company_change", args=[rows.company_id])).status_code == 200
    assert client.get(reverse("admin:clients_company_history", args=[rows.company_id])).status_code == 200
    assert client.get(reverse("admin:deals_deal_change", args=[rows.pk])).status_code == 200


@pytest.mark.parametrize("label", ["clients.company", "offices.user", "deals.deal"])
def test_a_manager_is_sent_to_the_admin_login(client, alice, label):
    client.force_login(alice)

    response = client.get(url(label))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_outsider_is_sent_to_the_admin_login(client, charlie, head):
    for user in (charlie, head):
        client.force_login(user)
        assert client.get(reverse("admin:index")).status_code == 302


def test_admin_creates_a_user_who_logs_in_by_email(client, root):
    client.force_login(root)
    hq = Office.objects.get(code="hq")

    response = client.post(
        url("offices.user", "add"),
        {
            "email": "New.Manager@HQ.ru",
            "role": Role.MANAGER,
            "office": hq.pk,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.manager@hq.ru")
    assert user.office == hq and user.check_password(PASSWORD)


def test_admin_refuses_a_manager_without_an_office(client, root):
    client.force_login(root)

    response = client.post(
        url("offices.user", "add"),
        {"email": "lost@hq.ru", "role": Role.MANAGER, "usable_password": "true", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Выберите представительство" in response.content.decode()
    assert not User.objects.filter(email="lost@hq.ru").exists()


def test_admin_stores_phones_in_e164_and_refuses_bad_ones(client, root, company_a):
    client.force_login(root)
    contact = ContactFactory(company=company_a)

    good = client.post(url("clients.contactphone", "add"), {"contact": contact.pk, "number": "8 (495) 123-45-67"})
    bad = client.post(url("clients.contactphone", "add"), {"contact": contact.pk, "number": "12-ab"})

    assert good.status_code == 302
    assert bad.status_code == 200 and "Неверный номер телефона" in bad.content.decode()
    assert list(ContactPhone.objects.values_list("number", flat=True)) == ["+74951234567"]
    # The phone added in the admin is found by the duplicate check.
    assert ClientKey.objects.filter(company=company_a, kind="phone", value="+74951234567").exists()


def test_admin_revokes_tokens_through_the_service(client, root, alice):
    client.force_login(root)
    token, _key = api_token_create(user=alice, name="CRM")

    response = client.post(url("offices.apitoken"), {"action": "revoke", "_selected_action": [token.pk], "index": 0})

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_deal_added_in_admin_belongs_to_its_company_office(client, root, company_a, alice):
    client.force_login(root)

    response = client.post(
        url("deals.deal", "add"),
        {
            "company": company_a.pk,
            "title": "Подключение через админку",
            "stage": Stage.objects.order_by("order").first().pk,
            "amount": "19900",
            "owner": alice.pk,
            "source": LeadSource.OTHER,
            "opened_at_0": "22.11.2026",
            "opened_at_1": "10:00",
        },
    )

    assert response.status_code == 302
    assert Deal.objects.get(title="Подключение через админку").office == company_a.office
