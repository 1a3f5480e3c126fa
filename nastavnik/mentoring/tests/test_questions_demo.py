"""Demo questions go through the services: answered, open, overdue and routed ones for each office."""

from nastavnik.mentoring.choices import QuestionStatus
from nastavnik.mentoring.demo import questions as demo
from nastavnik.mentoring.models import Question
from nastavnik.offices.choices import Role, SpecialistArea
from nastavnik.offices.models import Office
from nastavnik.tests.factories import UserFactory


def test_demo_seeds_every_kind_of_question(office_a, office_b, alice, account_manager):
    lawyer = UserFactory(
        office=Office.objects.get(code="hq"), role=Role.SPECIALIST, specialist_area=SpecialistArea.LEGAL
    )
    assert demo.seed(offices=[office_a, office_b]) == 5  # office B has no account manager
    questions = Question.objects.filter(office=office_a)
    assert questions.filter(status=QuestionStatus.ANSWERED).count() == 2
    assert questions.filter(assignee=lawyer).count() == 1
    assert all(q.answered_at < q.due_at for q in questions.filter(status=QuestionStatus.ANSWERED))
    assert not Question.objects.filter(office=office_b).exists()
