"""Questions to the account manager: asking with a due time in working hours, routing, answering, breach alerts."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nastavnik.lib.workcalendar import CalendarUnknownError, working_deadline
from nastavnik.mentoring.choices import QuestionStatus, QuestionTopic
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.selectors.questions import (
    format_minutes,
    questions_dashboard,
    questions_for,
    specialists_for,
    time_left_label,
    working_minutes_left,
)
from nastavnik.mentoring.services.questions import (
    question_answer,
    question_ask,
    question_route,
    questions_notify_breaches,
)
from nastavnik.notifications.models import Notification
from nastavnik.offices.choices import Role, SpecialistArea
from nastavnik.offices.models import Office
from nastavnik.tests.factories import OfficeFactory, UserFactory

MSK = ZoneInfo("Europe/Moscow")


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK)


def specialist(area: str, email: str):
    return UserFactory(email=email, office=Office.objects.get(code="hq"), role=Role.SPECIALIST, specialist_area=area)


@pytest.fixture
def lawyer(db):
    return specialist(SpecialistArea.LEGAL, "lawyer@hq.ru")


@pytest.fixture
def engineer(db):
    return specialist(SpecialistArea.TECHNICAL, "engineer@hq.ru")


@pytest.fixture
def other_mentor(office_b):
    """The account manager of office B: an outsider to office A's questions."""
    user = UserFactory(email="mentor-b@hq.ru", office=Office.objects.get(code="hq"), role=Role.ACCOUNT_MANAGER)
    office_b.account_manager = user
    office_b.save()
    return user


@pytest.fixture
def mails_sent(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks (the e-mails) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask(user, topic=QuestionTopic.SALES, text="Как дожать клиента после КП?", **kwargs):
    return question_ask(user=user, topic=topic, text=text, **kwargs)


# Asking


def test_office_manager_asks_and_the_account_manager_gets_it(alice, account_manager, mails_sent):
    with mails_sent():
        question = ask(alice, asked_at=msk(2025, 10, 15, 11, 0))
    assert question.office == alice.office
    assert question.assignee == account_manager
    assert question.status == QuestionStatus.OPEN
    assert question.due_at == msk(2025, 10, 15, 13, 0)
    assert Notification.objects.filter(user=account_manager, url__endswith=f"/questions/{question.pk}/").exists()
    assert [m.to for m in mail.outbox] == [[account_manager.email]]
    assert "Представительство Альфа" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("asked_at", "due_at"),
    [
        (msk(2025, 10, 17, 18, 30), msk(2025, 10, 20, 11, 30)),  # Friday evening → Monday
        (msk(2025, 10, 15, 7, 45), msk(2025, 10, 15, 12, 0)),  # before 10:00
        (msk(2025, 10, 15, 20, 0), msk(2025, 10, 16, 12, 0)),  # after 19:00
        (msk(2025, 12, 30, 18, 0), msk(2026, 1, 12, 11, 0)),  # across the New Year holidays
        (msk(2025, 6, 12, 12, 0), msk(2025, 6, 16, 12, 0)),  # Russia Day and the transferred 13 June
    ],
)
def test_due_time_counts_only_working_hours(alice, account_manager, asked_at, due_at):
    assert ask(alice, asked_at=asked_at).due_at == due_at


def test_answer_hours_come_from_settings(alice, account_manager, settings):
    settings.QUESTION_ANSWER_HOURS = 4
    assert ask(alice, asked_at=msk(2025, 10, 15, 11, 0)).due_at == msk(2025, 10, 15, 15, 0)


def test_agent_and_partner_owner_ask_too(bob, owner_a, account_manager):
    assert ask(bob).asked_by == bob
    assert ask(owner_a).asked_by == owner_a


@pytest.mark.parametrize(
    ("topic", "text", "field"),
    [("sales", "   ", "text"), ("astrology", "Вопрос", "topic"), ("sales", "я" * 4001, "text")],
)
def test_bad_input_is_refused_and_nothing_is_saved(alice, account_manager, topic, text, field):
    with pytest.raises(ValidationError) as error:
        ask(alice, topic=topic, text=text)
    assert field in error.value.message_dict
    assert not Question.objects.exists()
    assert not mail.outbox


def test_office_without_an_account_manager_cannot_ask(alice):
    with pytest.raises(ValidationError, match="не назначен аккаунт-менеджер"):
        ask(alice)
    assert not Question.objects.exists()


@pytest.mark.parametrize("persona", ["account_manager", "head", "lawyer"])
def test_only_office_staff_ask(request, persona, account_manager):
    with pytest.raises(PermissionDenied):
        ask(request.getfixturevalue(persona))


def test_a_year_without_a_calendar_is_refused_with_its_name(alice, account_manager, monkeypatch):
    def unknown(start, hours):
        raise CalendarUnknownError("No official Russian working-day calendar for 2041 (known: 1991–2027)")

    monkeypatch.setattr("nastavnik.mentoring.services.questions.working_deadline", unknown)
    with pytest.raises(ValidationError, match="2041"):
        ask(alice)
    assert not Question.objects.exists()


def test_the_real_calendar_refuses_a_far_year(alice, account_manager):
    with pytest.raises(ValidationError, match="2040"):
        ask(alice, asked_at=msk(2040, 3, 14, 12, 0))


# Routing


def test_account_manager_routes_a_legal_question_keeping_the_due_time(alice, account_manager, lawyer, mails_sent):
    question = ask(alice, topic=QuestionTopic.LEGAL, text="Можно ли расторгнуть договор досрочно?")
    due_at = question.due_at
    with mails_sent():
        question = question_route(user=account_manager, question=question, specialist=lawyer)
    question.refresh_from_db()
    assert question.assignee == lawyer
    assert question.due_at == due_at
    assert question.routed_by == account_manager and question.routed_at is not None
    assert [m.to for m in mail.outbox] == [[lawyer.email]]
    assert Notification.objects.filter(user=lawyer).exists()


def test_sales_questions_are_not_routed(alice, account_manager, lawyer):
    question = ask(alice, topic=QuestionTopic.SALES)
    with pytest.raises(ValidationError, match="продажах"):
        question_route(user=account_manager, question=question, specialist=lawyer)
    question.refresh_from_db()
    assert question.assignee == account_manager


def test_a_topic_with_an_area_goes_only_to_that_area(alice, account_manager, lawyer, engineer):
    question = ask(alice, topic=QuestionTopic.TECHNICAL, text="Не работает выгрузка отчёта")
    with pytest.raises(ValidationError) as error:
        question_route(user=account_manager, question=question, specialist=lawyer)
    assert "Технические вопросы" in error.value.message_dict["specialist"][0]
    assert list(specialists_for(question)) == [engineer]
    assert question_route(user=account_manager, question=question, specialist=engineer).assignee == engineer


@pytest.mark.parametrize("topic", [QuestionTopic.TRAINING, QuestionTopic.OTHER])
def test_training_and_other_go_to_any_specialist(alice, account_manager, lawyer, engineer, topic):
    question = ask(alice, topic=topic)
    assert set(specialists_for(question)) == {lawyer, engineer}
    assert question_route(user=account_manager, question=question, specialist=engineer).assignee == engineer


def test_route_only_to_an_active_specialist(alice, bob, account_manager, lawyer):
    question = ask(alice, topic=QuestionTopic.LEGAL)
    with pytest.raises(ValidationError, match="специалиста"):
        question_route(user=account_manager, question=question, specialist=bob)
    lawyer.is_active = False
    lawyer.save()
    with pytest.raises(ValidationError):
        question_route(user=account_manager, question=question, specialist=lawyer)


@pytest.mark.parametrize("persona", ["alice", "owner_a", "other_mentor", "lawyer"])
def test_only_the_account_manager_or_a_head_routes(request, persona, alice, account_manager, lawyer):
    question = ask(alice, topic=QuestionTopic.LEGAL)
    with pytest.raises(PermissionDenied):
        question_route(user=request.getfixturevalue(persona), question=question, specialist=lawyer)


def test_head_routes(alice, account_manager, head, lawyer):
    question = ask(alice, topic=QuestionTopic.LEGAL)
    assert question_route(user=head, question=question, specialist=lawyer).routed_by == head


def test_answered_question_is_not_routed(alice, account_manager, lawyer):
    question = ask(alice, topic=QuestionTopic.LEGAL)
    question_answer(user=account_manager, question=question, answer="Да, по п. 7.2")
    with pytest.raises(ValidationError, match="уже ответили"):
        question_route(user=account_manager, question=question, specialist=lawyer)


# Answering


def test_account_manager_answers_and_the_asker_is_told(alice, account_manager, mails_sent):
    question = ask(alice)
    with mails_sent():
        question = question_answer(user=account_manager, question=question, answer="  Предложите рассрочку.  ")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer == "Предложите рассрочку."
    assert question.answered_by == account_manager and question.answered_at is not None
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert Notification.objects.filter(user=alice, url__endswith=f"/questions/{question.pk}/").exists()


def test_specialist_answers_a_routed_question_the_account_manager_still_may(alice, account_manager, lawyer, engineer):
    first = ask(alice, topic=QuestionTopic.LEGAL)
    second = ask(alice, topic=QuestionTopic.LEGAL, text="Нужен ли договор оферты?")
    question_route(user=account_manager, question=first, specialist=lawyer)
    question_route(user=account_manager, question=second, specialist=lawyer)
    assert question_answer(user=lawyer, question=first, answer="Да").answered_by == lawyer
    assert question_answer(user=account_manager, question=second, answer="Нет").answered_by == account_manager
    with pytest.raises(PermissionDenied):
        question_answer(user=engineer, question=ask(alice, topic=QuestionTopic.LEGAL), answer="Не мой вопрос")


@pytest.mark.parametrize("persona", ["alice", "bob", "owner_a", "charlie", "other_mentor"])
def test_office_side_and_outsiders_do_not_answer(request, persona, alice, account_manager):
    question = ask(alice)
    with pytest.raises(PermissionDenied):
        question_answer(user=request.getfixturevalue(persona), question=question, answer="Сам себе отвечу")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_empty_answer_and_second_answer_are_refused(alice, account_manager, head):
    question = ask(alice)
    with pytest.raises(ValidationError) as error:
        question_answer(user=account_manager, question=question, answer=" ")
    assert "answer" in error.value.message_dict
    question_answer(user=head, question=question, answer="Первый ответ")
    with pytest.raises(ValidationError, match="уже ответили"):
        question_answer(user=account_manager, question=question, answer="Второй ответ")
    question.refresh_from_db()
    assert question.answer == "Первый ответ"


# Breaches


def test_breach_alerts_heads_account_manager_and_assignee_once(alice, account_manager, head, lawyer, mails_sent):
    overdue = ask(alice, topic=QuestionTopic.LEGAL, asked_at=timezone.now() - timedelta(days=10))
    question_route(user=account_manager, question=overdue, specialist=lawyer)
    fresh = ask(alice, text="Только что спросил")
    answered_late = ask(alice, text="Уже ответили", asked_at=timezone.now() - timedelta(days=10))
    question_answer(user=account_manager, question=answered_late, answer="Поздно, но ответ")
    with mails_sent():
        assert questions_notify_breaches() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, account_manager.email, lawyer.email])
    assert "Просрочен" in mail.outbox[0].subject
    overdue.refresh_from_db()
    assert overdue.breach_notified_at is not None
    fresh.refresh_from_db()
    assert fresh.breach_notified_at is None

    mail.outbox.clear()
    with mails_sent():
        assert questions_notify_breaches() == 0
    assert not mail.outbox


def test_breach_is_judged_against_the_given_moment(alice, account_manager, head):
    question = ask(alice, asked_at=msk(2025, 10, 15, 11, 0))
    assert questions_notify_breaches(now=msk(2025, 10, 15, 12, 59)) == 0
    assert questions_notify_breaches(now=msk(2025, 10, 15, 13, 1)) == 1
    question.refresh_from_db()
    assert question.breach_notified_at == msk(2025, 10, 15, 13, 1)


# Reads


def test_who_sees_which_questions(alice, bob, owner_a, charlie, account_manager, other_mentor, head, lawyer, engineer):
    mine = ask(alice, topic=QuestionTopic.LEGAL)
    UserFactory(email="boss@beta.ru", office=charlie.office, role=Role.PARTNER_OWNER)
    theirs = ask(charlie)
    question_route(user=account_manager, question=mine, specialist=lawyer)
    for persona in (alice, bob, owner_a, account_manager):
        assert set(questions_for(persona)) == {mine}
    assert set(questions_for(charlie)) == {theirs}
    assert set(questions_for(other_mentor)) == {theirs}
    assert set(questions_for(head)) == {mine, theirs}
    assert set(questions_for(lawyer)) == {mine}
    assert not questions_for(engineer).exists()


def test_a_user_without_an_office_sees_nothing(alice, account_manager):
    ask(alice)
    stranger = UserFactory(email="nobody@nowhere.ru", office=OfficeFactory(code="gamma"))
    assert not questions_for(stranger).exists()


def test_time_left_in_working_hours(alice, account_manager):
    question = ask(alice, asked_at=msk(2025, 10, 17, 18, 30))  # due Monday 11:30
    assert working_minutes_left(question.due_at, msk(2025, 10, 17, 18, 45)) == 105
    assert time_left_label(question, msk(2025, 10, 18, 12, 0)) == "1 ч 30 мин"
    assert time_left_label(question, msk(2025, 10, 20, 11, 0)) == "30 мин"
    assert time_left_label(question, msk(2025, 10, 20, 13, 0)) == "просрочен на 1 ч 30 мин"
    assert format_minutes(-5) == "5 мин"


def test_time_left_when_the_calendar_lacks_the_year(alice, account_manager):
    question = ask(alice)
    question.due_at = msk(2040, 3, 14, 12, 0)
    assert working_minutes_left(question.due_at) is None
    assert time_left_label(question) == "календарь на этот год неизвестен"


def test_dashboard_for_each_side(alice, account_manager, lawyer):
    empty = questions_dashboard(account_manager)
    assert empty["open_count"] == 0 and empty["items"] == []
    legal = ask(alice, topic=QuestionTopic.LEGAL)
    overdue = ask(alice, asked_at=timezone.now() - timedelta(days=10))
    question_route(user=account_manager, question=legal, specialist=lawyer)

    mentor = questions_dashboard(account_manager)
    assert mentor["side"] == "mentor"
    assert [q.pk for q in mentor["items"]] == [overdue.pk]
    assert mentor["breached_count"] == 1
    assert [q.pk for q in questions_dashboard(lawyer)["items"]] == [legal.pk]

    office = questions_dashboard(alice)
    assert office["side"] == "office" and office["can_ask"]
    assert office["open_count"] == 2
    assert {q.pk for q in office["items"]} == {legal.pk, overdue.pk}


def test_due_at_matches_the_public_calendar_function(alice, account_manager):
    asked_at = msk(2026, 5, 8, 18, 0)
    assert ask(alice, asked_at=asked_at).due_at == working_deadline(asked_at, 2)
