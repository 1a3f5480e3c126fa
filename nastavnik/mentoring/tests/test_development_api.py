"""Development path API: stages, an office's tasks, marking done, extra tasks, outsiders."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from nastavnik.mentoring.models import DevelopmentStage, DevelopmentTask, DevelopmentTaskTemplate
from nastavnik.mentoring.services.development import development_path_start

TASKS = "/api/v1/mentoring/development-tasks/"
STAGES = "/api/v1/mentoring/development-stages/"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def path_a(office_a, account_manager):
    office_a.franchise_started_on = timezone.localdate() - timedelta(days=12)
    office_a.save()
    development_path_start(office=office_a)
    return office_a


def test_stages_show_the_template(alice):
    body = api_as(alice).get(STAGES).json()
    assert body["results"][0]["name"] == "Запуск и онбординг"
    assert body["results"][0]["tasks"][0]["due_days"] == 2


def test_office_lists_its_tasks_and_overdue(alice, path_a):
    client = api_as(alice)
    assert client.get(TASKS).json()["count"] == DevelopmentTaskTemplate.objects.count()
    overdue = client.get(f"{TASKS}?is_overdue=true").json()
    assert overdue["count"] == 5  # due on days 2, 3, 5, 10 and 10
    assert all(row["is_overdue"] for row in overdue["results"])


def test_complete_and_reopen(alice, path_a):
    task = DevelopmentTask.objects.filter(office=path_a).first()
    client = api_as(alice)
    response = client.post(f"{TASKS}{task.pk}/complete/")
    assert response.status_code == 200 and response.json()["done_by"] == alice.pk
    assert client.post(f"{TASKS}{task.pk}/complete/").status_code == 400
    assert client.post(f"{TASKS}{task.pk}/reopen/").json()["done_at"] is None


def test_account_manager_adds_a_task(account_manager, alice, path_a):
    stage = DevelopmentStage.objects.get(name="Первая продажа")
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    data = {"office": path_a.pk, "stage": stage.pk, "title": "Скрипт", "due_on": due}
    response = api_as(account_manager).post(TASKS, data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["created_by"] == account_manager.pk
    assert api_as(alice).post(TASKS, data, format="json").status_code == 403
    response = api_as(account_manager).post(TASKS, {**data, "due_on": "2020-01-01"}, format="json")
    assert response.status_code == 400 and "due_on" in response.json()


def test_outsider_sees_nothing(charlie, path_a):
    client = api_as(charlie)
    assert client.get(TASKS).json()["count"] == 0
    task = DevelopmentTask.objects.filter(office=path_a).first()
    assert client.get(f"{TASKS}{task.pk}/").status_code == 404
    assert client.post(f"{TASKS}{task.pk}/complete/").status_code == 404
    stage = DevelopmentStage.objects.first()
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(TASKS, {"office": path_a.pk, "stage": stage.pk, "title": "x", "due_on": due}, format="json")
    assert response.status_code == 400 and "office" in response.json()
