"""Closing assist pages: the queue, the company picker, the form with its gate, the story page, the buttons."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.mentoring.choices import ClosingAssistStatus
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.services import closing as services
from nastavnik.mentoring.tests.test_closing_services import log_calls, log_proposal, ready_request
from nastavnik.tests.factories import CompanyFactory, TariffFactory

LIST = reverse("mentoring:closing-list")
CREATE = reverse("mentoring:closing-create")


@pytest.fixture
def people(alice, owner_a, account_manager):
    return {"alice": alice, "owner": owner_a, "mentor": account_manager}


def form_data(tariff, **overrides):
    moment = timezone.localtime(timezone.now() + timedelta(days=1))
    return {
        "tariffs_presented": [tariff.pk],
        "considered_tariff": tariff.pk,
        "site_traffic": "2500",
        "history": "Переговоры идут с весны.",
        "why_not_paying": "Сомневается в окупаемости.",
        "joint_call_channel": "skype",
        "joint_call_at": moment.strftime("%Y-%m-%dT%H:%M"),
        "owner_attends": "on",
        "staff_member_attends": "on",
        **overrides,
    }


def test_empty_queue_shows_the_empty_state(client, people):
    client.force_login(people["mentor"])
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Заявок на дожатие пока нет" in response.content.decode()


def test_picker_offers_only_the_office_clients(client, people, company_a, office_b):
    foreign = CompanyFactory(office=office_b, name="Чужая")
    client.force_login(people["alice"])
    page = client.get(CREATE).content.decode()
    assert company_a.name in page and "Чужая" not in page
    assert client.get(CREATE, {"company": foreign.pk}).status_code == 404


def test_account_manager_cannot_start_a_request(client, people, company_a):
    client.force_login(people["mentor"])
    assert client.get(CREATE).status_code == 403


def test_form_shows_each_condition_met_or_missing(client, people, company_a):
    log_calls(company_a, people["alice"])
    client.force_login(people["alice"])
    page = client.get(CREATE, {"company": company_a.pk}).content.decode()
    assert 'data-testid="condition-calls" data-met="true"' in page
    assert 'data-testid="condition-proposal" data-met="false"' in page
    assert "В истории клиента нет КП по рекомендованному шаблону." in page


def test_office_sends_a_ready_request_from_the_form(client, people, company_a, mailoutbox):
    log_calls(company_a, people["alice"])
    log_proposal(company_a, people["alice"])
    client.force_login(people["alice"])
    data = form_data(TariffFactory(name="Бизнес"), action="submit", staff_member=people["alice"].pk)
    response = client.post(f"{CREATE}?company={company_a.pk}", data, follow=True)
    closing = ClosingAssistRequest.objects.get()
    assert response.redirect_chain[-1][0] == f"/mentoring/closing/{closing.pk}/"
    assert closing.status == ClosingAssistStatus.SUBMITTED
    assert "Заявка отправлена аккаунт-менеджеру." in response.content.decode()


def test_missing_condition_blocks_sending_and_keeps_a_draft(client, people, company_a):
    log_calls(company_a, people["alice"])
    client.force_login(people["alice"])
    data = form_data(TariffFactory(name="Бизнес"), action="submit", staff_member=people["alice"].pk)
    response = client.post(f"{CREATE}?company={company_a.pk}", data)
    assert response.status_code == 422
    assert "В истории клиента нет КП по рекомендованному шаблону." in response.content.decode()
    closing = ClosingAssistRequest.objects.get()
    assert closing.status == ClosingAssistStatus.DRAFT
    assert f'action="/mentoring/closing/{closing.pk}/edit/"' in response.content.decode()


def test_bad_input_shows_the_field_and_saves_nothing(client, people, company_a):
    client.force_login(people["alice"])
    data = form_data(TariffFactory(name="Бизнес"), site_traffic="много", joint_call_channel="pigeon")
    response = client.post(f"{CREATE}?company={company_a.pk}", data)
    assert response.status_code == 422
    assert not ClosingAssistRequest.objects.exists()
    assert response.context["form"].errors.keys() == {"site_traffic", "joint_call_channel"}


def test_story_page_shows_conditions_calls_and_recordings(client, people, company_a):
    closing = ready_request(company_a, people["alice"])
    services.closing_assist_submit(user=people["alice"], closing=closing)
    client.force_login(people["mentor"])
    page = client.get(reverse("mentoring:closing-detail", args=[closing.pk])).content.decode()
    assert "Ждёт одобрения бюджета у собственника." in page
    assert page.count("<audio") == 3
    assert 'data-testid="closing-accept"' in page


def test_account_manager_accepts_and_returns_through_buttons(client, people, company_a):
    closing = ready_request(company_a, people["alice"])
    services.closing_assist_submit(user=people["alice"], closing=closing)
    client.force_login(people["mentor"])
    response = client.post(
        reverse("mentoring:closing-action", args=[closing.pk, "return"]), {"reason": ""}, follow=True
    )
    assert "Обязательное поле." in response.content.decode()
    closing.refresh_from_db()
    assert closing.status == ClosingAssistStatus.SUBMITTED
    client.post(reverse("mentoring:closing-action", args=[closing.pk, "return"]), {"reason": "Дополните историю"})
    closing.refresh_from_db()
    assert closing.status == ClosingAssistStatus.RETURNED
    client.force_login(people["alice"])
    page = client.get(reverse("mentoring:closing-edit", args=[closing.pk])).content.decode()
    assert "Дополните историю" in page


def test_office_cannot_accept_its_own_request(client, people, company_a):
    closing = ready_request(company_a, people["alice"])
    services.closing_assist_submit(user=people["alice"], closing=closing)
    client.force_login(people["alice"])
    response = client.post(reverse("mentoring:closing-action", args=[closing.pk, "accept"]))
    assert response.status_code == 403


def test_outsider_sees_nothing(client, people, company_a, charlie):
    closing = ready_request(company_a, people["alice"])
    client.force_login(charlie)
    assert closing.company.name not in client.get(LIST).content.decode()
    assert client.get(reverse("mentoring:closing-detail", args=[closing.pk])).status_code == 404
    assert client.get(reverse("mentoring:closing-edit", args=[closing.pk])).status_code == 404
    assert client.post(reverse("mentoring:closing-action", args=[closing.pk, "submit"])).status_code == 404


def test_queue_filters_by_status(client, people, company_a):
    sent = ready_request(company_a, people["alice"])
    services.closing_assist_submit(user=people["alice"], closing=sent)
    ready_request(CompanyFactory(office=company_a.office, name="Лютик"), people["alice"])
    client.force_login(people["alice"])
    page = client.get(LIST, {"status": "submitted"}).content.decode()
    assert f'closing-row-{sent.pk}"' in page and "Лютик" not in page


def test_queue_query_count_is_fixed(client, people, company_a, django_assert_max_num_queries):
    for index in range(5):
        ready_request(CompanyFactory(office=company_a.office, name=f"Клиент {index}"), people["alice"])
    client.force_login(people["alice"])
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_dashboard_card_for_each_persona(people, company_a, charlie):
    from django.template.loader import render_to_string

    from nastavnik.mentoring.selectors.closing import closing_dashboard

    template = "mentoring/partials/dashboard_closing.html"
    closing = ready_request(company_a, people["alice"])
    assert "Нет заявок, которые ждут ваших действий." in render_to_string(
        template, {"data": closing_dashboard(charlie)}
    )
    assert "Новых заявок на дожатие нет." in render_to_string(template, {"data": closing_dashboard(people["mentor"])})
    assert company_a.name in render_to_string(template, {"data": closing_dashboard(people["owner"])})
    services.closing_assist_submit(user=people["alice"], closing=closing)
    card = render_to_string(template, {"data": closing_dashboard(people["mentor"])})
    assert f"/mentoring/closing/{closing.pk}/" in card
