"""Call review pages: the account manager requests, the office sends, the AM scores; outsiders see nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.mentoring.choices import CallReviewStatus
from nastavnik.mentoring.models import CallReview, ReviewCriterion
from nastavnik.mentoring.services.reviews import call_review_request, call_review_send
from nastavnik.mentoring.tests.reviews_world import recorded_call


@pytest.fixture
def review(account_manager, office_a):
    today = timezone.localdate()
    return call_review_request(
        user=account_manager, office=office_a, period_from=today - timedelta(days=7), period_to=today
    )


def test_whole_review_in_the_browser(client, account_manager, office_a, alice, owner_a, company_a):
    call = recorded_call(company=company_a, author=alice)
    client.force_login(account_manager)
    today = timezone.localdate()
    response = client.post(
        reverse("mentoring:reviews-create"),
        {
            "office": office_a.pk,
            "period_from": (today - timedelta(days=5)).isoformat(),
            "period_to": today.isoformat(),
            "manager": alice.pk,
            "topic": "Работа с возражениями",
        },
    )
    review = CallReview.objects.get()
    assert response.status_code == 302 and response.url == reverse("mentoring:reviews-detail", args=[review.pk])

    client.force_login(alice)
    page = client.get(response.url).content.decode()
    assert str(call.company) in page and 'id="send-form"' in page
    assert client.post(reverse("mentoring:reviews-send", args=[review.pk]), {"calls": [call.pk]}).status_code == 302
    review.refresh_from_db()
    assert review.status == CallReviewStatus.SENT

    client.force_login(account_manager)
    item = review.items.get()
    data = {"summary": ""}
    for criterion in ReviewCriterion.objects.all():
        data[f"item_{item.pk}_{criterion.pk}"] = "4"
    data[f"item_{item.pk}_{ReviewCriterion.objects.first().pk}"] = ""
    response = client.post(reverse("mentoring:reviews-feedback", args=[review.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Напишите общий вывод по звонкам." in page and "Поставьте оценку по критерию «Приветствие»." in page
    data[f"item_{item.pk}_{ReviewCriterion.objects.first().pk}"] = "5"
    data["summary"] = "Уверенно, но мало вопросов"
    data[f"feedback_{item.pk}"] = "Хорошо отработано возражение о цене"
    assert client.post(reverse("mentoring:reviews-feedback", args=[review.pk]), data).status_code == 302

    client.force_login(owner_a)
    page = client.get(reverse("mentoring:reviews-detail", args=[review.pk])).content.decode()
    assert "Уверенно, но мало вопросов" in page and "Хорошо отработано возражение о цене" in page
    assert str(review.pk) in client.get(reverse("mentoring:reviews-list")).content.decode()
    trend = client.get(reverse("mentoring:reviews-trend")).content.decode()
    assert "trend-chart" in trend and str(alice) in trend


def test_request_form_shows_errors_and_saves_nothing(client, account_manager, office_a):
    client.force_login(account_manager)
    today = timezone.localdate()
    response = client.post(
        reverse("mentoring:reviews-create"),
        {"office": office_a.pk, "period_from": today.isoformat(), "period_to": (today - timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert "Конец периода раньше его начала." in response.content.decode()
    assert not CallReview.objects.exists()


def test_office_cannot_request_and_mentor_cannot_send(client, alice, review, account_manager, company_a):
    client.force_login(alice)
    assert client.get(reverse("mentoring:reviews-create")).status_code == 403
    call = recorded_call(company=company_a, author=alice)
    client.force_login(account_manager)
    assert client.post(reverse("mentoring:reviews-send", args=[review.pk]), {"calls": [call.pk]}).status_code == 403


def test_sending_a_foreign_call_is_refused_inline(client, alice, review, charlie, office_b):
    from nastavnik.tests.factories import CompanyFactory

    foreign = recorded_call(company=CompanyFactory(office=office_b), author=charlie)
    client.force_login(alice)
    response = client.post(reverse("mentoring:reviews-send", args=[review.pk]), {"calls": [foreign.pk]})
    assert response.status_code == 200
    assert "Этот звонок нельзя отправить на разбор." in response.content.decode()
    review.refresh_from_db()
    assert review.status == CallReviewStatus.REQUESTED


def test_outsider_sees_no_review_page(client, charlie, review, company_a, alice):
    call_review_send(user=alice, review=review, calls=[recorded_call(company=company_a, author=alice)])
    client.force_login(charlie)
    assert client.get(reverse("mentoring:reviews-detail", args=[review.pk])).status_code == 404
    for name in ("reviews-send", "reviews-feedback", "reviews-recommend"):
        assert client.post(reverse(f"mentoring:{name}", args=[review.pk]), {}).status_code == 404
    page = client.get(reverse("mentoring:reviews-list")).content.decode()
    assert 'data-testid="empty-state"' in page and f"review-row-{review.pk}" not in page
    assert 'data-testid="empty-state"' in client.get(reverse("mentoring:reviews-trend")).content.decode()


def test_list_filters_and_pages(client, account_manager, office_a, review, django_assert_max_num_queries):
    client.force_login(account_manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("mentoring:reviews-list"), {"status": "reviewed"})
    assert f"review-row-{review.pk}" not in response.content.decode()
    response = client.get(reverse("mentoring:reviews-list"), {"status": "requested"}, HTTP_HX_REQUEST="true")
    assert f"review-row-{review.pk}" in response.content.decode()
    assert "<html" not in response.content.decode()
