import io
import wave
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.models import Activity
from nastavnik.activities.services import activity_create, activity_update, proposal_set_acknowledged
from nastavnik.tests.factories import DealFactory, ProposalTemplateFactory


def wav_bytes(seconds: float = 0.2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


def log_call(user, company, **fields):
    fields.setdefault("direction", CallDirection.OUTGOING)
    fields.setdefault("duration_seconds", 320)
    return activity_create(user=user, company=company, kind=ActivityKind.CALL, **fields)


def test_call_with_a_recording_is_stored(alice, company_a):
    call = log_call(alice, company_a, recording=SimpleUploadedFile("call.wav", wav_bytes(), "audio/wav"))
    assert call.recording.name.startswith(f"recordings/{company_a.office_id}/")
    assert call.duration_display == "5:20"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Запись должна быть аудиофайлом"),
        ("fake.mp3", b"<html>not audio</html>", "не является аудиозаписью"),
    ],
)
def test_a_non_audio_recording_is_refused(alice, company_a, name, content, message):
    with pytest.raises(ValidationError) as error:
        log_call(alice, company_a, recording=SimpleUploadedFile(name, content))
    assert message in error.value.message_dict["recording"][0]
    assert not Activity.objects.exists()


@override_settings(RECORDING_MAX_BYTES=1000)
def test_an_oversized_recording_is_refused(alice, company_a):
    with pytest.raises(ValidationError) as error:
        log_call(alice, company_a, recording=SimpleUploadedFile("long.wav", wav_bytes(1)))
    assert "слишком большая" in error.value.message_dict["recording"][0]
    assert not Activity.objects.exists()


def test_a_call_needs_direction_and_duration(alice, company_a):
    with pytest.raises(ValidationError) as error:
        activity_create(user=alice, company=company_a, kind=ActivityKind.CALL)
    assert set(error.value.message_dict) >= {"direction", "duration_seconds"}


def test_touch_dates_follow_the_timeline(alice, company_a):
    deal = DealFactory(company=company_a, owner=alice)
    now = timezone.now()
    first = log_call(alice, company_a, deal=deal, occurred_at=now - timedelta(days=10))
    log_call(alice, company_a, deal=deal, occurred_at=now - timedelta(days=2))
    activity_create(user=alice, company=company_a, kind=ActivityKind.NOTE, deal=deal, body="не касание")
    deal.refresh_from_db()
    assert deal.first_touch_at == now - timedelta(days=10)
    assert deal.last_touch_at == now - timedelta(days=2)
    activity_update(user=alice, activity=first, deal=None)
    deal.refresh_from_db()
    assert deal.first_touch_at == now - timedelta(days=2)


def test_proposal_on_a_template_and_acknowledged(alice, company_a):
    template = ProposalTemplateFactory()
    proposal = activity_create(user=alice, company=company_a, kind=ActivityKind.PROPOSAL, proposal_template=template)
    assert not proposal.acknowledged
    proposal_set_acknowledged(user=alice, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.acknowledged


def test_account_manager_cannot_log_activities(account_manager, company_a):
    with pytest.raises(PermissionDenied):
        activity_create(user=account_manager, company=company_a, kind=ActivityKind.NOTE, body="Привет")


def test_agent_cannot_log_on_someone_elses_deal(bob, alice, company_a):
    deal = DealFactory(company=company_a, owner=alice)
    with pytest.raises(PermissionDenied):
        log_call(bob, company_a, deal=deal)
