"""The timeline API: tenancy, the agent's view, calls with recordings uploaded as multipart."""

import io
import wave

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.tests.factories import ActivityFactory, CompanyFactory, DealFactory, ProposalTemplateFactory


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def wav_file(name: str = "call.wav", seconds: float = 0.2) -> io.BytesIO:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    buffer.seek(0)
    buffer.name = name
    return buffer


def text_file(name: str, content: bytes) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def call_data(company, **fields) -> dict:
    return {"company": company.pk, "kind": "call", "direction": "outgoing", "duration_seconds": 320, **fields}


@pytest.fixture
def timeline(company_a, alice, bob, charlie, office_b):
    """A note without a deal, a call on alice's deal, a call on bob's deal; charlie's call in office B."""
    alice_deal = DealFactory(company=company_a, owner=alice)
    bob_deal = DealFactory(company=company_a, owner=alice, agent=bob)
    company_b = CompanyFactory(office=office_b)
    return {
        "note": ActivityFactory(company=company_a, author=alice, kind=ActivityKind.NOTE, body="Перезвонить"),
        "alice": ActivityFactory(company=company_a, deal=alice_deal, author=alice),
        "bob": ActivityFactory(company=company_a, deal=bob_deal, author=bob),
        "charlie": ActivityFactory(company=company_b, author=charlie),
    }


def test_outsider_sees_no_activity_of_another_office(timeline, charlie):
    client = api_as(charlie)
    assert ids(client.get("/api/v1/activities/")) == {timeline["charlie"].pk}
    for name in ("note", "alice", "bob"):
        assert client.get(f"/api/v1/activities/{timeline[name].pk}/").status_code == 404
        assert client.get(f"/api/v1/activities/{timeline[name].pk}/recording/").status_code == 404


def test_agent_sees_entries_without_a_deal_or_on_their_deals(timeline, bob):
    client = api_as(bob)
    assert ids(client.get("/api/v1/activities/")) == {timeline["note"].pk, timeline["bob"].pk}
    assert client.get(f"/api/v1/activities/{timeline['alice'].pk}/").status_code == 404


def test_manager_sees_the_whole_office_timeline_and_filters_it(timeline, alice):
    client = api_as(alice)
    assert ids(client.get("/api/v1/activities/")) == {timeline[name].pk for name in ("note", "alice", "bob")}
    assert ids(client.get("/api/v1/activities/", {"kind": "note"})) == {timeline["note"].pk}
    assert ids(client.get("/api/v1/activities/", {"deal": timeline["bob"].deal_id})) == {timeline["bob"].pk}


def test_manager_logs_a_call_with_a_recording_that_plays_back(company_a, alice, charlie):
    client = api_as(alice)
    response = client.post("/api/v1/activities/", call_data(company_a, recording=wav_file()), format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"] == alice.pk and "recording" not in body
    assert body["recording_url"] == f"http://testserver/api/v1/activities/{body['id']}/recording/"
    call = Activity.objects.get(pk=body["id"])
    assert call.recording.name.startswith(f"recordings/{company_a.office_id}/")

    played = client.get(body["recording_url"], HTTP_ACCEPT="audio/*")
    assert played.status_code == 200
    assert played["Content-Type"].startswith("audio/")
    assert b"".join(played.streaming_content).startswith(b"RIFF")
    assert api_as(charlie).get(body["recording_url"]).status_code == 404


def test_an_entry_without_a_recording_has_nothing_to_play(timeline, alice):
    client = api_as(alice)
    assert client.get(f"/api/v1/activities/{timeline['alice'].pk}/").json()["recording_url"] is None
    missing = client.get(f"/api/v1/activities/{timeline['alice'].pk}/recording/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Страница не найдена."}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: text_file("notes.txt", b"hello"), "Запись должна быть аудиофайлом"),
        (lambda: text_file("fake.mp3", b"<html>not audio</html>"), "Файл «fake.mp3» не является аудиозаписью."),
    ],
)
def test_a_non_audio_recording_is_refused_in_russian(company_a, alice, upload, message):
    response = api_as(alice).post("/api/v1/activities/", call_data(company_a, recording=upload()), format="multipart")
    assert response.status_code == 400
    assert message in response.json()["recording"][0]
    assert not Activity.objects.exists()


@override_settings(RECORDING_MAX_BYTES=1000)
def test_an_oversized_recording_is_refused_in_russian(company_a, alice):
    response = api_as(alice).post(
        "/api/v1/activities/", call_data(company_a, recording=wav_file(seconds=1)), format="multipart"
    )
    assert response.status_code == 400
    assert "Запись слишком большая" in response.json()["recording"][0]
    assert not Activity.objects.exists()


def test_a_call_needs_direction_and_duration(company_a, alice):
    response = api_as(alice).post("/api/v1/activities/", {"company": company_a.pk, "kind": "call"}, format="json")
    assert response.status_code == 400
    assert response.json()["direction"] == ["Обязательное поле."]
    assert not Activity.objects.exists()


def test_account_manager_cannot_log_activities(company_a, account_manager):
    response = api_as(account_manager).post(
        "/api/v1/activities/", {"company": company_a.pk, "kind": "note", "body": "Привет"}, format="json"
    )
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_an_activity_cannot_point_at_another_offices_records(timeline, alice, company_a):
    response = api_as(alice).post(
        "/api/v1/activities/",
        {
            "company": company_a.pk,
            "kind": "note",
            "body": "x",
            "deal": DealFactory(company=timeline["charlie"].company).pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "объект не существует" in response.json()["deal"][0]


def test_proposal_and_task_life_cycle(company_a, alice):
    template = ProposalTemplateFactory()
    client = api_as(alice)
    proposal = client.post(
        "/api/v1/activities/",
        {"company": company_a.pk, "kind": "proposal", "proposal_template": template.pk},
        format="json",
    )
    assert proposal.status_code == 201, proposal.content
    assert proposal.json()["subject"] == "Коммерческое предложение"
    acknowledged = client.patch(f"/api/v1/activities/{proposal.json()['id']}/", {"acknowledged": True}, format="json")
    assert acknowledged.json()["acknowledged"] is True

    task = client.post(
        "/api/v1/activities/",
        {"company": company_a.pk, "kind": "task", "subject": "Выслать договор", "due_at": "2026-11-23T10:00:00+03:00"},
        format="json",
    )
    assert task.status_code == 201, task.content
    done = client.patch(f"/api/v1/activities/{task.json()['id']}/", {"is_done": True}, format="json")
    assert done.status_code == 200
    assert Activity.objects.get(pk=task.json()["id"]).is_done is True


def test_outsider_cannot_change_an_activity(timeline, charlie):
    note = timeline["note"]
    response = api_as(charlie).patch(f"/api/v1/activities/{note.pk}/", {"body": "Чужое"}, format="json")
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.body == "Перезвонить"


def test_activities_cannot_be_deleted(timeline, alice):
    assert api_as(alice).delete(f"/api/v1/activities/{timeline['note'].pk}/").status_code == 405
