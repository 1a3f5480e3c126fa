"""Development path pages: the office and its account manager see the path, charlie from another office nothing."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from nastavnik.mentoring.models import DevelopmentStage, DevelopmentTask
from nastavnik.mentoring.selectors.development import development_dashboard
from nastavnik.mentoring.services.development import development_path_start


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def path_a(office_a, account_manager):
    office_a.franchise_started_on = timezone.localdate() - timedelta(days=12)
    office_a.save()
    development_path_start(office=office_a)
    return office_a


def test_office_staff_go_straight_to_their_path(client, alice, path_a):
    client.force_login(alice)
    response = client.get("/mentoring/development/")
    assert response.status_code == 302 and response.url == f"/mentoring/development/{path_a.pk}/"
    page = client.get(response.url).content.decode()
    assert "Текущий этап" in page and "Запуск и онбординг" in page
    assert "list-group-item-danger" in page  # tasks due by day 10 are overdue on day 12
    assert "Добавить задачу" not in page


def test_account_manager_sees_offices_with_progress(client, account_manager, path_a, office_b):
    client.force_login(account_manager)
    page = client.get("/mentoring/development/").content.decode()
    assert f"development-row-{path_a.pk}" in page
    assert f"development-row-{office_b.pk}" not in page


def test_mark_done_and_reopen(client, alice, path_a):
    task = DevelopmentTask.objects.filter(office=path_a).first()
    client.force_login(alice)
    response = client.post(f"/mentoring/development/tasks/{task.pk}/done/")
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_by == alice
    page = client.get(f"/mentoring/development/{path_a.pk}/").content.decode()
    assert "Вернуть в работу" in page and "Смирнова" in page
    client.post(f"/mentoring/development/tasks/{task.pk}/reopen/")
    task.refresh_from_db()
    assert task.done_at is None


def test_account_manager_adds_a_task(client, account_manager, path_a):
    client.force_login(account_manager)
    stage = DevelopmentStage.objects.get(name="Первая продажа")
    url = f"/mentoring/development/{path_a.pk}/tasks/new/"
    response = client.post(url, {"stage": stage.pk, "title": "Скрипт", "due_on": "2020-01-01"})
    assert "Срок не может быть в прошлом" in response.content.decode()
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"stage": stage.pk, "title": "Скрипт первого звонка", "due_on": due})
    assert response.status_code == 302
    assert "от аккаунт-менеджера" in client.get(f"/mentoring/development/{path_a.pk}/").content.decode()


def test_office_cannot_add_tasks(client, owner_a, path_a):
    client.force_login(owner_a)
    assert client.get(f"/mentoring/development/{path_a.pk}/tasks/new/").status_code == 403


def test_outsider_sees_nothing(client, charlie, path_a):
    client.force_login(charlie)
    page = client.get("/mentoring/development/", follow=True).content.decode()
    assert "Альфа" not in page
    assert client.get(f"/mentoring/development/{path_a.pk}/").status_code == 404
    assert client.get(f"/mentoring/development/{path_a.pk}/tasks/new/").status_code == 404
    task = DevelopmentTask.objects.filter(office=path_a).first()
    assert client.post(f"/mentoring/development/tasks/{task.pk}/done/").status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_path_not_started_shows_empty_state(client, account_manager, office_a):
    client.force_login(account_manager)
    assert "Путь развития ещё не начат" in client.get(f"/mentoring/development/{office_a.pk}/").content.decode()


def test_dashboard_card(account_manager, charlie, path_a):
    html = render_to_string(
        "mentoring/partials/dashboard_development.html", {"data": development_dashboard(account_manager)}
    )
    assert "просрочено" in html and path_a.name in html
    empty = render_to_string("mentoring/partials/dashboard_development.html", {"data": development_dashboard(charlie)})
    assert "Просроченных задач пути развития нет" in empty


def test_office_page_query_count(client, account_manager, path_a, django_assert_max_num_queries):
    client.force_login(account_manager)
    with django_assert_max_num_queries(12):
        assert client.get(f"/mentoring/development/{path_a.pk}/").status_code == 200


def test_overdue_filter_on_the_offices_list(client, head, path_a, office_b):
    client.force_login(head)
    page = client.get("/mentoring/development/?overdue=1").content.decode()
    assert f"development-row-{path_a.pk}" in page
    assert f"development-row-{office_b.pk}" not in page
