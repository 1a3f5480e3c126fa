"""Call reviews, the golden list and recommendations in the browser: the account manager and the office in turn."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from nastavnik.mentoring.models import CallReview, Recommendation, ReviewCriterion
from nastavnik.mentoring.tests.reviews_world import golden_deal, recorded_call
from nastavnik.tests.browser.conftest import log_in
from nastavnik.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REFERENCE_DATA = (
    "nastavnik.offices.migrations.0002_reference_data",
    "nastavnik.deals.migrations.0002_default_pipeline",
    "nastavnik.mentoring.migrations.0003_reviews_default_criteria",
)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The rows the data migrations load (headquarters, stages, scorecard): an earlier browser test's flush
    may have removed them, so each test here loads them again before the personas are created."""
    for module in REFERENCE_DATA:
        loader = importlib.import_module(module)
        (getattr(loader, "load", None) or loader.add_default_criteria)(django_apps, None)


def test_call_review_from_request_to_feedback(account_manager, office_a, owner_a, alice, company_a, new_page):
    call = recorded_call(company=company_a, author=alice)
    mentor = new_page()
    log_in(mentor, account_manager.email, PASSWORD)
    mentor.goto("/mentoring/reviews/")
    expect(mentor.get_by_test_id("empty-state")).to_be_visible()
    mentor.get_by_test_id("review-create").click()
    mentor.select_option("#id_office", str(office_a.pk))
    today = timezone.localdate()
    mentor.fill("#id_period_from", (today - timedelta(days=7)).isoformat())
    mentor.fill("#id_period_to", today.isoformat())
    mentor.fill("#id_topic", "Возражения по цене")
    mentor.get_by_test_id("review-request-submit").click()
    expect(mentor.get_by_test_id("review-status")).to_contain_text("Запрошены записи")
    review = CallReview.objects.get()

    office = new_page()
    log_in(office, alice.email, PASSWORD)
    office.goto(f"/mentoring/reviews/{review.pk}/")
    office.check(f"input[name=calls][value='{call.pk}']")
    office.get_by_test_id("send-submit").click()
    expect(office.get_by_test_id("review-status")).to_contain_text("Записи отправлены")

    mentor.goto(f"/mentoring/reviews/{review.pk}/")
    item = review.items.get()
    for criterion in ReviewCriterion.objects.all():
        mentor.select_option(f"#id_item_{item.pk}_{criterion.pk}", "4")
    mentor.fill(f"#id_feedback_{item.pk}", "Цену назвали до выявления потребностей")
    mentor.fill("#id_summary", "Сначала вопросы, потом цена")
    mentor.get_by_test_id("feedback-submit").click()
    expect(mentor.get_by_test_id("review-summary")).to_contain_text("Сначала вопросы, потом цена")

    owner = new_page()
    log_in(owner, owner_a.email, PASSWORD)
    owner.goto("/mentoring/reviews/")
    owner.get_by_test_id(f"review-row-{review.pk}").get_by_role("link").click()
    expect(owner.get_by_test_id(f"scores-{item.pk}")).to_contain_text("Приветствие: 4")
    owner.goto("/mentoring/reviews/trend/")
    expect(owner.get_by_test_id("trend-table")).to_contain_text(alice.last_name)


def test_golden_deal_advice_applied_by_the_staff(account_manager, owner_a, alice, bob, company_a, charlie, new_page):
    deal = golden_deal(company=company_a, owner=alice, title="Зависшая Ромашка")
    mentor = new_page()
    log_in(mentor, account_manager.email, PASSWORD)
    mentor.goto("/mentoring/golden/")
    mentor.get_by_test_id(f"golden-row-{deal.pk}").get_by_role("link", name="Зависшая Ромашка").click()
    mentor.fill("#id_text", "Предложите оплату частями")
    mentor.select_option("#id_assignee", str(bob.pk))
    mentor.get_by_test_id("recommendation-submit").click()
    expect(mentor.get_by_test_id("recommendations")).to_contain_text("Предложите оплату частями")
    recommendation = Recommendation.objects.get()

    staff = new_page()
    log_in(staff, bob.email, PASSWORD)
    staff.goto(f"/mentoring/recommendations/{recommendation.pk}/")
    staff.get_by_test_id("apply-submit").click()
    expect(staff.locator(".invalid-feedback, [data-testid=form-errors]").first).to_contain_text("Опишите")
    staff.fill("#id_note", "Предложил, клиент согласен на две части")
    staff.get_by_test_id("apply-submit").click()
    expect(staff.get_by_test_id("applied-info")).to_be_visible()

    owner = new_page()
    log_in(owner, owner_a.email, PASSWORD)
    owner.goto("/mentoring/recommendations/?state=applied")
    expect(owner.get_by_test_id(f"recommendation-row-{recommendation.pk}")).to_contain_text("Применена")

    outsider = new_page()
    log_in(outsider, charlie.email, PASSWORD)
    response = outsider.goto(f"/mentoring/golden/{deal.pk}/")
    assert response is not None and response.status == 404
