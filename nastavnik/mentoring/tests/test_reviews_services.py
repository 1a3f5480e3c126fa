"""Call reviews: who requests, which calls an office may send, the scorecard and the score trend."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nastavnik.mentoring.choices import CallReviewStatus
from nastavnik.mentoring.models import CallReview, CallReviewScore, ReviewCriterion
from nastavnik.mentoring.selectors.reviews import call_reviews_for, eligible_calls, score_trend
from nastavnik.mentoring.services.reviews import call_review_feedback, call_review_request, call_review_send
from nastavnik.mentoring.tests.reviews_world import recorded_call
from nastavnik.tests.factories import CompanyFactory


def _request(account_manager, office_a, **kwargs):
    today = timezone.localdate()
    defaults = {"period_from": today - timedelta(days=7), "period_to": today, "manager": None, "topic": "Возражения"}
    return call_review_request(user=account_manager, office=office_a, **{**defaults, **kwargs})


def _full_scores(review, score=4):
    criteria = ReviewCriterion.objects.filter(is_active=True)
    return {
        item.pk: {"scores": {c.pk: score for c in criteria}, "feedback": "Хорошее приветствие"}
        for item in review.items.all()
    }


def test_default_criteria_come_from_the_migration(db):
    assert list(ReviewCriterion.objects.values_list("name", flat=True)) == [
        "Приветствие",
        "Выявление потребностей",
        "Работа с возражениями",
        "Следующий шаг",
    ]


def test_account_manager_requests_recordings_and_the_office_is_told(
    account_manager, office_a, owner_a, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = _request(account_manager, office_a, manager=alice)
    assert review.status == CallReviewStatus.REQUESTED
    assert {message.to[0] for message in mail.outbox} == {owner_a.email, alice.email}


@pytest.mark.parametrize("persona", ["alice", "owner_a", "charlie"])
def test_only_the_account_manager_requests_recordings(request, persona, office_a, account_manager):
    with pytest.raises(PermissionDenied):
        _request(request.getfixturevalue(persona), office_a)
    assert not CallReview.objects.exists()


def test_request_rejects_a_reversed_period_and_a_stranger_manager(account_manager, office_a, charlie):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        _request(account_manager, office_a, period_from=today, period_to=today - timedelta(days=1), manager=charlie)
    assert "Конец периода раньше его начала." in error.value.message_dict["period_to"]
    assert "manager" in error.value.message_dict
    assert not CallReview.objects.exists()


def test_office_sends_only_its_recorded_calls_in_the_period_of_the_manager(
    account_manager, office_a, office_b, alice, bob, charlie, company_a, django_capture_on_commit_callbacks
):
    review = _request(account_manager, office_a, manager=alice, period_from=timezone.localdate() - timedelta(days=7))
    good = recorded_call(company=company_a, author=alice)
    bad = {
        "by another person": recorded_call(company=company_a, author=bob),
        "too old": recorded_call(company=company_a, author=alice, days_ago=30),
        "no recording": recorded_call(company=company_a, author=alice, recording=""),
        "another office": recorded_call(company=CompanyFactory(office=office_b), author=charlie),
    }
    assert list(eligible_calls(review)) == [good]
    for call in bad.values():
        with pytest.raises(ValidationError) as error:
            call_review_send(user=alice, review=review, calls=[good, call])
        assert "calls" in error.value.message_dict
    review.refresh_from_db()
    assert review.status == CallReviewStatus.REQUESTED and not review.items.exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_review_send(user=alice, review=review, calls=[good])
    review.refresh_from_db()
    assert review.status == CallReviewStatus.SENT and review.sent_by == alice
    assert [item.call for item in review.items.all()] == [good]
    assert mail.outbox[0].to == [account_manager.email]


def test_sending_needs_a_call_the_office_side_and_a_fresh_request(account_manager, office_a, alice, charlie, company_a):
    review = _request(account_manager, office_a)
    call = recorded_call(company=company_a, author=alice)
    with pytest.raises(ValidationError):
        call_review_send(user=alice, review=review, calls=[])
    for outsider in (charlie, account_manager):
        with pytest.raises(PermissionDenied):
            call_review_send(user=outsider, review=review, calls=[call])
    call_review_send(user=alice, review=review, calls=[call])
    with pytest.raises(ValidationError) as error:
        call_review_send(user=alice, review=review, calls=[call])
    assert "уже отправлены" in error.value.messages[0]


def test_feedback_scores_every_call_on_every_criterion(
    account_manager, office_a, owner_a, alice, company_a, django_capture_on_commit_callbacks
):
    review = _request(account_manager, office_a)
    call_review_send(user=alice, review=review, calls=[recorded_call(company=company_a, author=alice)])
    items = _full_scores(review)
    item_id = next(iter(items))
    first_criterion = ReviewCriterion.objects.first()

    incomplete = {item_id: {"scores": {first_criterion.pk: 5}, "feedback": ""}}
    with pytest.raises(ValidationError) as error:
        call_review_feedback(user=account_manager, review=review, summary="", items=incomplete)
    assert "summary" in error.value.message_dict
    assert len(error.value.message_dict) == 1 + ReviewCriterion.objects.count() - 1

    out_of_range = {item_id: {"scores": dict.fromkeys(items[item_id]["scores"], 6), "feedback": ""}}
    with pytest.raises(ValidationError) as error:
        call_review_feedback(user=account_manager, review=review, summary="Итог", items=out_of_range)
    assert "Оценка — целое число от 1 до 5." in error.value.messages
    assert not CallReviewScore.objects.exists()

    with pytest.raises(PermissionDenied):
        call_review_feedback(user=alice, review=review, summary="Итог", items=items)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_review_feedback(user=account_manager, review=review, summary="Больше вопросов о потребностях", items=items)
    review.refresh_from_db()
    assert review.status == CallReviewStatus.REVIEWED and review.reviewed_at
    assert CallReviewScore.objects.count() == ReviewCriterion.objects.count()
    assert review.items.get().feedback == "Хорошее приветствие"
    assert {message.to[0] for message in mail.outbox} == {owner_a.email, alice.email}
    with pytest.raises(ValidationError):
        call_review_feedback(user=account_manager, review=review, summary="Ещё раз", items=items)


def test_feedback_waits_for_the_calls(account_manager, office_a):
    review = _request(account_manager, office_a)
    with pytest.raises(ValidationError) as error:
        call_review_feedback(user=account_manager, review=review, summary="Итог", items={})
    assert "ещё не отправило" in error.value.messages[0]


def test_trend_is_the_monthly_average_per_manager_and_scoped(account_manager, office_a, alice, bob, charlie, company_a):
    review = _request(account_manager, office_a, period_from=timezone.localdate() - timedelta(days=10))
    calls = [recorded_call(company=company_a, author=alice), recorded_call(company=company_a, author=bob)]
    call_review_send(user=alice, review=review, calls=calls)
    criteria = list(ReviewCriterion.objects.all())
    items = {}
    for item in review.items.select_related("call"):
        score = 5 if item.call.author == alice else 2
        items[item.pk] = {"scores": {c.pk: (score if i else score - 1) for i, c in enumerate(criteria)}}
    call_review_feedback(user=account_manager, review=review, summary="Итог", items=items)

    trend = score_trend(account_manager)
    assert len(trend["months"]) == 1
    averages = {str(row["manager"]): row["scores"][0] for row in trend["series"]}
    assert averages == {str(alice): Decimal("4.8"), str(bob): Decimal("1.8")}
    assert score_trend(charlie)["series"] == []


def test_outsider_sees_no_review(account_manager, office_a, charlie, alice, owner_a, head):
    review = _request(account_manager, office_a)
    assert list(call_reviews_for(charlie)) == []
    for insider in (alice, owner_a, account_manager, head):
        assert list(call_reviews_for(insider)) == [review]
