"""Company and contact pages: lists, the company card, create and edit forms."""

from itertools import chain
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.selectors import timeline_for
from nastavnik.clients import selectors, services
from nastavnik.clients.duplicates import DuplicateReport, find_duplicates, likely_duplicates
from nastavnik.clients.filters import CompanyFilter, ContactFilter, PoolFilter
from nastavnik.clients.forms import CONTACT_ALIASES, CompanyForm, ContactForm
from nastavnik.clients.models import Company, Contact
from nastavnik.deals.models import Deal
from nastavnik.deals.selectors import deal_list, deals_for
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import has_full_access, offices_for, writable_offices_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.history import history_entries
from nastavnik.web.pages import (
    acting_user,
    list_context,
    paginate,
    posted,
    render_page,
    scoped_filterset,
    wants_fragment,
)


def history_subject(record: Any) -> str:
    """How a history record names what it is about on the company card."""
    if record.instance_type is Company:
        return _("Компания")
    if record.instance_type is Contact:
        name = " ".join(part for part in (record.surname, record.first_name) if part)
        return _("Контакт %(name)s") % {"name": name}
    return _("Сделка «%(title)s»") % {"title": record.title or f"#{record.id}"}


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filterset = scoped_filterset(CompanyFilter, request, selectors.company_list(user))
    context = {
        **list_context(request, filterset, ["name"]),
        "tags": selectors.tags_for(user).select_related("office"),
        "show_office": offices_for(user).count() > 1,
        "can_create": writable_offices_for(user).exists(),
    }
    return render_page(request, "clients/company_list.html", "clients/partials/company_results.html", context)


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    company = get_object_or_404(
        selectors.companies_for(user).select_related("office", "region", "responsible").prefetch_related("tags"),
        pk=pk,
    )
    context: dict[str, Any] = {
        "company": company,
        "timeline": paginate(request, timeline_for(user, company)),
        "can_edit": selectors.can_edit_company(user, company),
    }
    if wants_fragment(request):
        return render_page(request, "clients/company_detail.html", "activities/partials/timeline.html", context)
    records = chain(
        company.history.select_related("history_user"),
        Contact.history.filter(company_id=company.pk).select_related("history_user"),  # type: ignore[attr-defined]
        Deal.history.filter(  # type: ignore[attr-defined]
            company_id=company.pk, id__in=deals_for(user).filter(company=company).values("pk")
        ).select_related("history_user"),
    )
    context.update(
        {
            "contacts": selectors.contact_list(user).filter(company=company),
            "deals": deal_list(user).filter(company=company).order_by("closed_at", "-opened_at"),
            "history": history_entries(records, history_subject),
            "activity_kinds": ActivityKind.choices,
        }
    )
    return render_page(request, "clients/company_detail.html", "activities/partials/timeline.html", context)


def _ensure_can_edit(user: User, company: Company) -> None:
    if not selectors.can_edit_company(user, company):
        raise PermissionDenied(_("У вас нет прав изменять эту компанию."))


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not writable_offices_for(user).exists():
        raise PermissionDenied(_("У вас нет прав создавать компании."))
    form = CompanyForm(posted(request), user=user)
    report = find_duplicates(user=user, **form.duplicate_query()) if form.is_bound else DuplicateReport()
    if request.method == "POST" and form.is_valid():
        if likely_duplicates(report) and not form.cleaned_data.get("confirm_duplicate"):
            form.add_error(
                None,
                _(
                    "Похоже, этот клиент уже есть в системе: проверьте совпадения ниже. "
                    "Если это другой клиент, отметьте «Это другой клиент, всё равно создать»."
                ),
            )
        else:
            company = _create_company_with_contact(user, form)
            if company is not None:
                messages.success(request, _("Компания «%(name)s» создана.") % {"name": company.display_name})
                return redirect("clients:company-detail", pk=company.pk)
    context = {"form": form, "company": None, "report": report, "needs_confirmation": bool(likely_duplicates(report))}
    return render(request, "clients/company_form.html", context)


def _create_company_with_contact(user: User, form: CompanyForm) -> Company | None:
    """The company and its first contact are written together or not at all; errors go on the form."""
    fields = form.service_fields()
    tags = fields.pop("tags", [])
    contact = form.contact_fields()
    try:
        with transaction.atomic():
            company = services.company_create(user=user, tags=tags, **fields)
            if contact is not None:
                services.contact_create(user=user, company=company, **contact)
    except ValidationError as error:
        add_service_errors(form, error, aliases=CONTACT_ALIASES)
        return None
    return company


@login_required
def company_duplicates(request: HttpRequest) -> HttpResponse:
    """The live panel of the new-company form: possible duplicates of what has been typed so far."""
    user = acting_user(request)
    form = CompanyForm(request.GET, user=user)
    query = form.duplicate_query()
    report = find_duplicates(user=user, **query) if any(query.values()) else DuplicateReport()
    context = {"report": report, "needs_confirmation": bool(likely_duplicates(report))}
    return render(request, "clients/partials/duplicates_panel.html", context)


@login_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    company = get_object_or_404(selectors.companies_for(user), pk=pk)
    _ensure_can_edit(user, company)
    title = company.display_name
    form = CompanyForm(posted(request), instance=company, user=user)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        tags = fields.pop("tags", [])
        try:
            services.company_update(user=user, company=company, tags=tags, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("clients:company-detail", pk=company.pk)
    return render(request, "clients/company_form.html", {"form": form, "company": company, "title": title})


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filterset = scoped_filterset(ContactFilter, request, selectors.contact_list(user))
    context = {
        **list_context(request, filterset, ["-is_current", "surname", "first_name"]),
        "writable_office_ids": set(writable_offices_for(user).values_list("pk", flat=True)),
    }
    return render_page(request, "clients/contact_list.html", "clients/partials/contact_results.html", context)


@login_required
def contact_create(request: HttpRequest, company_pk: int) -> HttpResponse:
    user = acting_user(request)
    company = get_object_or_404(selectors.companies_for(user), pk=company_pk)
    _ensure_can_edit(user, company)
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(user=user, company=company, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Контакт «%(name)s» добавлен.") % {"name": contact.full_name})
            return redirect("clients:company-detail", pk=company.pk)
    return render(request, "clients/contact_form.html", {"form": form, "company": company, "contact": None})


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    contact = get_object_or_404(selectors.contacts_for(user).select_related("company"), pk=pk)
    company = contact.company
    _ensure_can_edit(user, company)
    form = ContactForm(posted(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(user=user, contact=contact, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("clients:company-detail", pk=company.pk)
    return render(request, "clients/contact_form.html", {"form": form, "company": company, "contact": contact})


@login_required
def company_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Fold another company of the same office into this one: search, preview what moves, confirm."""
    user = acting_user(request)
    target = get_object_or_404(selectors.companies_for(user).select_related("office"), pk=pk)
    _ensure_can_edit(user, target)
    query = request.GET.get("q", "")
    source_id = request.POST.get("source") or request.GET.get("source") or ""
    source = None
    if source_id.isdigit():
        source = get_object_or_404(selectors.companies_for(user), pk=int(source_id))
    errors: list[str] = []
    if request.method == "POST" and source is not None:
        source_name = source.display_name
        try:
            services.company_merge(user=user, target=target, source=source)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Компания «%(source)s» объединена с «%(target)s».")
                % {"source": source_name, "target": target.display_name},
            )
            return redirect("clients:company-detail", pk=target.pk)
    context = {
        "company": target,
        "query": query,
        "candidates": selectors.merge_candidates(user, target, query),
        "source": source,
        "preview": selectors.company_merge_preview(target=target, source=source) if source is not None else None,
        "errors": errors,
    }
    status = 400 if errors else 200
    return render_page(
        request, "clients/company_merge.html", "clients/partials/merge_candidates.html", context, status=status
    )


@login_required
def company_pool(request: HttpRequest) -> HttpResponse:
    """The HQ pool: clients whose office let the claim lapse, waiting to be handed out again."""
    user = acting_user(request)
    if not (has_full_access(user) or user.role == Role.ACCOUNT_MANAGER):
        raise PermissionDenied(_("Общий пул клиентов доступен руководителям и аккаунт-менеджерам."))
    filterset = scoped_filterset(PoolFilter, request, selectors.pooled_company_list(user))
    context = list_context(request, filterset, ["-pooled_at"])
    return render_page(request, "clients/company_pool.html", "clients/partials/pool_results.html", context)
