"""The demo seeders of status requests and the development path run through the services on a small network."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from nastavnik.mentoring.demo import development, status_requests
from nastavnik.mentoring.models import DevelopmentTask, StatusAnswer, StatusRequest


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_demo_seeds_a_partly_answered_request_and_a_path(office_a, account_manager, owner_a, company_a):
    office_a.franchise_started_on = timezone.localdate() - timedelta(days=60)
    office_a.save()
    assert status_requests.seed(offices=[office_a]) == 2
    request = StatusRequest.objects.get()
    assert request.recurrence == "monthly"
    assert StatusAnswer.objects.filter(answered_at__isnull=False).count() == 1
    assert development.seed(offices=[office_a]) > 0
    tasks = DevelopmentTask.objects.filter(office=office_a)
    assert tasks.filter(done_at__isnull=False).exists()
    assert tasks.filter(done_at__isnull=True, due_on__lt=timezone.localdate()).exists()
