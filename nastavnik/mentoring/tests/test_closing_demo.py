"""The closing assist demo: one request sent to the account manager and one draft per partner office."""

from nastavnik.mentoring.choices import ClosingAssistStatus
from nastavnik.mentoring.demo import closing
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.tests.factories import CompanyFactory, ProposalTemplateFactory, TariffFactory


def test_demo_sends_one_client_and_keeps_one_draft(office_a, owner_a, account_manager):
    ProposalTemplateFactory()
    TariffFactory(name="Старт")
    TariffFactory(name="Бизнес")
    CompanyFactory(office=office_a, name="Агат")
    CompanyFactory(office=office_a, name="Бирюза")
    assert closing.seed(offices=[office_a]) > 0
    statuses = dict(ClosingAssistRequest.objects.values_list("company__name", "status"))
    assert statuses == {"Агат": ClosingAssistStatus.SUBMITTED, "Бирюза": ClosingAssistStatus.DRAFT}
    assert closing.seed(offices=[office_a]) == 0
