"""Deal pages and the pipeline board: alice (manager), bob (agent), charlie (outsider), the account manager."""

import pytest

from nastavnik.deals.models import Deal, Stage
from nastavnik.tests.factories import CompanyFactory, DealFactory


@pytest.fixture
def deals(company_a, alice, bob):
    """Alice's own deal and one bob opened in the same office."""
    return {
        "alice": DealFactory(company=company_a, owner=alice, title="Сделка Алисы"),
        "bob": DealFactory(company=company_a, owner=alice, agent=bob, title="Сделка Бориса"),
    }


def _first_open_stage() -> Stage:
    return Stage.objects.filter(is_won=False, is_lost=False).order_by("order").first()


def test_deal_list_for_the_manager_shows_every_deal_of_the_office(client, alice, deals):
    client.force_login(alice)
    page = client.get("/deals/").content.decode()
    assert "Сделка Алисы" in page and "Сделка Бориса" in page


def test_agent_sees_only_his_deals_in_the_list_and_on_the_board(client, bob, deals):
    client.force_login(bob)
    page = client.get("/deals/").content.decode()
    assert "Сделка Бориса" in page
    assert "Сделка Алисы" not in page
    board = client.get("/deals/board/").content.decode()
    assert "Сделка Бориса" in board
    assert "Сделка Алисы" not in board
    assert client.get(f"/deals/{deals['alice'].pk}/").status_code == 404


def test_outsider_sees_no_deal(client, charlie, deals):
    client.force_login(charlie)
    assert "Сделка Алисы" not in client.get("/deals/").content.decode()
    assert "Сделка Алисы" not in client.get("/deals/board/").content.decode()
    for deal in deals.values():
        assert client.get(f"/deals/{deal.pk}/").status_code == 404
        assert client.get(f"/deals/{deal.pk}/edit/").status_code == 404
        assert client.post(f"/deals/{deal.pk}/move/", {"stage": _first_open_stage().pk}).status_code == 404


def test_deal_card_shows_details_and_history(client, alice, deals):
    deal = deals["alice"]
    client.force_login(alice)
    second = Stage.objects.filter(is_won=False, is_lost=False).order_by("order")[1]
    client.post(f"/deals/{deal.pk}/move/", {"stage": second.pk})
    response = client.get(f"/deals/{deal.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Сделка Алисы" in page
    assert "180\u00a0000\u00a0₽" in page
    history = response.context["history"]
    assert any(c.new == second.name for entry in history for c in entry.changes)
    assert history[0].user == alice


def test_move_a_deal_on_the_board_without_javascript(client, alice, deals):
    deal = deals["alice"]
    target = Stage.objects.filter(is_won=False, is_lost=False).order_by("order")[1]
    client.force_login(alice)
    response = client.post(f"/deals/{deal.pk}/move/", {"stage": target.pk, "next": "/deals/board/"})
    assert response.status_code == 302
    assert response.url == "/deals/board/"
    deal.refresh_from_db()
    assert deal.stage == target


def test_move_with_htmx_answers_with_a_board_refresh(client, alice, deals):
    deal = deals["alice"]
    won = Stage.objects.filter(is_won=True).first()
    client.force_login(alice)
    response = client.post(f"/deals/{deal.pk}/move/", {"stage": won.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Trigger"] == "board-changed"
    deal.refresh_from_db()
    assert deal.stage == won and deal.closed_at is not None


def test_moving_to_a_lost_stage_asks_for_the_reason(client, alice, deals):
    deal = deals["alice"]
    lost = Stage.objects.filter(is_lost=True).first()
    client.force_login(alice)
    response = client.post(f"/deals/{deal.pk}/move/", {"stage": lost.pk, "next": "/deals/board/"})
    assert response.status_code == 200
    assert "Укажите причину отказа." in response.content.decode()
    deal.refresh_from_db()
    assert deal.stage != lost

    htmx = client.post(f"/deals/{deal.pk}/move/", {"stage": lost.pk}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 422
    assert "Укажите причину отказа." in htmx.content.decode()

    response = client.post(
        f"/deals/{deal.pk}/move/", {"stage": lost.pk, "lost_reason": "Дорого", "next": "/deals/board/"}
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.stage == lost and deal.lost_reason == "Дорого"


def test_board_has_a_column_per_stage_and_a_move_form_per_card(client, alice, deals):
    client.force_login(alice)
    response = client.get("/deals/board/")
    assert response.status_code == 200
    assert [column["stage"] for column in response.context["columns"]] == list(Stage.objects.all())
    page = response.content.decode()
    assert f'data-testid="move-stage-{deals["alice"].pk}"' in page
    assert f'action="/deals/{deals["alice"].pk}/move/"' in page


def test_board_htmx_request_returns_the_board_fragment(client, alice, deals):
    client.force_login(alice)
    page = client.get("/deals/board/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="board"')


def test_account_manager_sees_deals_but_cannot_change_them(client, account_manager, deals):
    deal = deals["alice"]
    client.force_login(account_manager)
    assert client.get(f"/deals/{deal.pk}/").status_code == 200
    assert 'data-testid="deal-edit"' not in client.get(f"/deals/{deal.pk}/").content.decode()
    assert client.get(f"/deals/{deal.pk}/edit/").status_code == 403
    assert client.post(f"/deals/{deal.pk}/move/", {"stage": _first_open_stage().pk}).status_code == 403
    assert 'data-testid="move-stage-' not in client.get("/deals/board/").content.decode()


def test_open_a_deal_from_the_company_card(client, alice, company_a):
    client.force_login(alice)
    form = client.get(f"/deals/new/?company={company_a.pk}").context["form"]
    assert form.initial["owner"] == alice.pk
    response = client.post(
        f"/deals/new/?company={company_a.pk}",
        {
            "title": "Контекстная реклама",
            "stage": _first_open_stage().pk,
            "amount": "250000.50",
            "owner": alice.pk,
            "source": "website",
        },
    )
    deal = Deal.objects.get(title="Контекстная реклама")
    assert response.status_code == 302
    assert response.url == f"/deals/{deal.pk}/"
    assert deal.company == company_a and deal.office == company_a.office


def test_agent_opens_a_deal_for_a_manager(client, bob, alice, company_a):
    client.force_login(bob)
    response = client.post(
        f"/deals/new/?company={company_a.pk}",
        {"stage": _first_open_stage().pk, "amount": "1000", "owner": alice.pk, "source": "agent"},
    )
    assert response.status_code == 302
    deal = Deal.objects.get(company=company_a)
    assert deal.agent == bob and deal.owner == alice


def test_new_deal_without_a_company_asks_for_one(client, alice, company_a, office_b):
    CompanyFactory(office=office_b, name="Чужая")
    client.force_login(alice)
    page = client.get("/deals/new/").content.decode()
    assert "Ромашка" in page and "Чужая" not in page
    assert client.get("/deals/new/", {"company": CompanyFactory(office=office_b).pk}).status_code == 404


def test_deal_form_errors_are_inline(client, alice, company_a):
    client.force_login(alice)
    response = client.post(
        f"/deals/new/?company={company_a.pk}",
        {"stage": Stage.objects.filter(is_lost=True).first().pk, "amount": "-5", "owner": alice.pk, "source": "other"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Deal.objects.exists()


def test_edit_a_deal(client, alice, deals):
    deal = deals["alice"]
    client.force_login(alice)
    response = client.post(
        f"/deals/{deal.pk}/edit/",
        {"title": "Новое имя", "stage": deal.stage_id, "amount": "5", "owner": alice.pk, "source": "other"},
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.title == "Новое имя"


def test_deal_list_filters_and_sorts(client, alice, deals):
    client.force_login(alice)
    found = client.get("/deals/", {"q": "Бориса"}).context["page"]
    assert [d.title for d in found] == ["Сделка Бориса"]
    assert client.get("/deals/", {"ordering": "-amount", "is_open": "true", "stage": "abc"}).status_code == 200


def test_deal_list_empty_state(client, alice):
    client.force_login(alice)
    assert "Пока нет сделок" in client.get("/deals/").content.decode()
