"""Status requests API: the account manager asks, the office answers, outsiders see nothing, bad input is a 400."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from rest_framework.test import APIClient

from nastavnik.mentoring.models import StatusRequest
from nastavnik.mentoring.services.status_requests import status_request_create
from nastavnik.tests.factories import ActivityFactory, CompanyFactory

REQUESTS = "/api/v1/mentoring/status-requests/"
ANSWERS = "/api/v1/mentoring/status-answers/"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def status_request(account_manager, office_a, company_a):
    return status_request_create(user=account_manager, office=office_a, scope="active")


def test_account_manager_creates_a_request(account_manager, office_a, company_a):
    response = api_as(account_manager).post(
        REQUESTS, {"office": office_a.pk, "scope": "all", "recurrence": "weekly", "note": "К пятнице"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["answers_total"] == 1 and body["answers_done"] == 0 and body["next_run_on"]
    assert StatusRequest.objects.get().requested_by == account_manager


def test_bad_request_is_400_with_field_messages(account_manager, office_a):
    client = api_as(account_manager)
    response = client.post(REQUESTS, {"office": office_a.pk, "scope": "all"}, format="json")
    assert response.status_code == 400
    assert "нет клиентов" in response.json()["scope"][0]
    response = client.post(REQUESTS, {"office": office_a.pk, "scope": "nobody"}, format="json")
    assert response.status_code == 400 and "scope" in response.json()
    assert not StatusRequest.objects.exists()


def test_office_staff_may_not_create(alice, office_a, company_a):
    response = api_as(alice).post(REQUESTS, {"office": office_a.pk, "scope": "all"}, format="json")
    assert response.status_code == 403


def test_office_answers_with_patch(alice, status_request, company_a):
    call = ActivityFactory(company=company_a)
    call.recording.save("call.mp3", ContentFile(b"ID3 audio"), save=True)
    answer = status_request.answers.get()
    client = api_as(alice)
    response = client.patch(f"{ANSWERS}{answer.pk}/", {"comment": "", "mobile_phone": "123"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"comment", "mobile_phone"}
    response = client.patch(
        f"{ANSWERS}{answer.pk}/",
        {"comment": "Ждут КП", "mobile_phone": "8 912 345-67-89", "recordings": [call.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["mobile_phone"] == "+79123456789" and body["mobile_phone_display"] == "+7 (912) 345-67-89"
    assert body["recordings"] == [call.pk]
    detail = client.get(f"{REQUESTS}{status_request.pk}/").json()
    assert detail["completed_at"] is not None and detail["answers_done"] == 1


def test_recording_of_another_office_does_not_exist(alice, status_request, office_b):
    foreign_call = ActivityFactory(company=CompanyFactory(office=office_b))
    answer = status_request.answers.get()
    response = api_as(alice).patch(
        f"{ANSWERS}{answer.pk}/", {"comment": "x", "email": "a@b.ru", "recordings": [foreign_call.pk]}, format="json"
    )
    assert response.status_code == 400 and "recordings" in response.json()


def test_account_manager_may_not_answer(account_manager, status_request):
    answer = status_request.answers.get()
    response = api_as(account_manager).patch(f"{ANSWERS}{answer.pk}/", {"comment": "x"}, format="json")
    assert response.status_code == 403


def test_filters(account_manager, status_request):
    client = api_as(account_manager)
    assert client.get(f"{REQUESTS}?is_complete=false").json()["count"] == 1
    assert client.get(f"{REQUESTS}?is_complete=true").json()["count"] == 0
    assert client.get(f"{ANSWERS}?request={status_request.pk}&is_answered=false").json()["count"] == 1


def test_stop_repeating(account_manager, alice, office_a, company_a):
    request = status_request_create(user=account_manager, office=office_a, scope="all", recurrence="monthly")
    assert api_as(alice).post(f"{REQUESTS}{request.pk}/stop-repeating/").status_code == 403
    response = api_as(account_manager).post(f"{REQUESTS}{request.pk}/stop-repeating/")
    assert response.status_code == 200 and response.json()["recurrence"] == ""
    assert api_as(account_manager).post(f"{REQUESTS}{request.pk}/stop-repeating/").status_code == 400


def test_outsider_sees_nothing(charlie, status_request):
    client = api_as(charlie)
    assert client.get(REQUESTS).json()["count"] == 0
    assert client.get(ANSWERS).json()["count"] == 0
    assert client.get(f"{REQUESTS}{status_request.pk}/").status_code == 404
    answer = status_request.answers.get()
    assert client.get(f"{ANSWERS}{answer.pk}/").status_code == 404
    assert client.patch(f"{ANSWERS}{answer.pk}/", {"comment": "x"}, format="json").status_code == 404
    response = client.post(REQUESTS, {"office": status_request.office_id, "scope": "all"}, format="json")
    assert response.status_code == 400 and "office" in response.json()


def test_anonymous_is_refused(status_request):
    assert APIClient().get(REQUESTS).status_code in (401, 403)
