"""The PBX API: who takes a call, and the idempotent log of finished calls with their recordings."""

import io
import wave
from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.models import Activity
from nastavnik.clients.models import Company
from nastavnik.intake.choices import CallCardStatus, TelephonyOutcome
from nastavnik.intake.models import DutyShift, IncomingCallCard, TelephonyCall
from nastavnik.intake.tests.telephony_personas import CLIENT_PHONE, absent, admin_user, client_with_phone, hq_manager
from nastavnik.notifications.models import Notification
from nastavnik.offices.services import api_token_create

ROUTE = "/api/v1/telephony/route"
CALLS = "/api/v1/telephony/calls"


def pbx_client(user) -> APIClient:
    _token, key = api_token_create(user=user, name="АТС")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def wav_file(name: str = "call.wav") -> io.BytesIO:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 1600)
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def duty(db, today):
    manager = hq_manager("duty@hq.ru", "Дежурный")
    DutyShift.objects.create(date=today, manager=manager)
    return manager


@pytest.fixture
def owner(db):
    return hq_manager("owner@hq.ru", "Владелец")


@pytest.fixture
def pbx(db):
    return pbx_client(admin_user())


def call_payload(call_id: str = "pbx-1", caller: str = CLIENT_PHONE, **extra) -> dict:
    return {"call_id": call_id, "caller": caller, "started_at": timezone.now().isoformat(), "duration": 185, **extra}


def test_route_to_the_open_deal_owner(pbx, duty, owner):
    company = client_with_phone(owner=owner)
    response = pbx.get(ROUTE, {"caller": "+7 (495) 123-45-67"})
    assert response.status_code == 200
    assert response.json() == {
        "user_id": owner.pk,
        "name": owner.full_name,
        "email": owner.email,
        "reason": "open_deal_owner",
        "company_id": company.pk,
    }


def test_route_to_the_duty_manager_when_the_owner_is_away(pbx, duty, owner, today):
    client_with_phone(owner=owner)
    absent(owner, today)
    body = pbx.get(ROUTE, {"caller": CLIENT_PHONE}).json()
    assert (body["user_id"], body["reason"]) == (duty.pk, "duty_manager")


def test_route_nobody_without_a_duty_manager(pbx):
    body = pbx.get(ROUTE, {"caller": CLIENT_PHONE}).json()
    assert body == {"user_id": None, "name": "", "email": "", "reason": "none", "company_id": None}


def test_letters_as_phone_are_a_400(pbx):
    response = pbx.get(ROUTE, {"caller": "abc-def"})
    assert response.status_code == 400
    assert "Неверный номер телефона" in response.json()["caller"][0]
    response = pbx.post(CALLS, call_payload(caller="звонок"), format="json")
    assert response.status_code == 400
    assert "Неверный номер телефона" in response.json()["caller"][0]
    assert not TelephonyCall.objects.exists()


def test_no_token_is_a_401(db):
    assert APIClient().get(ROUTE, {"caller": CLIENT_PHONE}).status_code == 401
    assert APIClient().post(CALLS, call_payload(), format="json").status_code == 401


def test_an_ordinary_user_token_is_refused(alice):
    response = pbx_client(alice).get(ROUTE, {"caller": CLIENT_PHONE})
    assert response.status_code == 403


def test_a_call_from_a_client_is_logged_once(pbx, duty, owner):
    company = client_with_phone(owner=owner)
    payload = call_payload(recording_url="https://pbx.example.ru/rec/1.mp3")
    first = pbx.post(CALLS, payload, format="json")
    assert first.status_code == 201
    body = first.json()
    assert (body["outcome"], body["routed_to"], body["company_id"]) == ("attached", owner.pk, company.pk)
    activity = Activity.objects.get(pk=body["activity_id"])
    assert (activity.kind, activity.direction, activity.duration_seconds, activity.author) == (
        ActivityKind.CALL,
        CallDirection.INCOMING,
        185,
        owner,
    )
    assert activity.deal is not None
    second = pbx.post(CALLS, payload, format="json")
    assert second.status_code == 200
    assert second.json()["id"] == body["id"]
    assert TelephonyCall.objects.count() == 1
    assert Activity.objects.filter(kind=ActivityKind.CALL).count() == 1
    assert TelephonyCall.objects.get().recording_url == "https://pbx.example.ru/rec/1.mp3"


def test_an_unknown_caller_becomes_a_card_for_the_duty_manager(pbx, duty):
    response = pbx.post(CALLS, call_payload(caller="8 (916) 555-44-33"), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["outcome"], body["routed_to"], body["company_id"], body["activity_id"]) == (
        TelephonyOutcome.UNKNOWN_CALLER,
        duty.pk,
        None,
        None,
    )
    card = IncomingCallCard.objects.get(manager=duty)
    assert (card.phone, card.status, body["card_id"]) == ("+79165554433", CallCardStatus.OPEN, card.pk)
    notification = Notification.objects.get(user=duty)
    assert "+7 (916) 555-44-33" in notification.text
    assert notification.url == f"/intake/calls/{card.pk}/"
    assert not Company.objects.exists()


def test_the_duty_manager_enters_the_unknown_caller_and_the_call_joins_them(pbx, duty, client):
    pbx.post(CALLS, call_payload(caller="+79165554433", duration=240), format="json")
    card = IncomingCallCard.objects.get(manager=duty)
    client.force_login(duty)
    for name, value in {"organisation": "ООО Незабудка", "recipient_name": "Орлова Анна"}.items():
        client.post(f"/intake/calls/{card.pk}/save/", {name: value}, HTTP_HX_REQUEST="true")
    client.post(f"/intake/calls/{card.pk}/finish/")
    company = Company.objects.get(name="ООО Незабудка")
    call = TelephonyCall.objects.get()
    assert call.company == company
    assert call.activity.duration_seconds == 240


def test_a_call_to_an_absent_manager_goes_to_duty_and_they_are_told(pbx, duty, owner, today):
    company = client_with_phone(responsible=owner)
    absent(owner, today)
    response = pbx.post(CALLS, call_payload(called=owner.email), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["routed_to"], body["called_user"], body["company_id"]) == (duty.pk, owner.pk, company.pk)
    assert Activity.objects.get(pk=body["activity_id"]).author == duty
    notification = Notification.objects.get(user=owner)
    assert "+7 (495) 123-45-67" in notification.text
    assert duty.short_name in notification.text


def test_a_call_to_a_present_manager_stays_with_them(pbx, duty, owner):
    client_with_phone()
    body = pbx.post(CALLS, call_payload(called=str(owner.pk)), format="json").json()
    assert body["routed_to"] == owner.pk
    assert not Notification.objects.filter(user=owner).exists()


def test_unknown_addressee_is_a_400(pbx, duty):
    response = pbx.post(CALLS, call_payload(called="nobody@hq.ru"), format="json")
    assert response.status_code == 400
    assert "не найден" in response.json()["called"][0]
    assert not TelephonyCall.objects.exists()


def test_recording_file_is_attached_to_the_call(pbx, duty, owner):
    company = client_with_phone(owner=owner)
    response = pbx.post(CALLS, {**call_payload(), "recording": wav_file()}, format="multipart")
    assert response.status_code == 201
    activity = Activity.objects.get(company=company)
    assert activity.recording.name.endswith(".wav")


def test_a_file_that_is_not_audio_is_refused(pbx, duty):
    fake = io.BytesIO(b"MZ this is not audio at all")
    fake.name = "call.mp3"
    response = pbx.post(CALLS, {**call_payload(), "recording": fake}, format="multipart")
    assert response.status_code == 400
    assert "recording" in response.json()
    assert not TelephonyCall.objects.exists()


def test_missing_fields_are_reported(pbx):
    response = pbx.post(CALLS, {"caller": CLIENT_PHONE}, format="json")
    assert response.status_code == 400
    assert {"call_id", "started_at", "duration"} <= set(response.json())


def test_unknown_caller_without_duty_tells_the_head(pbx, head):
    body = pbx.post(CALLS, call_payload(caller="+79165554433"), format="json").json()
    assert (body["outcome"], body["routed_to"]) == ("unknown_caller", None)
    assert Notification.objects.filter(user=head, text__contains="нет дежурного").exists()


def test_a_simultaneous_repeat_is_answered_with_the_saved_call(duty):
    """Two requests with one call id at once: the loser of the race hits the unique id and returns the winner's."""
    from unittest import mock

    from nastavnik.intake import services

    pbx_user = admin_user()
    saved = TelephonyCall.objects.create(
        pbx_call_id="race", caller=CLIENT_PHONE, started_at=timezone.now(), outcome=TelephonyOutcome.ATTACHED
    )
    with mock.patch.object(TelephonyCall.objects, "filter", return_value=TelephonyCall.objects.none()):
        call, created = services.telephony_call_log(
            user=pbx_user, call_id="race", caller=CLIENT_PHONE, started_at=timezone.now(), duration=10
        )
    assert (call, created) == (saved, False)
    assert TelephonyCall.objects.count() == 1
    assert not IncomingCallCard.objects.exists()
    assert not Notification.objects.exists()
