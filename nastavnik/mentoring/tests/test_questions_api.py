"""The questions API: the office asks, the account manager routes and answers, outsiders get 404, bad input 400."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from nastavnik.lib.workcalendar import working_deadline
from nastavnik.mentoring.choices import QuestionStatus, QuestionTopic
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.services.questions import question_ask
from nastavnik.offices.choices import Role, SpecialistArea
from nastavnik.offices.models import Office
from nastavnik.tests.factories import UserFactory

URL = "/api/v1/mentoring/questions/"


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def lawyer(db):
    hq = Office.objects.get(code="hq")
    return UserFactory(email="lawyer@hq.ru", office=hq, role=Role.SPECIALIST, specialist_area=SpecialistArea.LEGAL)


def ask(user, topic=QuestionTopic.SALES, text="Как дожать клиента после КП?", **kwargs):
    return question_ask(user=user, topic=topic, text=text, **kwargs)


def test_office_user_asks(alice, account_manager):
    response = api_as(alice).post(URL, {"topic": "billing", "text": "Когда придёт закрывающий акт?"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    question = Question.objects.get(pk=body["id"])
    assert question.assignee == account_manager
    assert body["status"] == "open" and body["assignee"] == account_manager.pk
    assert question.due_at == working_deadline(question.asked_at, 2)
    assert body["working_minutes_left"] is not None and body["is_breached"] is False


def test_bad_input_gives_field_errors_and_saves_nothing(alice, account_manager):
    response = api_as(alice).post(URL, {"topic": "astrology", "text": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"topic", "text"}
    response = api_as(alice).post(URL, {"topic": "sales", "text": "   "}, format="json")
    assert response.status_code == 400 and "text" in response.json()
    assert not Question.objects.exists()


def test_account_manager_cannot_ask(account_manager):
    response = api_as(account_manager).post(URL, {"topic": "sales", "text": "Вопрос"}, format="json")
    assert response.status_code == 403


def test_outsider_sees_nothing(alice, charlie, account_manager):
    question = ask(alice)
    client = api_as(charlie)
    assert ids(client.get(URL)) == set()
    assert client.get(f"{URL}{question.pk}/").status_code == 404
    assert client.post(f"{URL}{question.pk}/answer/", {"answer": "Ха"}, format="json").status_code == 404
    assert client.post(f"{URL}{question.pk}/route/", {"specialist": 1}, format="json").status_code == 404


def test_anonymous_is_refused():
    assert APIClient().get(URL).status_code in (401, 403)


def test_lists_and_filters(alice, account_manager, head):
    sales = ask(alice)
    legal = ask(alice, topic=QuestionTopic.LEGAL, text="Договор")
    late = ask(alice, text="Давний", asked_at=timezone.now() - timedelta(days=10))
    assert ids(api_as(alice).get(URL)) == {sales.pk, legal.pk, late.pk}
    client = api_as(account_manager)
    assert ids(client.get(URL, {"topic": "legal"})) == {legal.pk}
    assert ids(client.get(URL, {"breached": "true"})) == {late.pk}
    assert ids(api_as(head).get(URL, {"status": "answered"})) == set()
    rows = client.get(URL).json()["results"]
    assert rows[0]["id"] == late.pk and rows[0]["is_breached"] is True
    assert rows[0]["working_minutes_left"] < 0


def test_account_manager_routes_and_the_specialist_answers(alice, account_manager, lawyer):
    question = ask(alice, topic=QuestionTopic.LEGAL, text="Договор")
    response = api_as(account_manager).post(f"{URL}{question.pk}/route/", {"specialist": lawyer.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == lawyer.pk
    assert response.json()["due_at"] == api_as(alice).get(f"{URL}{question.pk}/").json()["due_at"]
    response = api_as(lawyer).post(f"{URL}{question.pk}/answer/", {"answer": "Да, можно."}, format="json")
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answered_by == lawyer


def test_route_errors(alice, bob, account_manager, lawyer):
    sales = ask(alice)
    client = api_as(account_manager)
    response = client.post(f"{URL}{sales.pk}/route/", {"specialist": lawyer.pk}, format="json")
    assert response.status_code == 400 and "продажах" in response.json()["specialist"][0]
    legal = ask(alice, topic=QuestionTopic.LEGAL, text="Договор")
    assert client.post(f"{URL}{legal.pk}/route/", {"specialist": bob.pk}, format="json").status_code == 400
    assert client.post(f"{URL}{legal.pk}/route/", {}, format="json").status_code == 400
    assert api_as(alice).post(f"{URL}{legal.pk}/route/", {"specialist": lawyer.pk}, format="json").status_code == 403
    legal.refresh_from_db()
    assert legal.assignee == account_manager


def test_answer_errors(alice, account_manager):
    question = ask(alice)
    assert api_as(alice).post(f"{URL}{question.pk}/answer/", {"answer": "Сам"}, format="json").status_code == 403
    client = api_as(account_manager)
    response = client.post(f"{URL}{question.pk}/answer/", {"answer": ""}, format="json")
    assert response.status_code == 400 and "answer" in response.json()
    assert client.post(f"{URL}{question.pk}/answer/", {"answer": "Ответ"}, format="json").status_code == 200
    response = client.post(f"{URL}{question.pk}/answer/", {"answer": "Ещё раз"}, format="json")
    assert response.status_code == 400 and "уже ответили" in response.json()["non_field_errors"][0]


def test_questions_cannot_be_changed_or_deleted(alice, account_manager):
    question = ask(alice)
    client = api_as(account_manager)
    assert client.patch(f"{URL}{question.pk}/", {"text": "x"}, format="json").status_code == 405
    assert client.delete(f"{URL}{question.pk}/").status_code == 405
