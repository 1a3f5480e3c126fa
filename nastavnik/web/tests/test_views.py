"""The UI shell: login, the dashboard per role, the API tokens page, the template filters."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from nastavnik.activities.choices import ActivityKind
from nastavnik.offices.models import ApiToken
from nastavnik.tests.factories import ActivityFactory, DealFactory


def test_pages_require_login(client):
    for url in ("/", "/companies/", "/contacts/", "/deals/", "/deals/board/", "/profile/tokens/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/login/")


def test_login_by_email_and_password(client, alice, password):
    response = client.post("/login/", {"username": "alice@alpha.ru", "password": password})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    page = client.get("/").content.decode()
    assert "Смирнова А." in page
    assert "Менеджер по продажам" in page


def test_wrong_password_is_refused_in_russian(client, alice):
    response = client.post("/login/", {"username": "alice@alpha.ru", "password": "nope"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_renders(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="username"' in page
    assert "Войти" in page


def test_logout_is_a_post(client, alice):
    client.force_login(alice)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_language_switch_to_english(client, alice):
    client.force_login(alice)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


def test_dashboard_shows_real_numbers(client, alice, company_a):
    DealFactory(company=company_a, owner=alice, title="Сайт под ключ")
    ActivityFactory(
        company=company_a,
        author=alice,
        kind=ActivityKind.TASK,
        subject="Перезвонить директору",
        due_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(alice)
    response = client.get("/")
    assert response.status_code == 200
    context = response.context
    assert context["heading"] == "Мои продажи"
    assert context["my_open_deal_count"] == 1
    assert context["tasks_due_count"] == 1
    assert context["company_count"] == 1
    page = response.content.decode()
    assert "Перезвонить директору" in page
    assert "Сайт под ключ" in page


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("bob", "Мои звонки и сделки"),
        ("account_manager", "Мои представительства"),
        ("head", "Рабочий стол руководителя"),
    ],
)
def test_dashboard_heading_depends_on_role(db, client, request, persona, heading):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/")
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_outsider_dashboard_counts_nothing_of_another_office(client, charlie, alice, company_a):
    DealFactory(company=company_a, owner=alice)
    client.force_login(charlie)
    response = client.get("/")
    assert response.context["company_count"] == 0
    assert response.context["office_open_deal_count"] == 0


def test_api_token_is_shown_once_and_can_be_revoked(client, alice):
    client.force_login(alice)
    response = client.post("/profile/tokens/", {"name": "Телефония"}, follow=True)
    token = ApiToken.objects.get(user=alice)
    key = response.context["new_key"]["key"]
    assert key.startswith(token.prefix)
    assert key in response.content.decode()
    again = client.get("/profile/tokens/").content.decode()
    assert key not in again
    assert "Телефония" in again

    response = client.post(f"/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_outsider_cannot_revoke_someone_elses_token(client, alice, charlie):
    from nastavnik.offices.services import api_token_create

    token, _key = api_token_create(user=alice, name="Склад Альфы")
    client.force_login(charlie)
    assert client.post(f"/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert "Склад Альфы" not in client.get("/profile/tokens/").content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def _render(source: str, **context) -> str:
    return Template("{% load crm %}" + source).render(Context(context))


def test_template_filters_show_money_phones_and_dates_the_russian_way():
    assert _render("{{ v|rub }}", v=Decimal("1234.5")) == "1\u00a0234,50\u00a0₽"
    assert _render("{{ v|phone }}", v="+74951234567") == "+7 (495) 123-45-67"
    assert _render("{{ v|ru_date }}", v=date(2026, 11, 22)) == "22.11.2026"
    # 21:30 UTC is 00:30 of the next day in Moscow
    assert _render("{{ v|ru_datetime }}", v=datetime(2026, 11, 22, 21, 30, tzinfo=UTC)) == "23.11.2026 00:30"
    assert _render("{{ v|ru_datetime }}", v=None) == ""


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_page_renders_in_both_languages(client, alice, company_a, language):
    deal = DealFactory(company=company_a, owner=alice)
    ActivityFactory(company=company_a, deal=deal, author=alice)
    client.force_login(alice)
    client.cookies["django_language"] = language
    urls = [
        "/",
        "/companies/",
        "/companies/new/",
        f"/companies/{company_a.pk}/",
        f"/companies/{company_a.pk}/edit/",
        f"/companies/{company_a.pk}/contacts/new/",
        "/contacts/",
        "/deals/",
        "/deals/new/",
        f"/deals/new/?company={company_a.pk}",
        "/deals/board/",
        f"/deals/{deal.pk}/",
        f"/deals/{deal.pk}/edit/",
        f"/deals/{deal.pk}/move/",
        f"/companies/{company_a.pk}/activities/new/call/",
        f"/companies/{company_a.pk}/activities/new/proposal/",
        f"/companies/{company_a.pk}/activities/new/task/",
        "/profile/tokens/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode(), url
