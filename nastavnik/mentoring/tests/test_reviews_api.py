"""The call review, golden list and recommendation API: the workflows end to end, errors as JSON, tenancy."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from nastavnik.mentoring.models import CallReview, Recommendation, ReviewCriterion
from nastavnik.mentoring.tests.reviews_world import golden_deal, recorded_call
from nastavnik.tests.factories import CompanyFactory, DealFactory


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_call_review_through_the_api(account_manager, office_a, alice, company_a, owner_a):
    call = recorded_call(company=company_a, author=alice)
    mentor, office = api_as(account_manager), api_as(alice)
    today = timezone.localdate()
    response = mentor.post(
        "/api/v1/mentoring/reviews/",
        {"office": office_a.pk, "period_from": str(today - timedelta(days=7)), "period_to": str(today)},
        format="json",
    )
    assert response.status_code == 201, response.content
    review_id = response.json()["id"]
    assert [row["id"] for row in office.get(f"/api/v1/mentoring/reviews/{review_id}/eligible-calls/").json()] == [
        call.pk
    ]
    response = office.post(f"/api/v1/mentoring/reviews/{review_id}/send/", {"calls": []}, format="json")
    assert response.status_code == 400 and "calls" in response.json()
    response = office.post(f"/api/v1/mentoring/reviews/{review_id}/send/", {"calls": [call.pk]}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "sent"
    item_id = response.json()["items"][0]["id"]

    criteria = list(ReviewCriterion.objects.values_list("pk", flat=True))
    bad = {"summary": "Итог", "items": [{"item": item_id, "scores": [{"criterion": criteria[0], "score": 9}]}]}
    response = mentor.post(f"/api/v1/mentoring/reviews/{review_id}/feedback/", bad, format="json")
    assert response.status_code == 400
    assert "Оценка — целое число от 1 до 5." in str(response.json())
    good = {
        "summary": "Хорошо",
        "items": [{"item": item_id, "scores": [{"criterion": pk, "score": 4} for pk in criteria], "feedback": "Ок"}],
    }
    assert office.post(f"/api/v1/mentoring/reviews/{review_id}/feedback/", good, format="json").status_code == 403
    response = mentor.post(f"/api/v1/mentoring/reviews/{review_id}/feedback/", good, format="json")
    assert response.status_code == 200 and response.json()["status"] == "reviewed"
    assert len(response.json()["items"][0]["scores"]) == len(criteria)

    trend = api_as(owner_a).get("/api/v1/mentoring/reviews/trend/").json()
    assert trend["series"][0]["manager"] == alice.pk and trend["series"][0]["scores"] == ["4.0"]
    assert len(api_as(alice).get("/api/v1/mentoring/review-criteria/").json()["results"]) == 4


def test_office_cannot_request_recordings(alice, office_a, account_manager):
    today = timezone.localdate()
    response = api_as(alice).post(
        "/api/v1/mentoring/reviews/",
        {"office": office_a.pk, "period_from": str(today), "period_to": str(today)},
        format="json",
    )
    assert response.status_code == 403
    assert not CallReview.objects.exists()


def test_golden_and_recommendations_through_the_api(account_manager, alice, bob, owner_a, company_a):
    deal = DealFactory(company=company_a, owner=alice)
    office = api_as(alice)
    assert office.post("/api/v1/mentoring/golden/", {"deal": deal.pk}, format="json").status_code == 201
    mentor = api_as(account_manager)
    assert api_as(account_manager).post("/api/v1/mentoring/golden/", {"deal": deal.pk}).status_code == 403
    assert ids(mentor.get("/api/v1/mentoring/golden/", {"awaiting": "true"})) == {deal.pk}

    response = mentor.post(f"/api/v1/mentoring/golden/{deal.pk}/recommend/", {"text": ""}, format="json")
    assert response.status_code == 400 and response.json()["text"] == ["Напишите текст рекомендации."]
    response = mentor.post(
        f"/api/v1/mentoring/golden/{deal.pk}/recommend/",
        {"text": "Покажите кейс конкурента", "assignee": bob.pk, "due_on": str(timezone.localdate())},
        format="json",
    )
    assert response.status_code == 201, response.content
    recommendation_id = response.json()["id"]
    assert ids(mentor.get("/api/v1/mentoring/golden/", {"awaiting": "true"})) == set()
    assert mentor.get(f"/api/v1/mentoring/golden/{deal.pk}/").json()["outcome"] == "open"

    assert ids(api_as(owner_a).get("/api/v1/mentoring/recommendations/", {"state": "pending"})) == {recommendation_id}
    url = f"/api/v1/mentoring/recommendations/{recommendation_id}/apply/"
    assert mentor.post(url, {"note": "Сделано"}).status_code == 403
    assert api_as(bob).post(url, {"note": " "}).status_code == 400
    response = api_as(bob).post(url, {"note": "Показал кейс"})
    assert response.status_code == 200 and response.json()["applied_by"] == bob.pk
    assert ids(api_as(owner_a).get("/api/v1/mentoring/recommendations/", {"state": "applied"})) == {recommendation_id}
    assert ids(mentor.get("/api/v1/mentoring/golden/", {"awaiting": "true"})) == {deal.pk}

    assert office.post(f"/api/v1/mentoring/golden/{deal.pk}/remove/").status_code == 204
    assert ids(mentor.get("/api/v1/mentoring/golden/")) == set()


def test_recommendation_create_validates_at_the_edge(account_manager, office_a, office_b, charlie):
    mentor = api_as(account_manager)
    response = mentor.post(
        "/api/v1/mentoring/recommendations/",
        {"office": office_a.pk, "source": "other", "text": "Совет", "assignee": charlie.pk},
        format="json",
    )
    assert response.status_code == 400 and "assignee" in response.json()
    response = mentor.post(
        "/api/v1/mentoring/recommendations/", {"office": office_b.pk, "source": "other", "text": "Совет"}, format="json"
    )
    assert response.status_code == 400 and "office" in response.json()
    response = mentor.post(
        "/api/v1/mentoring/recommendations/", {"office": office_a.pk, "source": "other", "text": "Совет"}, format="json"
    )
    assert response.status_code == 201 and response.json()["author"] == account_manager.pk
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("endpoint", ["reviews", "golden", "recommendations"])
def test_outsider_sees_nothing_of_another_office(endpoint, account_manager, office_a, alice, company_a, charlie):
    from nastavnik.mentoring.services.recommendations import recommendation_give
    from nastavnik.mentoring.services.reviews import call_review_request

    today = timezone.localdate()
    objects = {
        "reviews": lambda: call_review_request(
            user=account_manager, office=office_a, period_from=today, period_to=today
        ),
        "golden": lambda: golden_deal(company=company_a, owner=alice),
        "recommendations": lambda: recommendation_give(
            author=account_manager, office=office_a, source="other", text="Совет"
        ),
    }
    obj = objects[endpoint]()
    client = api_as(charlie)
    assert ids(client.get(f"/api/v1/mentoring/{endpoint}/")) == set()
    assert client.get(f"/api/v1/mentoring/{endpoint}/{obj.pk}/").status_code == 404
    assert ids(api_as(alice).get(f"/api/v1/mentoring/{endpoint}/")) == {obj.pk}


def test_outsider_cannot_act_on_another_office(account_manager, office_a, office_b, alice, company_a, charlie):
    from nastavnik.mentoring.services.reviews import call_review_request

    today = timezone.localdate()
    review = call_review_request(user=account_manager, office=office_a, period_from=today, period_to=today)
    deal = golden_deal(company=company_a, owner=alice)
    client = api_as(charlie)
    assert client.post(f"/api/v1/mentoring/reviews/{review.pk}/send/", {"calls": []}).status_code == 404
    assert client.post(f"/api/v1/mentoring/golden/{deal.pk}/recommend/", {"text": "x"}).status_code == 404
    own_call = recorded_call(company=CompanyFactory(office=office_b), author=charlie)
    response = api_as(alice).post(
        f"/api/v1/mentoring/reviews/{review.pk}/send/", {"calls": [own_call.pk]}, format="json"
    )
    assert response.status_code == 400 and "calls" in response.json()
