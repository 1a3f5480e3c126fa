"""Questions pages: the office asks and reads answers, the account manager works the queue, outsiders see nothing."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from nastavnik.lib.workcalendar import CalendarUnknownError
from nastavnik.mentoring.choices import QuestionStatus, QuestionTopic
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.selectors.questions import questions_dashboard
from nastavnik.mentoring.services.questions import question_answer, question_ask
from nastavnik.offices.choices import Role, SpecialistArea
from nastavnik.offices.models import Office
from nastavnik.tests.factories import UserFactory

LIST = "/mentoring/questions/"


@pytest.fixture
def lawyer(db):
    hq = Office.objects.get(code="hq")
    return UserFactory(email="lawyer@hq.ru", office=hq, role=Role.SPECIALIST, specialist_area=SpecialistArea.LEGAL)


def ask(user, topic=QuestionTopic.SALES, text="Как дожать клиента после КП?", **kwargs):
    return question_ask(user=user, topic=topic, text=text, **kwargs)


def logged_in(client, user):
    client.force_login(user)
    return client


def test_office_user_asks_through_the_form(client, alice, account_manager):
    logged_in(client, alice)
    assert client.get("/mentoring/questions/new/").status_code == 200
    response = client.post(
        "/mentoring/questions/new/", {"topic": "training", "text": "Где взять скрипт холодного звонка?"}, follow=True
    )
    question = Question.objects.get()
    assert response.redirect_chain[-1][0] == f"/mentoring/questions/{question.pk}/"
    assert question.asked_by == alice and question.assignee == account_manager
    assert "Ответ ожидается до" in response.content.decode()


def test_bad_ask_shows_field_messages_and_saves_nothing(client, alice, account_manager):
    response = logged_in(client, alice).post("/mentoring/questions/new/", {"topic": "", "text": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Выберите тему." in content and "Напишите вопрос." in content
    assert not Question.objects.exists()


def test_unknown_calendar_year_is_explained_not_a_500(client, alice, account_manager, monkeypatch):
    def unknown(start, hours):
        raise CalendarUnknownError("No official Russian working-day calendar for 2041 (known: 1991–2027)")

    monkeypatch.setattr("nastavnik.mentoring.services.questions.working_deadline", unknown)
    response = logged_in(client, alice).post("/mentoring/questions/new/", {"topic": "sales", "text": "Вопрос"})
    assert response.status_code == 200
    assert "Производственный календарь на 2041 год" in response.content.decode()
    assert not Question.objects.exists()


def test_office_without_account_manager_is_told(client, alice):
    response = logged_in(client, alice).post("/mentoring/questions/new/", {"topic": "sales", "text": "Вопрос"})
    assert "не назначен аккаунт-менеджер" in response.content.decode()


@pytest.mark.parametrize("persona", ["account_manager", "head", "lawyer"])
def test_only_office_staff_open_the_ask_form(client, request, persona, account_manager):
    assert logged_in(client, request.getfixturevalue(persona)).get("/mentoring/questions/new/").status_code == 403


def test_office_sees_its_questions_with_answers(client, alice, bob, account_manager):
    question = ask(alice)
    question_answer(user=account_manager, question=question, answer="Предложите рассрочку на три месяца.")
    content = logged_in(client, bob).get(LIST).content.decode()
    assert f'data-testid="question-row-{question.pk}"' in content
    assert "Предложите рассрочку на три месяца." in content
    detail = client.get(f"/mentoring/questions/{question.pk}/").content.decode()
    assert "Предложите рассрочку на три месяца." in detail
    assert 'id="answer-form"' not in detail


def test_queue_shows_open_questions_by_due_time_with_breaches_highlighted(client, alice, account_manager):
    late = ask(alice, text="Старый вопрос", asked_at=timezone.now() - timedelta(days=10))
    fresh = ask(alice, text="Новый вопрос")
    done = ask(alice, text="Отвеченный вопрос")
    question_answer(user=account_manager, question=done, answer="Готово")
    response = logged_in(client, account_manager).get(LIST)
    content = response.content.decode()
    assert content.index(f"question-row-{late.pk}") < content.index(f"question-row-{fresh.pk}")
    assert f'data-testid="question-row-{late.pk}" class="table-danger"' in content
    assert "просрочен на" in content
    assert f"question-row-{done.pk}" not in content
    everything = client.get(LIST, {"status": ""}).content.decode()
    assert f"question-row-{done.pk}" in everything


def test_queue_filters_by_topic_and_office(client, alice, account_manager, office_a):
    sales = ask(alice)
    legal = ask(alice, topic=QuestionTopic.LEGAL, text="Юридический вопрос")
    logged_in(client, account_manager)
    content = client.get(LIST, {"topic": "legal"}).content.decode()
    assert f"question-row-{legal.pk}" in content and f"question-row-{sales.pk}" not in content
    content = client.get(LIST, {"office": office_a.pk}).content.decode()
    assert f"question-row-{legal.pk}" in content and f"question-row-{sales.pk}" in content


def test_empty_states(client, alice, account_manager):
    assert "Очередь пуста" in logged_in(client, account_manager).get(LIST).content.decode()
    assert "Вопросов пока нет" in logged_in(client, alice).get(LIST).content.decode()
    assert "Ничего не найдено" in client.get(LIST, {"topic": "legal"}).content.decode()


def test_htmx_request_gets_the_fragment(client, alice, account_manager):
    ask(alice)
    response = logged_in(client, account_manager).get(LIST, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'id="results"' in content and "<html" not in content


def test_queue_query_count_does_not_grow_with_rows(client, alice, account_manager, django_assert_max_num_queries):
    for number in range(15):
        ask(alice, text=f"Вопрос {number}")
    logged_in(client, account_manager)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_outsider_sees_no_question_of_another_office(client, alice, charlie, account_manager):
    question = ask(alice)
    logged_in(client, charlie)
    assert f"question-row-{question.pk}" not in client.get(LIST).content.decode()
    assert client.get(f"/mentoring/questions/{question.pk}/").status_code == 404
    assert client.post(f"/mentoring/questions/{question.pk}/answer/", {"answer": "Ха"}).status_code == 404
    assert client.post(f"/mentoring/questions/{question.pk}/route/", {}).status_code == 404


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(LIST).status_code == 302


def test_account_manager_answers_on_the_card(client, alice, account_manager):
    question = ask(alice)
    logged_in(client, account_manager)
    assert 'id="answer-form"' in client.get(f"/mentoring/questions/{question.pk}/").content.decode()
    response = client.post(f"/mentoring/questions/{question.pk}/answer/", {"answer": "Позвоните ЛПР"}, follow=True)
    assert "Ответ отправлен" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answer == "Позвоните ЛПР"


def test_empty_answer_is_shown_inline(client, alice, account_manager):
    question = ask(alice)
    response = logged_in(client, account_manager).post(f"/mentoring/questions/{question.pk}/answer/", {"answer": ""})
    assert response.status_code == 200
    assert "Напишите ответ." in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_office_staff_may_not_answer(client, alice, account_manager):
    question = ask(alice)
    response = logged_in(client, alice).post(f"/mentoring/questions/{question.pk}/answer/", {"answer": "Сам"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_account_manager_routes_to_a_specialist_on_the_card(client, alice, account_manager, lawyer):
    legal = ask(alice, topic=QuestionTopic.LEGAL, text="Договор")
    logged_in(client, account_manager)
    assert 'id="route-form"' in client.get(f"/mentoring/questions/{legal.pk}/").content.decode()
    response = client.post(f"/mentoring/questions/{legal.pk}/route/", {"specialist": lawyer.pk}, follow=True)
    assert "срок ответа прежний" in response.content.decode()
    legal.refresh_from_db()
    assert legal.assignee == lawyer
    assert f"question-row-{legal.pk}" in logged_in(client, lawyer).get(LIST).content.decode()


def test_route_errors_are_shown_and_sales_has_no_route_form(client, alice, bob, account_manager):
    sales = ask(alice)
    legal = ask(alice, topic=QuestionTopic.LEGAL, text="Договор")
    logged_in(client, account_manager)
    assert 'id="route-form"' not in client.get(f"/mentoring/questions/{sales.pk}/").content.decode()
    assert client.post(f"/mentoring/questions/{sales.pk}/route/", {"specialist": bob.pk}).status_code == 403
    response = client.post(f"/mentoring/questions/{legal.pk}/route/", {"specialist": bob.pk})
    assert "не отвечает на вопросы такой темы" in response.content.decode()
    legal.refresh_from_db()
    assert legal.assignee == account_manager


def test_dashboard_partial_renders_for_each_side(alice, account_manager):
    empty = render_to_string("mentoring/partials/dashboard_questions.html", {"data": questions_dashboard(alice)})
    assert "Вопросов пока не было." in empty and "Задать вопрос" in empty
    question = ask(alice, text="Вопрос для рабочего стола")
    mentor = render_to_string(
        "mentoring/partials/dashboard_questions.html", {"data": questions_dashboard(account_manager)}
    )
    assert "Вопрос для рабочего стола" in mentor and f"/mentoring/questions/{question.pk}/" in mentor


def test_dashboard_partial_empty_for_those_who_answer(lawyer):
    html = render_to_string("mentoring/partials/dashboard_questions.html", {"data": questions_dashboard(lawyer)})
    assert "Открытых вопросов нет." in html
