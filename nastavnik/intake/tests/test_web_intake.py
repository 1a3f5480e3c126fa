"""Web registrations: the site token, the flood limit, validation, routing as seed 002 says, the inbox."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company, Contact
from nastavnik.clients.services import company_create, contact_create
from nastavnik.deals.models import Deal
from nastavnik.deals.services import deal_create
from nastavnik.intake.choices import WebOutcome
from nastavnik.intake.models import DutyShift, IntakeSite, WebRegistration
from nastavnik.intake.web_intake import intake_site_create
from nastavnik.notifications.models import Notification
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, Region
from nastavnik.tests.factories import UserFactory

URL = "/api/v1/intake/web"


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hq(db):
    return Office.objects.get(code="hq")


@pytest.fixture
def duty(hq):
    """The Moscow manager on duty today."""
    user = UserFactory(email="duty@hq.ru", last_name="Дежурный", office=hq)
    user.regions.add(Region.objects.get(code="77"))
    DutyShift.objects.create(date=timezone.localdate(), manager=user)
    return user


@pytest.fixture
def ural_manager(hq):
    user = UserFactory(email="ural@hq.ru", last_name="Уральский", office=hq)
    user.regions.add(Region.objects.get(code="66"))
    return user


@pytest.fixture
def olga(hq):
    """An HQ manager who already works a client."""
    return UserFactory(email="olga@hq.ru", last_name="Ольгина", office=hq)


@pytest.fixture
def site_token(hq):
    _site, token = intake_site_create(office=hq, name="Сайт франшизы")
    return token


def post(client, token, **data):
    headers = {"HTTP_X_INTAKE_TOKEN": token} if token else {}
    return client.post(URL, data, content_type="application/json", **headers)


def existing_client(owner, *, name="Ромашка", website="romashka.ru", email="ivan@romashka.ru", region_code=None):
    region = Region.objects.get(code=region_code) if region_code else None
    company = company_create(user=owner, office=owner.office, name=name, website=website, region=region)
    contact_create(user=owner, company=company, surname="Иванов", first_name="Иван", emails=[email])
    return company


def test_client_with_open_deal_goes_to_the_deal_owner(client, site_token, duty, olga):
    company = existing_client(olga)
    deal = deal_create(user=olga, company=company, title="Тариф Бизнес")
    response = post(client, site_token, name="Иван Иванов", email="IVAN@romashka.ru", material="Прайс-лист")
    assert response.status_code == 201, response.content
    registration = WebRegistration.objects.get()
    assert registration.outcome == WebOutcome.OPEN_DEAL_OWNER
    assert (registration.assigned_to, registration.deal, registration.company) == (olga, deal, company)
    assert Deal.objects.count() == 1
    note = Activity.objects.get(deal=deal, kind=ActivityKind.NOTE)
    assert note.body.startswith("Заявка с сайта:") and "Прайс-лист" in note.body
    assert Notification.objects.filter(user=olga).exists()
    assert not Notification.objects.filter(user=duty).exists()


def test_existing_client_without_deal_gets_a_new_deal_for_the_duty_manager(client, site_token, duty, olga):
    company = existing_client(olga)
    response = post(
        client,
        site_token,
        name="Пётр",
        phone="+7 916 123-45-67",
        website="https://www.romashka.ru/contacts",
        region="77",
    )
    assert response.status_code == 201, response.content
    registration = WebRegistration.objects.get()
    assert registration.outcome == WebOutcome.NEW_DEAL_EXISTING_CLIENT
    deal = Deal.objects.get()
    assert (deal.company, deal.owner, deal.source) == (company, duty, LeadSource.WEBSITE)
    assert (registration.assigned_to, registration.deal) == (duty, deal)
    assert Company.objects.count() == 1
    assert Notification.objects.filter(user=duty, url__contains=f"/deals/{deal.pk}/").exists()


def test_regional_client_without_deal_goes_to_the_region_manager(client, site_token, duty, ural_manager, olga):
    existing_client(olga, name="Уралмаш", website="uralmash.ru", email="info@uralmash.ru", region_code="66")
    response = post(client, site_token, email="sales@uralmash.ru", company="Уралмаш")
    assert response.status_code == 201, response.content
    registration = WebRegistration.objects.get()
    assert registration.outcome == WebOutcome.NEW_DEAL_EXISTING_CLIENT
    assert registration.assigned_to == ural_manager
    assert Deal.objects.get().owner == ural_manager


def test_unknown_client_gets_a_new_card_contact_and_deal(client, site_token, duty):
    response = post(
        client,
        site_token,
        name="Анна Сергеева",
        company="Вектор",
        phone="8 (495) 765-43-21",
        email="anna@vektor.ru",
        website="vektor.ru",
        message="Пришлите условия франшизы",
    )
    assert response.status_code == 201, response.content
    assert response.json()["detail"].startswith("Спасибо")
    registration = WebRegistration.objects.get()
    assert registration.outcome == WebOutcome.NEW_CLIENT
    company = Company.objects.get()
    assert (company.name, company.source, company.office.code) == ("Вектор", LeadSource.WEBSITE, "hq")
    contact = Contact.objects.get()
    assert (contact.surname, contact.first_name) == ("Сергеева", "Анна")
    assert contact.phones.get().number == "+74957654321"
    deal = Deal.objects.get()
    assert (deal.owner, deal.source, deal.company) == (duty, LeadSource.WEBSITE, company)
    assert (registration.company, registration.deal, registration.assigned_to) == (company, deal, duty)
    assert registration.phone == "+74957654321"


def test_client_taken_by_another_office_creates_nothing_and_tells_the_head(client, site_token, duty, alice, head):
    taken = existing_client(alice, name="Забор", website="zabor.ru", email="boss@zabor.ru")
    deal_create(user=alice, company=taken)
    companies, deals = Company.objects.count(), Deal.objects.count()
    response = post(
        client, site_token, name="Кто-то", company="Забор", website="http://zabor.ru/", phone="+7 495 111-22-33"
    )
    assert response.status_code == 201, response.content
    registration = WebRegistration.objects.get()
    assert registration.outcome == WebOutcome.TAKEN_ELSEWHERE
    assert registration.company is None and registration.deal is None
    assert (Company.objects.count(), Deal.objects.count()) == (companies, deals)
    assert Notification.objects.filter(user=head, text__contains="другого представительства").exists()
    assert not Notification.objects.filter(user=alice).exists()


def test_missing_token_is_401_and_wrong_or_inactive_token_is_403(client, site_token, duty):
    response = post(client, "", email="a@b.ru")
    assert response.status_code == 401
    assert "токен" in response.json()["detail"].lower()
    assert post(client, "not-the-token", email="a@b.ru").status_code == 403
    IntakeSite.objects.update(is_active=False)
    response = post(client, site_token, email="a@b.ru")
    assert response.status_code == 403
    assert response.json()["detail"] == "Неверный или отключённый токен сайта."
    assert not WebRegistration.objects.exists()


def test_token_may_come_as_a_form_field(client, site_token, duty):
    response = client.post(URL, {"token": site_token, "email": "form@example.ru", "name": "Форма"})
    assert response.status_code == 201, response.content
    assert WebRegistration.objects.get().email == "form@example.ru"


@override_settings(WEB_INTAKE_RATE_PER_MINUTE=3)
def test_flood_is_refused_with_429_and_nothing_written_after_the_limit(client, site_token, duty):
    statuses = [post(client, site_token, email=f"lead{n}@example.ru").status_code for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    response = post(client, site_token, email="more@example.ru")
    assert response.status_code == 429
    assert response.json()["detail"] == "Слишком много заявок. Попробуйте ещё раз через минуту."
    assert WebRegistration.objects.count() == 3


@override_settings(WEB_INTAKE_RATE_PER_MINUTE=2)
def test_flood_with_wrong_tokens_is_limited_per_address(client, site_token):
    statuses = [post(client, "guess", email="x@example.ru").status_code for _ in range(3)]
    assert statuses == [403, 403, 429]


def test_bad_phone_is_400_with_a_russian_message_and_nothing_written(client, site_token, duty):
    response = post(client, site_token, name="Иван", phone="позвоните мне", email="bad@")
    assert response.status_code == 400
    body = response.json()
    assert "Неверный номер телефона «позвоните мне»" in body["phone"][0]
    assert body["email"] == ["Неверный e-mail «bad@»."]
    assert not WebRegistration.objects.exists() and not Company.objects.exists()


def test_phone_or_email_is_required_and_region_must_exist(client, site_token, duty):
    response = post(client, site_token, name="Иван", region="999")
    assert response.status_code == 400
    body = response.json()
    assert body["non_field_errors"] == ["Укажите телефон или e-mail, чтобы мы могли с вами связаться."]
    assert body["region"] == ["Неизвестный код региона «999»."]


def test_broken_json_is_400_not_500(client, site_token):
    response = client.post(URL, "{not json", content_type="application/json", HTTP_X_INTAKE_TOKEN=site_token)
    assert response.status_code == 400


def test_registration_without_any_manager_is_stored_unrouted(client, site_token, head):
    response = post(client, site_token, email="lonely@example.ru")
    assert response.status_code == 201
    registration = WebRegistration.objects.get()
    assert registration.outcome == "" and registration.deal is None
    assert Notification.objects.filter(user=head).exists()


def test_create_intake_site_command_prints_a_working_token(client, duty):
    out = StringIO()
    call_command("create_intake_site", office="hq", name="Сайт франшизы", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert IntakeSite.objects.get().name == "Сайт франшизы"
    assert token not in IntakeSite.objects.get().token_hash
    assert post(client, token, email="cmd@example.ru").status_code == 201


# The inbox


@pytest.fixture
def routed(client, site_token, duty):
    assert post(client, site_token, name="Анна Сергеева", company="Вектор", email="anna@vektor.ru").status_code == 201
    return WebRegistration.objects.get()


def test_inbox_lists_registrations_with_outcome_and_links(client, duty, routed):
    client.force_login(duty)
    response = client.get(reverse("intake:web-inbox"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Вектор" in text and "Новый клиент и сделка" in text
    assert reverse("deals:deal-detail", args=[routed.deal_id]) in text
    assert reverse("clients:company-detail", args=[routed.company_id]) in text


def test_inbox_filters_by_outcome(client, duty, routed):
    client.force_login(duty)
    response = client.get(reverse("intake:web-inbox"), {"outcome": WebOutcome.TAKEN_ELSEWHERE})
    assert "Вектор" not in response.content.decode()
    assert "Ничего не найдено" in response.content.decode()


def test_outsider_sees_an_empty_inbox(client, charlie, routed):
    client.force_login(charlie)
    response = client.get(reverse("intake:web-inbox"))
    assert response.status_code == 200
    assert "Вектор" not in response.content.decode()
    assert client.get(reverse("api:web-registration-list")).json()["count"] == 0


def test_manager_brings_in_an_agent_for_the_first_contact(client, duty, routed, hq):
    agent = UserFactory(email="agent@hq.ru", office=hq, role=Role.AGENT)
    client.force_login(duty)
    response = client.post(
        reverse("intake:web-bring-agent", args=[routed.pk]), {"agent": agent.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    routed.refresh_from_db()
    assert routed.agent == agent
    assert Deal.objects.get(pk=routed.deal_id).agent == agent
    assert Notification.objects.filter(user=agent).exists()


def test_outsider_cannot_bring_in_an_agent(client, charlie, routed, office_b):
    agent = UserFactory(email="agent@beta.ru", office=office_b, role=Role.AGENT)
    client.force_login(charlie)
    response = client.post(reverse("intake:web-bring-agent", args=[routed.pk]), {"agent": agent.pk})
    assert response.status_code == 404
    routed.refresh_from_db()
    assert routed.agent is None


def test_inbox_query_count_does_not_grow_with_rows(client, duty, hq, django_assert_max_num_queries):
    site = IntakeSite.objects.create(office=hq, name="Лендинг", token_hash="x" * 64)
    for n in range(30):
        WebRegistration.objects.create(site=site, email=f"lead{n}@example.ru", assigned_to=duty)
    UserFactory(email="agent@hq.ru", office=hq, role=Role.AGENT)
    client.force_login(duty)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("intake:web-inbox"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="bring-agent"') == 25


def test_a_failure_while_routing_leaves_nothing_half_written(client, site_token, duty, monkeypatch):
    from django.core.exceptions import ValidationError

    import nastavnik.deals.services

    def refuse(**kwargs):
        raise ValidationError({"owner": "Менеджер не может взять сделку."})

    monkeypatch.setattr(nastavnik.deals.services, "deal_create", refuse)
    response = post(client, site_token, company="Вектор", email="anna@vektor.ru")
    assert response.status_code == 400
    assert response.json() == {"owner": ["Менеджер не может взять сделку."]}
    assert not WebRegistration.objects.exists()
    assert not Company.objects.exists() and not Contact.objects.exists()


def test_inbox_filters_by_period(client, duty, routed):
    client.force_login(duty)
    today = timezone.localdate()
    response = client.get(reverse("intake:web-inbox"), {"received_after": today.isoformat()})
    assert "Вектор" in response.content.decode()
    assert f'value="{today.isoformat()}"' in response.content.decode()
    yesterday = today - timedelta(days=1)
    response = client.get(reverse("intake:web-inbox"), {"received_before": yesterday.isoformat()})
    assert "Вектор" not in response.content.decode()
