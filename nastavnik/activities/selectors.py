"""Reads of the timeline, scoped to the user."""

from django.db.models import QuerySet

from nastavnik.activities.models import Activity, ProposalTemplate
from nastavnik.clients.models import Company
from nastavnik.deals.selectors import agent_deal_filter
from nastavnik.offices.models import User
from nastavnik.offices.selectors import office_scope


def activities_for(user: User) -> QuerySet[Activity]:
    return Activity.objects.filter(office_scope(user)).filter(agent_deal_filter(user))


def activity_list(user: User) -> QuerySet[Activity]:
    return activities_for(user).select_related("company", "deal", "contact", "author", "proposal_template")


def timeline_for(user: User, company: Company) -> QuerySet[Activity]:
    return activity_list(user).filter(company=company)


def proposal_templates() -> QuerySet[ProposalTemplate]:
    return ProposalTemplate.objects.all()
