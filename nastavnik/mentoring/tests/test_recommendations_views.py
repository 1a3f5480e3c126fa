"""Recommendation pages: the owner checks the staff by state, the assignee applies; outsiders see nothing."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models import Recommendation
from nastavnik.mentoring.services.recommendations import recommendation_give


def _give(account_manager, office, **kwargs):
    return recommendation_give(
        author=account_manager, office=office, source=RecommendationSource.OTHER, text="Ведите CRM ежедневно", **kwargs
    )


def test_account_manager_gives_advice_from_the_page(client, account_manager, office_a, bob):
    client.force_login(account_manager)
    url = reverse("mentoring:recommendations-create")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        url, {"office": office_a.pk, "text": "Звоните утром", "assignee": bob.pk, "due_on": yesterday}
    )
    assert response.status_code == 200 and "Срок не может быть в прошлом." in response.content.decode()
    assert not Recommendation.objects.exists()
    response = client.post(url, {"office": office_a.pk, "text": "Звоните утром", "assignee": bob.pk})
    assert response.status_code == 302
    assert Recommendation.objects.get().assignee == bob


def test_office_staff_cannot_open_the_new_recommendation_page(client, owner_a):
    client.force_login(owner_a)
    assert client.get(reverse("mentoring:recommendations-create")).status_code == 403


def test_owner_sees_states_and_the_assignee_applies(client, account_manager, office_a, owner_a, bob):
    overdue = _give(account_manager, office_a, assignee=bob, due_on=timezone.localdate() + timedelta(days=1))
    Recommendation.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    fresh = _give(account_manager, office_a, assignee=bob)
    client.force_login(owner_a)
    page = client.get(reverse("mentoring:recommendations-list"), {"state": "overdue"}).content.decode()
    assert f"recommendation-row-{overdue.pk}" in page and f"recommendation-row-{fresh.pk}" not in page

    client.force_login(bob)
    url = reverse("mentoring:recommendations-detail", args=[fresh.pk])
    response = client.post(url, {"note": ""})
    assert "Опишите, как применили рекомендацию." in response.content.decode()
    assert client.post(url, {"note": "Перешёл на утренние звонки"}).status_code == 302
    client.force_login(owner_a)
    page = client.get(reverse("mentoring:recommendations-list"), {"state": "applied"}).content.decode()
    assert f"recommendation-row-{fresh.pk}" in page and f"recommendation-row-{overdue.pk}" not in page


def test_the_account_manager_cannot_apply(client, account_manager, office_a, bob):
    recommendation = _give(account_manager, office_a, assignee=bob)
    client.force_login(account_manager)
    url = reverse("mentoring:recommendations-detail", args=[recommendation.pk])
    assert 'id="apply-form"' not in client.get(url).content.decode()
    assert client.post(url, {"note": "Сделано"}).status_code == 403


def test_outsider_sees_no_recommendation_page(client, charlie, account_manager, office_a):
    recommendation = _give(account_manager, office_a)
    client.force_login(charlie)
    url = reverse("mentoring:recommendations-detail", args=[recommendation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "x"}).status_code == 404
    page = client.get(reverse("mentoring:recommendations-list")).content.decode()
    assert 'data-testid="empty-state"' in page


def test_list_query_budget(client, account_manager, office_a, bob, django_assert_max_num_queries):
    for _ in range(5):
        _give(account_manager, office_a, assignee=bob)
    client.force_login(account_manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("mentoring:recommendations-list"))
    assert response.content.decode().count("recommendation-row-") == 5
