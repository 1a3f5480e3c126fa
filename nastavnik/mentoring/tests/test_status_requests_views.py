"""Status request pages: the account manager asks, alice answers, charlie from another office sees nothing."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from nastavnik.clients.choices import CompanyStatus
from nastavnik.mentoring.models import StatusRequest
from nastavnik.mentoring.selectors.status_requests import status_requests_dashboard
from nastavnik.mentoring.services.status_requests import status_request_create
from nastavnik.tests.factories import ActivityFactory, CompanyFactory


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def status_request(account_manager, office_a, company_a):
    CompanyFactory(office=office_a, name="Лютик", status=CompanyStatus.PAUSED)
    return status_request_create(user=account_manager, office=office_a, scope="all", note="Ситуация на конец месяца")


def test_account_manager_sends_a_request_from_the_form(client, account_manager, office_a, company_a):
    client.force_login(account_manager)
    assert client.get("/mentoring/status-requests/new/").status_code == 200
    response = client.post(
        "/mentoring/status-requests/new/", {"office": office_a.pk, "scope": "active", "recurrence": "monthly"}
    )
    request = StatusRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/mentoring/status-requests/{request.pk}/"
    page = client.get(response.url).content.decode()
    assert "Ромашка" in page and "Ежемесячно" in page and "ждём ответа" in page


def test_bad_form_shows_the_reason_and_creates_nothing(client, account_manager, office_a):
    client.force_login(account_manager)
    response = client.post("/mentoring/status-requests/new/", {"office": office_a.pk, "scope": "inactive"})
    assert response.status_code == 200
    assert "нет клиентов в выбранной группе" in response.content.decode()
    assert not StatusRequest.objects.exists()


def test_office_staff_cannot_send_requests(client, alice):
    client.force_login(alice)
    assert client.get("/mentoring/status-requests/new/").status_code == 403


def test_alice_answers_and_the_request_completes(client, alice, status_request, company_a):
    call = ActivityFactory(company=company_a)
    call.recording.save("call.mp3", ContentFile(b"ID3 audio"), save=True)
    client.force_login(alice)
    assert "Ответить" in client.get(f"/mentoring/status-requests/{status_request.pk}/").content.decode()
    first = status_request.answers.get(company=company_a)
    response = client.post(
        f"/mentoring/status-requests/answers/{first.pk}/",
        {"comment": "", "mobile_phone": "8 495 123 45 67", "email": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Опишите текущую ситуацию" in page and "не мобильный" in page and "e-mail" in page
    response = client.post(
        f"/mentoring/status-requests/answers/{first.pk}/",
        {"comment": "Ждут счёт", "mobile_phone": "8 912 345 67 89", "recordings": [call.pk]},
    )
    second = status_request.answers.exclude(pk=first.pk).get()
    assert response.url == f"/mentoring/status-requests/answers/{second.pk}/"  # straight to the next client
    client.post(response.url, {"comment": "На паузе до весны", "email": "boss@lutik.ru"})
    status_request.refresh_from_db()
    assert status_request.completed_at is not None
    page = client.get(f"/mentoring/status-requests/{status_request.pk}/").content.decode()
    assert "+7 (912) 345-67-89" in page and "Все ответы получены" in page


def test_lists_and_filters(client, account_manager, status_request):
    client.force_login(account_manager)
    assert f"status-request-row-{status_request.pk}" in client.get("/mentoring/status-requests/").content.decode()
    page = client.get("/mentoring/status-requests/?state=completed").content.decode()
    assert f"status-request-row-{status_request.pk}" not in page and "Ничего не найдено" in page
    fragment = client.get("/mentoring/status-requests/?state=open", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and f"row-{status_request.pk}" in fragment.content.decode()


def test_empty_list(client, alice):
    client.force_login(alice)
    assert "Запросов пока нет" in client.get("/mentoring/status-requests/").content.decode()


def test_outsider_sees_nothing(client, charlie, status_request):
    client.force_login(charlie)
    assert f"row-{status_request.pk}" not in client.get("/mentoring/status-requests/").content.decode()
    assert client.get(f"/mentoring/status-requests/{status_request.pk}/").status_code == 404
    answer = status_request.answers.first()
    assert client.get(f"/mentoring/status-requests/answers/{answer.pk}/").status_code == 404
    assert client.post(f"/mentoring/status-requests/answers/{answer.pk}/", {"comment": "x"}).status_code == 404
    assert client.post(f"/mentoring/status-requests/{status_request.pk}/stop-repeating/").status_code == 404


def test_account_manager_may_not_answer_for_the_office(client, account_manager, status_request):
    client.force_login(account_manager)
    answer = status_request.answers.first()
    assert client.get(f"/mentoring/status-requests/answers/{answer.pk}/").status_code == 403


def test_list_query_count_is_fixed(client, account_manager, office_a, company_a, django_assert_max_num_queries):
    for _ in range(5):
        status_request_create(user=account_manager, office=office_a, scope="all")
    client.force_login(account_manager)
    with django_assert_max_num_queries(12):
        assert client.get("/mentoring/status-requests/").status_code == 200


def test_dashboard_card_for_both_sides_and_empty(account_manager, alice, charlie, status_request):
    am = status_requests_dashboard(account_manager)
    assert am["open_count"] == 1 and am["outstanding_answers"] == 2 and am["waits_for_office"]
    html = render_to_string("mentoring/partials/dashboard_status_requests.html", {"data": am})
    assert "Ждём ответа по 2 клиентам" in html
    office = status_requests_dashboard(alice)
    assert "Нужно ответить по 2 клиентам" in render_to_string(
        "mentoring/partials/dashboard_status_requests.html", {"data": office}
    )
    empty = render_to_string(
        "mentoring/partials/dashboard_status_requests.html", {"data": status_requests_dashboard(charlie)}
    )
    assert "Открытых запросов" in empty
