"""An office asks its account manager in the browser; the account manager answers from the queue."""

import pytest
from playwright.sync_api import expect

from nastavnik.mentoring.models import Question
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import Office
from nastavnik.tests.browser.conftest import log_in
from nastavnik.tests.factories import PASSWORD, OfficeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def account_manager(office_a):
    """The shared persona, without relying on the migration's headquarters row: after another live-server
    test the serialized rollback does not always bring reference rows back (seen when run in the whole suite)."""
    hq = Office.objects.filter(code="hq").first() or OfficeFactory(
        code="hq", kind=OfficeKind.HEADQUARTERS, name="Центральный офис", region=None
    )
    user = UserFactory(email="mentor@hq.ru", office=hq, role=Role.ACCOUNT_MANAGER)
    office_a.account_manager = user
    office_a.save()
    return user


def test_office_asks_and_the_account_manager_answers(new_page, alice, account_manager, charlie):
    office = new_page()
    log_in(office, alice.email, PASSWORD)
    office.goto("/mentoring/questions/")
    expect(office.get_by_test_id("empty-state")).to_be_visible()
    office.get_by_test_id("question-ask").click()
    office.select_option("#id_topic", "training")
    office.fill("#id_text", "Где взять скрипт для холодного звонка?")
    office.get_by_test_id("question-save").click()
    expect(office.get_by_test_id("question-text")).to_contain_text("скрипт для холодного звонка")
    expect(office.get_by_test_id("question-status")).to_contain_text("Ждёт ответа")
    question = Question.objects.get()

    mentor = new_page()
    log_in(mentor, account_manager.email, PASSWORD)
    mentor.goto("/mentoring/questions/")
    row = mentor.get_by_test_id(f"question-row-{question.pk}")
    expect(row).to_be_visible()
    expect(mentor.get_by_test_id(f"time-left-{question.pk}")).not_to_be_empty()
    row.get_by_role("link").first.click()
    mentor.fill("#id_answer", "Скрипт лежит в базе знаний, раздел «Продажи».")
    mentor.get_by_test_id("answer-save").click()
    expect(mentor.get_by_test_id("question-answer")).to_contain_text("базе знаний")
    mentor.goto("/mentoring/questions/")
    expect(mentor.get_by_test_id("empty-state")).to_be_visible()

    office.goto("/mentoring/questions/")
    expect(office.get_by_test_id(f"question-answer-{question.pk}")).to_contain_text("базе знаний")

    outsider = new_page()
    log_in(outsider, charlie.email, PASSWORD)
    outsider.goto("/mentoring/questions/")
    expect(outsider.get_by_test_id(f"question-row-{question.pk}")).to_have_count(0)
    assert outsider.goto(f"/mentoring/questions/{question.pk}/").status == 404
