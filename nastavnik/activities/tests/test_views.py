"""Logging calls (with recordings), proposals and tasks from the cards."""

import io
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.tests.factories import ActivityFactory, ContactFactory, DealFactory, ProposalTemplateFactory


def tiny_wav(name: str = "call.wav") -> SimpleUploadedFile:
    """A tenth of a second of silence: a real WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\x00\x00" * 800)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="audio/wav")


@pytest.fixture
def deal(company_a, alice):
    return DealFactory(company=company_a, owner=alice, title="Продвижение")


def test_log_a_call_with_a_recording(client, alice, company_a, deal):
    contact = ContactFactory(company=company_a)
    client.force_login(alice)
    response = client.post(
        f"/companies/{company_a.pk}/activities/new/call/",
        {
            "direction": "outgoing",
            "occurred_at": "2026-11-20T14:30",
            "minutes": "5",
            "seconds": "30",
            "contact": contact.pk,
            "deal": deal.pk,
            "recording": tiny_wav(),
            "body": "Договорились о встрече",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/companies/{company_a.pk}/"
    call = Activity.objects.get(kind=ActivityKind.CALL)
    assert call.duration_seconds == 330
    assert call.deal == deal and call.contact == contact and call.author == alice
    assert call.recording.name.endswith(".wav")
    deal.refresh_from_db()
    assert deal.last_touch_at == call.occurred_at

    page = client.get(f"/companies/{company_a.pk}/").content.decode()
    assert f'<audio controls preload="none" src="{call.recording.url}"' in page
    assert "20.11.2026 14:30" in page  # typed in Moscow time, shown in Moscow time
    assert "5:30" in page


def test_duration_may_be_given_in_seconds_only(client, alice, company_a):
    client.force_login(alice)
    client.post(f"/companies/{company_a.pk}/activities/new/call/", {"direction": "incoming", "seconds": "400"})
    assert Activity.objects.get().duration_seconds == 400


def test_non_audio_recording_is_refused_in_russian_and_nothing_is_written(client, alice, company_a):
    client.force_login(alice)
    fake = SimpleUploadedFile("call.wav", b"%PDF-1.4 not audio at all", content_type="audio/wav")
    response = client.post(
        f"/companies/{company_a.pk}/activities/new/call/",
        {"direction": "outgoing", "minutes": "1", "recording": fake},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "не является аудиозаписью" in page
    assert "is-invalid" in page
    assert not Activity.objects.exists()


def test_wrong_file_type_is_refused(client, alice, company_a):
    client.force_login(alice)
    response = client.post(
        f"/companies/{company_a.pk}/activities/new/call/",
        {"direction": "outgoing", "minutes": "1", "recording": SimpleUploadedFile("notes.txt", b"hello")},
    )
    assert "Запись должна быть аудиофайлом" in response.content.decode()
    assert not Activity.objects.exists()


def test_call_without_duration_shows_the_error_at_the_minutes(client, alice, company_a):
    client.force_login(alice)
    response = client.post(f"/companies/{company_a.pk}/activities/new/call/", {"direction": "outgoing"})
    assert response.status_code == 200
    assert response.context["form"].errors["minutes"] == ["Обязательное поле."]


def test_log_a_proposal_and_mark_it_acknowledged(client, alice, company_a):
    template = ProposalTemplateFactory()
    client.force_login(alice)
    response = client.post(
        f"/companies/{company_a.pk}/activities/new/proposal/",
        {"proposal_template": template.pk, "occurred_at": "2026-11-20T10:00"},
    )
    assert response.status_code == 302
    proposal = Activity.objects.get(kind=ActivityKind.PROPOSAL)
    assert proposal.acknowledged is False

    response = client.post(f"/activities/{proposal.pk}/acknowledged/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Клиент ознакомился" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.acknowledged is True


def test_add_a_task_and_mark_it_done_without_javascript(client, alice, company_a):
    client.force_login(alice)
    response = client.post(
        f"/companies/{company_a.pk}/activities/new/task/",
        {"subject": "Отправить договор", "due_at": "2026-11-25T12:00"},
    )
    assert response.status_code == 302
    task = Activity.objects.get(kind=ActivityKind.TASK)
    response = client.post(f"/activities/{task.pk}/done/", {"next": f"/companies/{company_a.pk}/"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.is_done is True


def test_task_needs_a_subject_and_due_date(client, alice, company_a):
    client.force_login(alice)
    response = client.post(f"/companies/{company_a.pk}/activities/new/task/", {})
    errors = response.context["form"].errors
    assert "subject" in errors and "due_at" in errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize("kind", ["note", "email", "meeting"])
def test_other_kinds_can_be_logged(client, alice, company_a, kind):
    client.force_login(alice)
    response = client.post(f"/companies/{company_a.pk}/activities/new/{kind}/", {"subject": "Тема", "body": "Текст"})
    assert response.status_code == 302
    assert Activity.objects.get().kind == kind


def test_log_from_the_deal_card_returns_to_it(client, alice, company_a, deal):
    client.force_login(alice)
    url = f"/companies/{company_a.pk}/activities/new/note/?deal={deal.pk}&next=/deals/{deal.pk}/"
    assert client.get(url).context["form"].initial["deal"] == str(deal.pk)
    response = client.post(url, {"body": "Заметка по сделке", "deal": deal.pk, "next": f"/deals/{deal.pk}/"})
    assert response.url == f"/deals/{deal.pk}/"
    assert "Заметка по сделке" in client.get(f"/deals/{deal.pk}/").content.decode()


def test_htmx_form_is_a_fragment_and_success_redirects_the_page(client, alice, company_a):
    client.force_login(alice)
    form = client.get(f"/companies/{company_a.pk}/activities/new/call/", HTTP_HX_REQUEST="true")
    page = form.content.decode()
    assert "<html" not in page
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        f"/companies/{company_a.pk}/activities/new/note/", {"body": "Быстрая заметка"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/companies/{company_a.pk}/"


def test_company_card_timeline_page_as_htmx_fragment(client, alice, company_a):
    ActivityFactory(company=company_a, author=alice, body="Первый звонок")
    client.force_login(alice)
    page = client.get(f"/companies/{company_a.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert page.lstrip().startswith('<div id="timeline"')
    assert "Первый звонок" in page


def test_outsider_cannot_log_or_toggle(client, charlie, alice, company_a):
    task = ActivityFactory(company=company_a, author=alice, kind=ActivityKind.TASK, subject="Позвонить")
    client.force_login(charlie)
    assert client.get(f"/companies/{company_a.pk}/activities/new/call/").status_code == 404
    assert client.post(f"/companies/{company_a.pk}/activities/new/note/", {"body": "x"}).status_code == 404
    assert client.post(f"/activities/{task.pk}/done/").status_code == 404
    task.refresh_from_db()
    assert task.is_done is False


def test_account_manager_cannot_log_on_a_mentored_office(client, account_manager, company_a):
    client.force_login(account_manager)
    assert client.get(f"/companies/{company_a.pk}/activities/new/call/").status_code == 403


def test_unknown_kind_is_not_found(client, alice, company_a):
    client.force_login(alice)
    assert client.get(f"/companies/{company_a.pk}/activities/new/fax/").status_code == 404
