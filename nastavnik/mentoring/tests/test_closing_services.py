"""Closing assist (дожатие): each condition of the seed's gate met and missing, the workflow, who may do what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.deals.models import Payment
from nastavnik.mentoring.choices import ClosingAssistStatus, JointCallChannel
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.selectors.closing import closing_assist_conditions, closing_assists_for, closing_dashboard
from nastavnik.mentoring.services import closing as services
from nastavnik.notifications.models import Notification
from nastavnik.tests.factories import (
    ActivityFactory,
    CompanyFactory,
    PaymentFactory,
    ProposalTemplateFactory,
    TariffFactory,
)


def log_calls(company, author, count=3, *, minutes=6, recording="recordings/call.mp3", **fields):
    return [
        ActivityFactory(
            company=company,
            author=author,
            duration_seconds=minutes * 60,
            recording=recording,
            occurred_at=timezone.now() - timedelta(days=10 - index),
            **fields,
        )
        for index in range(count)
    ]


def log_proposal(company, author, *, recommended=True, acknowledged=True):
    template = ProposalTemplateFactory(
        name="Рекомендованный шаблон КП" if recommended else "Старый шаблон", is_recommended=recommended
    )
    return ActivityFactory(
        company=company,
        author=author,
        kind=ActivityKind.PROPOSAL,
        direction="",
        duration_seconds=None,
        proposal_template=template,
        acknowledged=acknowledged,
    )


def ready_request(company, author, **overrides) -> ClosingAssistRequest:
    """A draft whose every condition is met: calls with recordings, an acknowledged proposal, a full summary."""
    log_calls(company, author)
    log_proposal(company, author)
    tariff = TariffFactory(name="Бизнес")
    fields = {
        "tariffs_presented": [tariff, TariffFactory(name="Старт")],
        "considered_tariff": tariff,
        "site_traffic": 12000,
        "history": "Три звонка, показали тарифы, клиент сравнивает с конкурентом.",
        "why_not_paying": "Ждёт одобрения бюджета у собственника.",
        "joint_call_channel": JointCallChannel.WHATSAPP,
        "joint_call_at": timezone.now() + timedelta(days=2),
        "owner_attends": True,
        "staff_member_attends": True,
        **overrides,
    }
    return services.closing_assist_create(user=author, company=company, **fields)


def condition(closing, key):
    return next(item for item in closing_assist_conditions(closing) if item.key == key)


@pytest.fixture
def people(alice, owner_a, account_manager):
    return {"alice": alice, "owner": owner_a, "mentor": account_manager}


def test_a_ready_request_meets_every_condition(people, company_a):
    closing = ready_request(company_a, people["alice"])
    assert [(item.key, item.met) for item in closing_assist_conditions(closing)] == [
        ("calls", True),
        ("proposal", True),
        ("tariffs", True),
        ("summary", True),
        ("recordings", True),
        ("joint_call", True),
    ]


def test_calls_too_few_too_short_or_incoming_do_not_count(people, company_a, settings):
    alice = people["alice"]
    closing = ready_request(company_a, alice)
    ActivityFactory(company=company_a, author=alice, direction=CallDirection.INCOMING, recording="r.mp3")
    ActivityFactory(company=company_a, author=alice, duration_seconds=4 * 60, recording="r.mp3")
    assert condition(closing, "calls").met
    settings.CLOSING_ASSIST_MIN_CALLS = 5
    calls = condition(closing, "calls")
    assert not calls.met
    assert calls.missing == "Подходящих звонков в журнале: 3 из 5."
    settings.CLOSING_ASSIST_MIN_CALLS = 3
    settings.CLOSING_ASSIST_MIN_CALL_MINUTES = 10
    assert condition(closing, "calls").missing == "Подходящих звонков в журнале: 0 из 3."


def test_calls_of_another_office_do_not_count(people, company_a, charlie):
    closing = services.closing_assist_create(user=people["alice"], company=company_a)
    ActivityFactory.create_batch(3, company=company_a, office=charlie.office, author=charlie, recording="r.mp3")
    assert not condition(closing, "calls").met


def test_proposal_missing_not_recommended_or_not_acknowledged(people, company_a):
    alice = people["alice"]
    closing = services.closing_assist_create(user=alice, company=company_a)
    assert condition(closing, "proposal").missing == "В истории клиента нет КП по рекомендованному шаблону."
    log_proposal(company_a, alice, recommended=False, acknowledged=True)
    assert not condition(closing, "proposal").met
    log_proposal(company_a, alice, recommended=True, acknowledged=False)
    missing = condition(closing, "proposal")
    assert not missing.met and "не отмечено, что клиент с ним ознакомлен" in missing.missing
    log_proposal(company_a, alice, recommended=True, acknowledged=True)
    assert condition(closing, "proposal").met


def test_tariffs_must_be_presented_and_the_considered_one_known(people, company_a):
    alice = people["alice"]
    closing = services.closing_assist_create(user=alice, company=company_a)
    tariffs = condition(closing, "tariffs")
    assert not tariffs.met
    assert "не отмечены показанные клиенту тарифы" in tariffs.missing.lower()
    assert "не указан тариф" in tariffs.missing
    business = TariffFactory(name="Бизнес")
    services.closing_assist_update(user=alice, closing=closing, tariffs_presented=[business])
    assert condition(closing, "tariffs").missing == "Не указан тариф, который рассматривает клиент."
    services.closing_assist_update(user=alice, closing=closing, considered_tariff=business)
    assert condition(closing, "tariffs").met


def test_considered_tariff_outside_the_presented_ones_is_refused(people, company_a):
    alice = people["alice"]
    closing = services.closing_assist_create(user=alice, company=company_a)
    with pytest.raises(ValidationError) as error:
        services.closing_assist_update(
            user=alice,
            closing=closing,
            tariffs_presented=[TariffFactory(name="Старт")],
            considered_tariff=TariffFactory(name="Бизнес"),
        )
    assert "considered_tariff" in error.value.message_dict
    closing.refresh_from_db()
    assert closing.considered_tariff is None
    assert not closing.tariffs_presented.exists()


def test_summary_lists_each_missing_part(people, company_a):
    alice = people["alice"]
    company_a.website = ""
    company_a.save()
    closing = services.closing_assist_create(user=alice, company=company_a)
    summary = condition(closing, "summary")
    assert not summary.met
    for part in (
        "не указан сайт",
        "не указана посещаемость",
        "не указан выбранный клиентом тариф",
        "нет ни одного касания",
        "не описана история",
        "почему клиент не платит",
    ):
        assert part in summary.missing.lower()


def test_summary_met_takes_site_from_card_and_touches_from_timeline(people, company_a):
    alice = people["alice"]
    company_a.site_traffic_monthly = 5400
    company_a.save()
    closing = ready_request(company_a, alice, site_traffic=None)
    assert closing.site_traffic == 5400
    assert condition(closing, "summary").met


def test_every_call_needs_its_recording(people, company_a):
    alice = people["alice"]
    closing = ready_request(company_a, alice)
    assert condition(closing, "recordings").met
    short = ActivityFactory(company=company_a, author=alice, duration_seconds=60, recording="")
    recordings = condition(closing, "recordings")
    assert not recordings.met
    assert timezone.localtime(short.occurred_at).strftime("%d.%m.%Y") in recordings.missing


def test_recordings_missing_when_no_call_was_logged(people, company_a):
    closing = services.closing_assist_create(user=people["alice"], company=company_a)
    assert condition(closing, "recordings").missing == "С клиентом не записано ни одного звонка."


def test_joint_call_needs_channel_time_owner_and_staff_member(people, company_a):
    alice = people["alice"]
    closing = services.closing_assist_create(user=alice, company=company_a)
    joint = condition(closing, "joint_call")
    assert not joint.met
    for part in ("не выбран канал", "не указано время", "участие владельца", "участие сотрудника"):
        assert part in joint.missing.lower()
    services.closing_assist_update(
        user=alice,
        closing=closing,
        joint_call_channel=JointCallChannel.ZOOM,
        joint_call_at=timezone.now() - timedelta(hours=1),
        owner_attends=True,
        staff_member_attends=True,
    )
    assert condition(closing, "joint_call").missing == "Время звонка уже прошло."
    services.closing_assist_update(user=alice, closing=closing, joint_call_at=timezone.now() + timedelta(hours=3))
    assert condition(closing, "joint_call").met


def test_joint_call_needs_an_office_owner(alice, account_manager, company_a):
    closing = ready_request(company_a, alice)
    assert "не указан владелец" in condition(closing, "joint_call").missing


def test_submit_refuses_listing_what_is_missing_and_changes_nothing(people, company_a):
    alice = people["alice"]
    closing = ready_request(company_a, alice, why_not_paying="", joint_call_channel="")
    with pytest.raises(ValidationError) as error:
        services.closing_assist_submit(user=alice, closing=closing)
    assert set(error.value.message_dict) == {"summary", "joint_call"}
    closing.refresh_from_db()
    assert closing.status == ClosingAssistStatus.DRAFT
    assert closing.submitted_at is None
    assert not Notification.objects.filter(user=people["mentor"]).exists()


def test_submit_notifies_the_account_manager(people, company_a, django_capture_on_commit_callbacks):
    closing = ready_request(company_a, people["alice"])
    with django_capture_on_commit_callbacks(execute=True):
        services.closing_assist_submit(user=people["alice"], closing=closing)
    closing.refresh_from_db()
    assert closing.status == ClosingAssistStatus.SUBMITTED
    assert closing.submitted_at is not None
    assert [message.to for message in mail.outbox] == [[people["mentor"].email]]
    assert "Ромашка" in mail.outbox[0].subject


def test_full_workflow_to_won_with_a_payment_the_office_enters(people, company_a, django_capture_on_commit_callbacks):
    alice, mentor, owner = people["alice"], people["mentor"], people["owner"]
    closing = ready_request(company_a, alice)
    services.closing_assist_submit(user=alice, closing=closing)
    with django_capture_on_commit_callbacks(execute=True):
        services.closing_assist_accept(user=mentor, closing=closing)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([alice.email, owner.email])
    services.closing_assist_joint_call_held(user=mentor, closing=closing)
    assert closing.joint_call_held_at is not None
    services.closing_assist_win(user=alice, closing=closing, amount=Decimal("180000.00"), paid_on=timezone.localdate())
    closing.refresh_from_db()
    assert closing.status == ClosingAssistStatus.WON
    assert closing.payment.amount == Decimal("180000.00")
    assert closing.payment.company == company_a
    assert closing.payment.tariff == closing.considered_tariff
    assert Notification.objects.filter(user=mentor, text__contains="оплатой").exists()


def test_account_manager_links_an_existing_payment_but_cannot_enter_one(people, company_a, office_b):
    alice, mentor = people["alice"], people["mentor"]
    closing = ready_request(company_a, alice)
    services.closing_assist_submit(user=alice, closing=closing)
    services.closing_assist_accept(user=mentor, closing=closing)
    with pytest.raises(ValidationError) as error:
        services.closing_assist_win(user=mentor, closing=closing, amount=Decimal("1000"), paid_on=timezone.localdate())
    assert "amount" in error.value.message_dict
    foreign = PaymentFactory(company=CompanyFactory(office=office_b))
    with pytest.raises(ValidationError):
        services.closing_assist_win(user=mentor, closing=closing, payment=foreign)
    with pytest.raises(ValidationError) as error:
        services.closing_assist_win(user=mentor, closing=closing)
    assert "payment" in error.value.message_dict
    assert Payment.objects.filter(company=company_a).count() == 0
    payment = PaymentFactory(company=company_a)
    services.closing_assist_win(user=mentor, closing=closing, payment=payment)
    assert closing.status == ClosingAssistStatus.WON and closing.payment == payment


def test_return_needs_a_reason_and_the_office_resubmits(people, company_a, django_capture_on_commit_callbacks):
    alice, mentor, owner = people["alice"], people["mentor"], people["owner"]
    closing = ready_request(company_a, alice)
    services.closing_assist_submit(user=alice, closing=closing)
    with pytest.raises(ValidationError) as error:
        services.closing_assist_return(user=mentor, closing=closing, reason="  ")
    assert error.value.message_dict == {"reason": ["Укажите, что нужно исправить."]}
    with django_capture_on_commit_callbacks(execute=True):
        services.closing_assist_return(user=mentor, closing=closing, reason="Добавьте запись второго звонка.")
    assert closing.status == ClosingAssistStatus.RETURNED
    assert {message.to[0] for message in mail.outbox} == {alice.email, owner.email}
    assert "Добавьте запись второго звонка." in mail.outbox[0].body
    services.closing_assist_update(user=alice, closing=closing, history="Дополнили историю.")
    services.closing_assist_submit(user=alice, closing=closing)
    assert closing.status == ClosingAssistStatus.SUBMITTED


def test_lost_needs_a_reason(people, company_a):
    alice, mentor = people["alice"], people["mentor"]
    closing = ready_request(company_a, alice)
    services.closing_assist_submit(user=alice, closing=closing)
    services.closing_assist_accept(user=mentor, closing=closing)
    services.closing_assist_joint_call_held(user=mentor, closing=closing)
    with pytest.raises(ValidationError):
        services.closing_assist_lose(user=mentor, closing=closing, reason="")
    services.closing_assist_lose(user=mentor, closing=closing, reason="Выбрали конкурента")
    closing.refresh_from_db()
    assert closing.status == ClosingAssistStatus.LOST
    assert closing.lost_reason == "Выбрали конкурента"
    assert closing.closed_at is not None


def test_moves_out_of_order_are_refused(people, company_a):
    alice, mentor = people["alice"], people["mentor"]
    closing = ready_request(company_a, alice)
    for move in (services.closing_assist_accept, services.closing_assist_joint_call_held):
        with pytest.raises(ValidationError):
            move(user=mentor, closing=closing)
    with pytest.raises(ValidationError):
        services.closing_assist_lose(user=mentor, closing=closing, reason="Нет")
    services.closing_assist_submit(user=alice, closing=closing)
    with pytest.raises(ValidationError):
        services.closing_assist_update(user=alice, closing=closing, history="Правка после отправки")
    with pytest.raises(ValidationError):
        services.closing_assist_submit(user=alice, closing=closing)


def test_sides_cannot_act_for_each_other(people, company_a, bob, charlie):
    alice, mentor = people["alice"], people["mentor"]
    with pytest.raises(PermissionDenied):
        services.closing_assist_create(user=mentor, company=company_a)
    with pytest.raises(PermissionDenied):
        services.closing_assist_create(user=charlie, company=company_a)
    closing = ready_request(company_a, alice)
    with pytest.raises(PermissionDenied):
        services.closing_assist_submit(user=mentor, closing=closing)
    services.closing_assist_submit(user=bob, closing=closing)  # a colleague of the same office may send it
    for person in (alice, bob, charlie):
        with pytest.raises(PermissionDenied):
            services.closing_assist_accept(user=person, closing=closing)
    with pytest.raises(PermissionDenied):
        services.closing_assist_return(user=alice, closing=closing, reason="Сам себе")


def test_staff_member_must_work_in_the_office(people, company_a, charlie):
    with pytest.raises(ValidationError) as error:
        services.closing_assist_create(user=people["alice"], company=company_a, staff_member=charlie)
    assert "staff_member" in error.value.message_dict
    assert not ClosingAssistRequest.objects.exists()


def test_account_manager_sees_no_drafts_and_outsiders_see_nothing(people, company_a, charlie, head):
    alice, mentor = people["alice"], people["mentor"]
    draft = services.closing_assist_create(user=alice, company=company_a)
    sent = ready_request(CompanyFactory(office=company_a.office, name="Лютик"), alice)
    services.closing_assist_submit(user=alice, closing=sent)
    assert set(closing_assists_for(alice)) == {draft, sent}
    assert set(closing_assists_for(mentor)) == {sent}
    assert set(closing_assists_for(head)) == {draft, sent}
    assert not closing_assists_for(charlie).exists()


def test_dashboard_for_account_manager_office_and_outsider(people, company_a, charlie):
    alice, mentor = people["alice"], people["mentor"]
    closing = ready_request(company_a, alice)
    office_data = closing_dashboard(alice)
    assert office_data["waiting_count"] == 1 and office_data["drafts"] == 1
    assert closing_dashboard(mentor)["waiting_count"] == 0
    services.closing_assist_submit(user=alice, closing=closing)
    mentor_data = closing_dashboard(mentor)
    assert mentor_data["submitted"] == 1
    assert mentor_data["items"][0]["url"] == f"/mentoring/closing/{closing.pk}/"
    assert closing_dashboard(charlie)["waiting_count"] == 0
