"""The duty roster: the head fills a month, others read it; absent duty managers are flagged."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nastavnik.intake.models import DutyShift
from nastavnik.intake.services import duty_roster_save
from nastavnik.intake.tests.telephony_personas import absent, hq_manager

ROSTER = "/intake/roster/"


@pytest.fixture
def ivanov(db):
    return hq_manager("ivanov@hq.ru", "Иванов")


@pytest.fixture
def petrov(db):
    return hq_manager("petrov@hq.ru", "Петров")


def test_head_saves_a_month_in_one_post(client, head, ivanov, petrov):
    DutyShift.objects.create(date=date(2026, 11, 3), manager=petrov)
    client.force_login(head)
    response = client.post(
        ROSTER,
        {"month": "2026-11", "day_2026-11-02": ivanov.pk, "day_2026-11-04": petrov.pk, "day_2026-11-03": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/intake/roster/?month=2026-11"
    assert dict(DutyShift.objects.values_list("date", "manager")) == {
        date(2026, 11, 2): ivanov.pk,
        date(2026, 11, 4): petrov.pk,
    }
    page = client.get(response["Location"])
    assert "График дежурств сохранён." in page.content.decode()


def test_roster_shows_a_monday_first_calendar_with_days_off(client, head, ivanov):
    client.force_login(head)
    page = client.get(ROSTER, {"month": "2026-11"}).content.decode()
    # 1 November 2026 is a Sunday: six empty cells before it in a Monday-first week.
    assert page.count('data-testid="roster-day"') == 30
    assert 'data-date="2026-11-01"' in page
    assert page.index('<td class="bg-body-tertiary"></td>') < page.index('data-date="2026-11-01"')
    assert 'name="day_2026-11-30"' in page
    assert "Иванов" in page


def test_manager_reads_the_roster_but_cannot_change_it(client, ivanov, petrov):
    DutyShift.objects.create(date=date(2026, 11, 5), manager=petrov)
    client.force_login(ivanov)
    page = client.get(ROSTER, {"month": "2026-11"}).content.decode()
    assert "Петров" in page
    assert 'name="day_2026-11-05"' not in page
    assert "График составляет руководитель отдела продаж." in page
    response = client.post(ROSTER, {"month": "2026-11", "day_2026-11-05": ivanov.pk})
    assert response.status_code == 403
    assert DutyShift.objects.get(date=date(2026, 11, 5)).manager == petrov


def test_service_refuses_anyone_but_the_head(ivanov):
    with pytest.raises(PermissionDenied):
        duty_roster_save(user=ivanov, month=date(2026, 11, 1), assignments={date(2026, 11, 2): ivanov})
    assert not DutyShift.objects.exists()


def test_only_hq_managers_and_days_of_the_month(head, ivanov, alice):
    with pytest.raises(ValidationError) as error:
        duty_roster_save(
            user=head,
            month=date(2026, 11, 1),
            assignments={date(2026, 11, 2): alice, date(2026, 12, 1): ivanov},
        )
    messages = " ".join(error.value.messages)
    assert "не менеджер центрального офиса" in messages
    assert "01.12.2026 не относится к выбранному месяцу." in messages
    assert not DutyShift.objects.exists()


def test_a_partner_manager_is_not_offered(client, head, alice):
    client.force_login(head)
    response = client.post(ROSTER, {"month": "2026-11", "day_2026-11-02": alice.pk})
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()
    assert not DutyShift.objects.exists()


def test_absent_duty_manager_is_flagged(client, head, ivanov, petrov):
    DutyShift.objects.create(date=date(2026, 11, 10), manager=ivanov)
    DutyShift.objects.create(date=date(2026, 11, 11), manager=petrov)
    absent(ivanov, date(2026, 11, 10))
    client.force_login(petrov)
    page = client.get(ROSTER, {"month": "2026-11"}).content.decode()
    assert page.count('data-testid="absent-flag"') == 1
    cell = page[page.index('data-date="2026-11-10"') :]
    assert cell.index("отсутствует") < cell.index('data-date="2026-11-11"')
    client.force_login(head)
    assert client.get(ROSTER, {"month": "2026-11"}).content.decode().count('data-testid="absent-flag"') == 1


def test_a_bad_month_shows_the_current_one(client, head):
    client.force_login(head)
    assert client.get(ROSTER, {"month": "2026-13"}).status_code == 200
    assert client.get(ROSTER, {"month": "abc"}).status_code == 200


def test_anonymous_is_sent_to_login(client):
    assert client.get(ROSTER).status_code == 302
