"""Recommendations: the one service every workflow gives advice through, applying it, and the overdue reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models import Recommendation
from nastavnik.mentoring.selectors.recommendations import (
    RecommendationState,
    filter_by_state,
    recommendations_dashboard,
    recommendations_for,
)
from nastavnik.mentoring.services.recommendations import (
    recommendation_apply,
    recommendation_give,
    recommendations_notify_overdue,
)
from nastavnik.offices.choices import Role
from nastavnik.tests.factories import CompanyFactory, DealFactory, UserFactory


def _give(author, office, **kwargs):
    defaults = {"source": RecommendationSource.OTHER, "text": "Звоните ЛПР до 11 утра"}
    return recommendation_give(author=author, office=office, **{**defaults, **kwargs})


def test_account_manager_gives_advice_to_a_person_with_a_due_date(
    account_manager, office_a, bob, django_capture_on_commit_callbacks
):
    due = timezone.localdate() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        recommendation = _give(account_manager, office_a, assignee=bob, due_on=due)
    assert (recommendation.assignee, recommendation.due_on, recommendation.author) == (bob, due, account_manager)
    assert [message.to for message in mail.outbox] == [[bob.email]]
    assert "Звоните ЛПР" in mail.outbox[0].body


def test_without_an_assignee_the_owner_is_told(account_manager, office_a, owner_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _give(account_manager, office_a)
    assert [message.to for message in mail.outbox] == [[owner_a.email]]


@pytest.mark.parametrize("persona", ["alice", "owner_a", "charlie"])
def test_only_the_offices_account_manager_gives_advice(request, persona, office_a, account_manager):
    with pytest.raises(PermissionDenied):
        _give(request.getfixturevalue(persona), office_a)
    assert not Recommendation.objects.exists()


def test_head_gives_advice_too(head, office_a):
    assert _give(head, office_a).author == head


def test_bad_input_is_explained_and_changes_nothing(account_manager, office_a, office_b, charlie):
    foreign_deal = DealFactory(company=CompanyFactory(office=office_b))
    with pytest.raises(ValidationError) as error:
        _give(
            account_manager,
            office_a,
            text="  ",
            assignee=charlie,
            due_on=timezone.localdate() - timedelta(days=1),
            deal=foreign_deal,
        )
    assert set(error.value.message_dict) == {"text", "assignee", "due_on", "deal"}
    assert error.value.message_dict["due_on"] == ["Срок не может быть в прошлом."]
    with pytest.raises(ValidationError) as error:
        _give(account_manager, office_a, source="nonsense")
    assert "source" in error.value.message_dict
    for source, field in (
        (RecommendationSource.GOLDEN_LIST, "deal"),
        (RecommendationSource.CALL_REVIEW, "call_review"),
        (RecommendationSource.PLAN, "plan"),
    ):
        with pytest.raises(ValidationError) as error:
            _give(account_manager, office_a, source=source)
        assert field in error.value.message_dict
    assert not Recommendation.objects.exists()


def test_golden_advice_needs_a_golden_deal(account_manager, office_a, company_a, alice):
    deal = DealFactory(company=company_a, owner=alice)
    with pytest.raises(ValidationError) as error:
        _give(account_manager, office_a, source=RecommendationSource.GOLDEN_LIST, deal=deal)
    assert error.value.message_dict["deal"] == ["Сделка не отмечена тегом «Золотой список»."]


def test_assignee_applies_and_the_account_manager_is_told(
    account_manager, office_a, bob, django_capture_on_commit_callbacks
):
    recommendation = _give(account_manager, office_a, assignee=bob)
    with pytest.raises(ValidationError) as error:
        recommendation_apply(user=bob, recommendation=recommendation, note=" ")
    assert error.value.message_dict["note"] == ["Опишите, как применили рекомендацию."]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recommendation_apply(user=bob, recommendation=recommendation, note="Перенёс звонки на утро")
    recommendation.refresh_from_db()
    assert recommendation.applied_by == bob and recommendation.applied_at
    assert recommendation.applied_note == "Перенёс звонки на утро"
    assert [message.to for message in mail.outbox] == [[account_manager.email]]
    with pytest.raises(ValidationError):
        recommendation_apply(user=bob, recommendation=recommendation, note="Ещё раз")


@pytest.mark.parametrize("persona", ["owner_a", "alice"])
def test_owner_and_managers_apply_for_their_staff(request, persona, account_manager, office_a, bob):
    recommendation = _give(account_manager, office_a, assignee=bob)
    user = request.getfixturevalue(persona)
    assert recommendation_apply(user=user, recommendation=recommendation, note="Сделано").applied_by == user


def test_another_agent_the_account_manager_and_outsiders_cannot_apply(account_manager, office_a, alice, charlie):
    other_agent = UserFactory(office=office_a, role=Role.AGENT)
    recommendation = _give(account_manager, office_a, assignee=alice)
    for user in (other_agent, account_manager, charlie):
        with pytest.raises(PermissionDenied):
            recommendation_apply(user=user, recommendation=recommendation, note="Сделано")
    recommendation.refresh_from_db()
    assert recommendation.applied_at is None


def test_states_and_the_overdue_reminder_once(
    account_manager, office_a, owner_a, bob, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    late = _give(account_manager, office_a, assignee=bob, due_on=tomorrow, text="Просроченная")
    on_time = _give(account_manager, office_a, assignee=bob, due_on=tomorrow, text="В срок")
    done = _give(account_manager, office_a, assignee=bob, text="Сделанная")
    recommendation_apply(user=bob, recommendation=done, note="Готово")
    Recommendation.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    everything = recommendations_for(owner_a)
    assert list(filter_by_state(everything, RecommendationState.OVERDUE)) == [late]
    assert set(filter_by_state(everything, RecommendationState.PENDING)) == {late, on_time}
    assert list(filter_by_state(everything, RecommendationState.APPLIED)) == [done]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert recommendations_notify_overdue() == 1
    assert {message.to[0] for message in mail.outbox} == {bob.email, owner_a.email}
    assert recommendations_notify_overdue() == 0

    dashboard = recommendations_dashboard(owner_a)
    assert (dashboard["pending_count"], dashboard["overdue_count"]) == (2, 1)
    assert recommendations_dashboard(bob)["pending_count"] == 2


def test_outsider_sees_no_recommendation(account_manager, office_a, charlie, bob):
    recommendation = _give(account_manager, office_a)
    assert list(recommendations_for(charlie)) == []
    assert recommendations_dashboard(charlie)["pending_count"] == 0
    assert list(recommendations_for(bob)) == [recommendation]
