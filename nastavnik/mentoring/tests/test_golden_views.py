"""Golden list pages: the queue, advice per deal, taking a deal off the list; outsiders see nothing."""

from django.urls import reverse

from nastavnik.mentoring.models import Recommendation
from nastavnik.mentoring.tests.reviews_world import close_deal, golden_deal


def test_account_manager_reviews_a_golden_deal(client, account_manager, company_a, alice, bob):
    deal = golden_deal(company=company_a, owner=alice)
    client.force_login(account_manager)
    assert f"golden-row-{deal.pk}" in client.get(reverse("mentoring:golden-list")).content.decode()
    url = reverse("mentoring:golden-detail", args=[deal.pk])
    response = client.post(url, {"text": "", "assignee": bob.pk})
    assert response.status_code == 200 and "Напишите текст рекомендации." in response.content.decode()
    response = client.post(url, {"text": "Предложите рассрочку на 3 месяца", "assignee": bob.pk})
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.deal, recommendation.assignee, recommendation.source) == (deal, bob, "golden_list")
    assert f"golden-row-{deal.pk}" not in client.get(reverse("mentoring:golden-list")).content.decode()
    page = client.get(reverse("mentoring:golden-list"), {"state": "all"}).content.decode()
    assert f"golden-row-{deal.pk}" in page and "Рекомендация в работе" in page


def test_outcome_filter_and_badge(client, account_manager, company_a, alice):
    won = golden_deal(company=company_a, owner=alice, title="Выиграна")
    close_deal(won, won=True)
    client.force_login(account_manager)
    page = client.get(reverse("mentoring:golden-list"), {"state": "all", "outcome": "won"}).content.decode()
    assert f"golden-row-{won.pk}" in page
    assert "Оплата" in client.get(reverse("mentoring:golden-detail", args=[won.pk])).content.decode()


def test_office_cannot_give_advice_but_can_take_the_deal_off(client, alice, account_manager, company_a):
    deal = golden_deal(company=company_a, owner=alice)
    client.force_login(alice)
    url = reverse("mentoring:golden-detail", args=[deal.pk])
    assert 'id="recommendation-form"' not in client.get(url).content.decode()
    assert client.post(url, {"text": "Сам себе совет"}).status_code == 403
    assert client.post(reverse("mentoring:golden-remove", args=[deal.pk])).status_code == 302
    assert not deal.tags.exists()


def test_outsider_sees_no_golden_deal_page(client, charlie, company_a, alice):
    deal = golden_deal(company=company_a, owner=alice)
    client.force_login(charlie)
    assert client.get(reverse("mentoring:golden-detail", args=[deal.pk])).status_code == 404
    assert client.post(reverse("mentoring:golden-remove", args=[deal.pk])).status_code == 404
    page = client.get(reverse("mentoring:golden-list"), {"state": "all"}).content.decode()
    assert f"golden-row-{deal.pk}" not in page and 'data-testid="empty-state"' in page
