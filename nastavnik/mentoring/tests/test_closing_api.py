"""The closing assist API: conditions in the payload, the workflow's actions, tenancy and field errors."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from nastavnik.mentoring.choices import ClosingAssistStatus
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.tests.test_closing_services import log_calls, log_proposal, ready_request
from nastavnik.tests.factories import CompanyFactory, PaymentFactory, TariffFactory

URL = "/api/v1/mentoring/closing-assists/"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def people(alice, owner_a, account_manager):
    return {"alice": alice, "owner": owner_a, "mentor": account_manager}


def test_office_creates_a_draft_and_sees_its_conditions(people, company_a):
    log_calls(company_a, people["alice"])
    log_proposal(company_a, people["alice"])
    tariff = TariffFactory(name="Бизнес")
    response = api_as(people["alice"]).post(
        URL,
        {
            "company": company_a.pk,
            "tariffs_presented": [tariff.pk],
            "considered_tariff": tariff.pk,
            "site_traffic": 3000,
            "history": "Два месяца переговоров.",
            "why_not_paying": "Нет бюджета до квартала.",
            "joint_call_channel": "telegram",
            "joint_call_at": (timezone.now() + timedelta(days=1)).isoformat(),
            "owner_attends": True,
            "staff_member_attends": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["author"] == people["alice"].pk
    assert body["staff_member"] == people["alice"].pk
    assert {item["key"]: item["met"] for item in body["conditions"]} == {
        "calls": True,
        "proposal": True,
        "tariffs": True,
        "summary": True,
        "recordings": True,
        "joint_call": True,
    }
    assert body["first_touch_at"] is not None


def test_submit_with_a_missing_condition_answers_400_with_the_reason(people, company_a):
    closing = ready_request(company_a, people["alice"], history="")
    response = api_as(people["alice"]).post(f"{URL}{closing.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {"summary": ["Не описана история переговоров."]}
    closing.refresh_from_db()
    assert closing.status == ClosingAssistStatus.DRAFT


def test_the_whole_workflow_through_the_api(people, company_a):
    office, mentor = api_as(people["alice"]), api_as(people["mentor"])
    closing = ready_request(company_a, people["alice"])
    assert office.post(f"{URL}{closing.pk}/submit/").json()["status"] == "submitted"
    assert office.post(f"{URL}{closing.pk}/accept/").status_code == 403
    returned = mentor.post(f"{URL}{closing.pk}/return/", {"reason": "Нет записи последнего звонка"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "Нет записи последнего звонка"
    patched = office.patch(f"{URL}{closing.pk}/", {"history": "Дополнено"}, format="json")
    assert patched.status_code == 200, patched.content
    assert office.post(f"{URL}{closing.pk}/submit/").json()["status"] == "submitted"
    assert mentor.post(f"{URL}{closing.pk}/accept/").json()["status"] == "accepted"
    assert mentor.post(f"{URL}{closing.pk}/joint-call-held/").json()["status"] == "joint_call_held"
    payment = PaymentFactory(company=company_a)
    won = mentor.post(f"{URL}{closing.pk}/won/", {"payment": payment.pk})
    assert won.status_code == 200, won.content
    assert won.json()["status"] == "won" and won.json()["payment"] == payment.pk


def test_lost_and_return_need_a_reason(people, company_a):
    mentor = api_as(people["mentor"])
    closing = ready_request(company_a, people["alice"])
    api_as(people["alice"]).post(f"{URL}{closing.pk}/submit/")
    assert mentor.post(f"{URL}{closing.pk}/return/", {}).status_code == 400
    mentor.post(f"{URL}{closing.pk}/accept/")
    response = mentor.post(f"{URL}{closing.pk}/lost/", {"reason": " "})
    assert response.status_code == 400
    assert "reason" in response.json()
    assert mentor.post(f"{URL}{closing.pk}/lost/", {"reason": "Ушёл к конкуренту"}).json()["status"] == "lost"


def test_an_unknown_or_foreign_company_is_a_field_error(people, company_a, office_b):
    foreign = CompanyFactory(office=office_b)
    response = api_as(people["alice"]).post(URL, {"company": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "company" in response.json()
    assert api_as(people["mentor"]).post(URL, {"company": company_a.pk}, format="json").status_code == 400
    assert not ClosingAssistRequest.objects.exists()


def test_bad_channel_is_a_field_error(people, company_a):
    response = api_as(people["alice"]).post(
        URL, {"company": company_a.pk, "joint_call_channel": "pigeon"}, format="json"
    )
    assert response.status_code == 400
    assert "joint_call_channel" in response.json()


def test_outsider_sees_nothing_in_list_or_detail(people, company_a, charlie):
    closing = ready_request(company_a, people["alice"])
    api_as(people["alice"]).post(f"{URL}{closing.pk}/submit/")
    outsider = api_as(charlie)
    assert outsider.get(URL).json()["results"] == []
    assert outsider.get(f"{URL}{closing.pk}/").status_code == 404
    assert outsider.post(f"{URL}{closing.pk}/accept/").status_code == 404


def test_account_manager_queue_lists_submitted_not_drafts(people, company_a):
    draft = ready_request(CompanyFactory(office=company_a.office, name="Лютик"), people["alice"])
    sent = ready_request(company_a, people["alice"])
    api_as(people["alice"]).post(f"{URL}{sent.pk}/submit/")
    rows = api_as(people["mentor"]).get(URL, {"status": "submitted"}).json()["results"]
    assert [row["id"] for row in rows] == [sent.pk]
    assert api_as(people["mentor"]).get(f"{URL}{draft.pk}/").status_code == 404


def test_anonymous_is_refused():
    assert APIClient().get(URL).status_code in (401, 403)
