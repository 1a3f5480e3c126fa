"""Status update requests: the account manager asks, the office answers per client, requests repeat and go overdue."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nastavnik.clients.choices import CompanyStatus
from nastavnik.mentoring.choices import Recurrence, StatusRequestScope
from nastavnik.mentoring.models import StatusAnswer, StatusRequest
from nastavnik.mentoring.services.status_requests import (
    next_run_after,
    status_answer_submit,
    status_request_create,
    status_request_stop_repeating,
    status_requests_notify_overdue,
    status_requests_repeat_due,
)
from nastavnik.notifications.models import Notification
from nastavnik.tests.factories import ActivityFactory, CompanyFactory


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """E-mails go out on commit; the test's transaction never commits, so send them at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def clients_a(office_a, company_a):
    """Office A: two active clients (Ромашка, Василёк), one paused, one archived, one waiting in the pool."""
    return {
        "active": company_a,
        "active2": CompanyFactory(office=office_a, name="Василёк"),
        "paused": CompanyFactory(office=office_a, name="Лютик", status=CompanyStatus.PAUSED),
        "archived": CompanyFactory(office=office_a, name="Мак", status=CompanyStatus.ARCHIVED),
        "pooled": CompanyFactory(office=office_a, name="Пул", pooled_at=timezone.now()),
    }


def recorded_call(company, **kwargs):
    call = ActivityFactory(company=company, **kwargs)
    call.recording.save("call.mp3", ContentFile(b"ID3 audio"), save=True)
    return call


def ask(account_manager, office, scope=StatusRequestScope.ACTIVE, **kwargs):
    return status_request_create(user=account_manager, office=office, scope=scope, **kwargs)


def test_request_creates_one_answer_per_client_in_scope_and_tells_the_office(
    account_manager, owner_a, alice, bob, office_a, clients_a
):
    mail.outbox.clear()
    request = ask(account_manager, office_a, note="Нужна ситуация на конец месяца")
    names = set(request.answers.values_list("company__name", flat=True))
    assert names == {"Ромашка", "Василёк"}
    inactive = ask(account_manager, office_a, scope=StatusRequestScope.INACTIVE)
    assert set(inactive.answers.values_list("company__name", flat=True)) == {"Лютик", "Мак"}
    everyone = ask(account_manager, office_a, scope=StatusRequestScope.ALL)
    assert everyone.answers.count() == 4
    recipients = {message.to[0] for message in mail.outbox}
    assert recipients == {owner_a.email, alice.email}  # the agent is not asked
    assert Notification.objects.filter(user=owner_a).count() == 3


def test_only_the_account_manager_of_the_office_may_ask(account_manager, alice, owner_a, charlie, office_a, clients_a):
    for person in (alice, owner_a, charlie):
        with pytest.raises(PermissionDenied):
            ask(person, office_a)
    assert not StatusRequest.objects.exists()


def test_head_may_ask_for_the_account_manager(head, office_a, clients_a):
    assert ask(head, office_a).answers.count() == 2


def test_bad_request_input_is_refused_with_russian_messages(account_manager, office_a, office_b):
    with pytest.raises(ValidationError) as error:
        ask(account_manager, office_a)  # office A has no clients yet
    assert "нет клиентов" in error.value.message_dict["scope"][0]
    CompanyFactory(office=office_a)
    with pytest.raises(ValidationError) as error:
        ask(account_manager, office_a, due_on=timezone.localdate() - timedelta(days=1), recurrence="daily")
    assert set(error.value.message_dict) == {"due_on", "recurrence"}
    assert not StatusRequest.objects.exists()


def test_answer_stores_normalised_mobile_and_completes_the_request(account_manager, alice, office_a, clients_a):
    request = ask(account_manager, office_a)
    call = recorded_call(clients_a["active"])
    first, second = request.answers.order_by("company__name")
    mail.outbox.clear()
    status_answer_submit(
        user=alice,
        answer=first,
        comment="Ждут счёт на следующий месяц",
        mobile_phone="8 912 345-67-89",
        email="Director@Vasilek.ru",
    )
    first.refresh_from_db()
    assert first.mobile_phone == "+79123456789"
    assert first.email == "director@vasilek.ru"
    assert first.answered_by == alice and first.answered_at
    request.refresh_from_db()
    assert request.completed_at is None
    assert [message.to for message in mail.outbox] == [[account_manager.email]]

    status_answer_submit(
        user=alice, answer=second, comment="Оплатили", mobile_phone="+7 912 000-11-22", recordings=[call]
    )
    request.refresh_from_db()
    assert request.completed_at is not None
    assert list(second.recordings.all()) == [call]
    assert any("по всем клиентам" in message.subject for message in mail.outbox)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"comment": " "}, "comment", "Опишите"),
        ({"mobile_phone": "", "email": ""}, "mobile_phone", "мобильный телефон или e-mail"),
        ({"mobile_phone": "позвонить завтра"}, "mobile_phone", "Не похоже на номер"),
        ({"mobile_phone": "+7 495 123-45-67"}, "mobile_phone", "не мобильный"),
        ({"email": "ivanov@"}, "email", "e-mail"),
    ],
)
def test_bad_answer_changes_nothing(account_manager, alice, office_a, clients_a, fields, field, message):
    answer = ask(account_manager, office_a).answers.first()
    data = {"comment": "Работаем", "mobile_phone": "+79123456789", "email": "", **fields}
    with pytest.raises(ValidationError) as error:
        status_answer_submit(user=alice, answer=answer, **data)
    assert message in error.value.message_dict[field][0]
    answer.refresh_from_db()
    assert answer.answered_at is None and answer.comment == ""


def test_recordings_must_be_calls_of_that_client(account_manager, alice, office_a, clients_a):
    answer = ask(account_manager, office_a).answers.get(company=clients_a["active"])
    other_clients_call = recorded_call(clients_a["active2"])
    call_without_recording = ActivityFactory(company=clients_a["active"])
    for recording in (other_clients_call, call_without_recording):
        with pytest.raises(ValidationError) as error:
            status_answer_submit(
                user=alice, answer=answer, comment="Есть", mobile_phone="+79123456789", recordings=[recording]
            )
        assert "recordings" in error.value.message_dict


def test_only_the_office_answers(account_manager, charlie, office_a, clients_a):
    answer = ask(account_manager, office_a).answers.first()
    for person in (account_manager, charlie):
        with pytest.raises(PermissionDenied):
            status_answer_submit(user=person, answer=answer, comment="x", mobile_phone="+79123456789")


def test_completed_request_takes_no_more_answers(account_manager, alice, office_a, company_a):
    request = ask(account_manager, office_a)
    answer = request.answers.get()
    status_answer_submit(user=alice, answer=answer, comment="Всё хорошо", email="a@romashka.ru")
    with pytest.raises(ValidationError):
        status_answer_submit(user=alice, answer=answer, comment="Передумали", email="a@romashka.ru")


def test_monthly_request_repeats_when_its_day_comes(account_manager, office_a, clients_a):
    today = timezone.localdate()
    first = ask(account_manager, office_a, recurrence=Recurrence.MONTHLY, due_on=today + timedelta(days=5))
    assert first.next_run_on == next_run_after(today, Recurrence.MONTHLY)
    assert status_requests_repeat_due(today=today) == 0
    CompanyFactory(office=office_a, name="Новый клиент")
    assert status_requests_repeat_due(today=first.next_run_on) == 1
    second = StatusRequest.objects.exclude(pk=first.pk).get()
    assert second.repeated_from == first
    assert second.recurrence == Recurrence.MONTHLY
    assert second.answers.count() == 3  # the client added since is in the new request
    assert second.due_on == first.next_run_on + timedelta(days=5)
    assert second.next_run_on == next_run_after(first.next_run_on, Recurrence.MONTHLY)
    first.refresh_from_db()
    assert first.next_run_on is None
    assert status_requests_repeat_due(today=second.next_run_on - timedelta(days=1)) == 0


def test_month_end_repeats_on_the_last_day_of_a_shorter_month():
    from datetime import date

    assert next_run_after(date(2026, 1, 31), Recurrence.MONTHLY) == date(2026, 2, 28)
    assert next_run_after(date(2026, 12, 15), Recurrence.MONTHLY) == date(2027, 1, 15)
    assert next_run_after(date(2026, 3, 2), Recurrence.WEEKLY) == date(2026, 3, 9)


def test_stop_repeating(account_manager, alice, office_a, clients_a):
    request = ask(account_manager, office_a, recurrence=Recurrence.WEEKLY)
    with pytest.raises(PermissionDenied):
        status_request_stop_repeating(user=alice, request=request)
    status_request_stop_repeating(user=account_manager, request=request)
    request.refresh_from_db()
    assert request.recurrence == "" and request.next_run_on is None
    assert status_requests_repeat_due(today=timezone.localdate() + timedelta(days=30)) == 0


def test_overdue_request_notifies_both_sides_once(account_manager, owner_a, alice, office_a, clients_a):
    request = ask(account_manager, office_a, due_on=timezone.localdate())
    mail.outbox.clear()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert status_requests_notify_overdue(today=tomorrow) == 1
    assert {message.to[0] for message in mail.outbox} == {account_manager.email, owner_a.email, alice.email}
    assert "нет ответа по 2 клиентам" in mail.outbox[0].body
    assert status_requests_notify_overdue(today=tomorrow) == 0
    request.refresh_from_db()
    assert request.overdue_notified_at is not None


def test_answers_are_unique_per_request_and_company(account_manager, office_a, company_a):
    request = ask(account_manager, office_a)
    assert StatusAnswer.objects.filter(request=request, company=company_a).count() == 1
