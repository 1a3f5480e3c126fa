"""Notifications: sent to one person (optionally by e-mail), listed newest first, marked read; nobody sees others'."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from nastavnik.notifications.models import Notification
from nastavnik.notifications.services import notification_mark_read, notify


def test_notify_creates_an_unread_notification(alice):
    notification = notify(user=alice, text="Вам переведён звонок", url="/intake/calls/1/")
    assert (notification.user, notification.text, notification.url, notification.read_at) == (
        alice,
        "Вам переведён звонок",
        "/intake/calls/1/",
        None,
    )
    assert len(mail.outbox) == 0


def test_notify_by_email_after_commit(alice, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "http://crm.example.ru"
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=alice, text="Новая заявка с сайта", url="/intake/web/", email=True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]
    assert "Новая заявка с сайта" in mail.outbox[0].subject
    assert "http://crm.example.ru/intake/web/" in mail.outbox[0].body


def test_list_shows_own_notifications_and_badge(client, alice, charlie):
    notify(user=alice, text="Звонок от Ромашки")
    notify(user=charlie, text="Чужое уведомление")
    client.force_login(alice)
    page = client.get("/notifications/").content.decode()
    assert "Звонок от Ромашки" in page
    assert "Чужое уведомление" not in page
    badge = client.get("/notifications/badge/").content.decode()
    assert 'data-testid="unread-badge">1<' in badge


def test_navbar_loads_the_badge(client, alice):
    client.force_login(alice)
    page = client.get("/notifications/").content.decode()
    assert 'hx-get="/notifications/badge/"' in page
    assert 'data-testid="nav-intake"' in page


def test_mark_read_and_open(client, alice):
    notification = notify(user=alice, text="Перезвонить", url="/intake/calls/")
    client.force_login(alice)
    response = client.post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/intake/calls/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-testid="unread-badge"' not in client.get("/notifications/badge/").content.decode()


def test_mark_all_read(client, alice):
    notify(user=alice, text="Раз")
    notify(user=alice, text="Два")
    client.force_login(alice)
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()


def test_outsider_cannot_read_someone_elses(client, alice, charlie):
    notification = notify(user=alice, text="Личное")
    client.force_login(charlie)
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    with pytest.raises(PermissionDenied):
        notification_mark_read(user=charlie, notification=notification)


def test_external_url_is_not_followed(client, alice):
    notification = notify(user=alice, text="Ссылка", url="https://evil.example.com/")
    client.force_login(alice)
    response = client.post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert response["Location"] == "/notifications/"
