"""Agents' pages: call lists (import, outcomes inline), commissions and the office's commission shares."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.intake import agents
from nastavnik.intake.choices import CallOutcome
from nastavnik.intake.models import CommissionRule
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import has_full_access, writable_offices_for
from nastavnik.web.forms import BootstrapFormMixin, DateTimeInput, add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page

ENTRIES_PER_PAGE = 50


class CallListImportForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Название списка"), max_length=200, required=False)
    agent = forms.ModelChoiceField(label=gettext_lazy("Агент"), queryset=User.objects.none(), required=False)
    file = forms.FileField(
        label=gettext_lazy("Файл CSV или XLSX"),
        help_text=gettext_lazy(
            "Колонки: компания, контакт, телефон, e-mail, сайт, регион (обязательны компания и телефон). "
            "Кодировка UTF-8 или Windows-1251, разделитель «;» или «,»."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.role == Role.AGENT:
            del self.fields["agent"]
        else:
            agent_field = cast(forms.ModelChoiceField, self.fields["agent"])
            agent_field.queryset = User.objects.filter(
                role=Role.AGENT, is_active=True, office__in=writable_offices_for(user)
            ).select_related("office")
            agent_field.required = True


class EntryOutcomeForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Результат"), choices=[c for c in CallOutcome.choices if c[0] != CallOutcome.PENDING]
    )
    note = forms.CharField(label=gettext_lazy("Комментарий"), required=False, max_length=2000)
    meeting_at = forms.DateTimeField(label=gettext_lazy("Встреча"), required=False, widget=DateTimeInput())


class CommissionRuleForm(BootstrapFormMixin, forms.Form):
    agent_percent = forms.DecimalField(
        label=gettext_lazy("Агенту, %"), min_value=Decimal("0"), max_value=Decimal("100"), decimal_places=2
    )
    manager_percent = forms.DecimalField(
        label=gettext_lazy("Менеджеру, %"), min_value=Decimal("0"), max_value=Decimal("100"), decimal_places=2
    )


@login_required
def call_list_index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    context = {
        "page": paginate(request, agents.call_list_list(user)),
        "can_import": writable_offices_for(user).exists(),
    }
    return render_page(request, "intake/agents/call_lists.html", "intake/agents/call_lists.html", context)


@login_required
def call_list_import(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not writable_offices_for(user).exists():
        raise PermissionDenied(_("У вас нет прав загружать списки обзвона."))
    form = CallListImportForm(posted(request), request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            call_list, problems = agents.call_list_import(
                user=user,
                name=form.cleaned_data["name"],
                file=upload,
                filename=upload.name,
                agent=form.cleaned_data.get("agent") or user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = call_list.entries.count()
            messages.success(request, _("Список загружен, строк: %(count)s.") % {"count": count})
            for problem in problems[:50]:
                messages.warning(request, problem)
            if len(problems) > 50:
                messages.warning(request, _("И ещё ошибок: %(count)s.") % {"count": len(problems) - 50})
            return redirect("intake:call-list-detail", pk=call_list.pk)
    return render(request, "intake/agents/call_list_import.html", {"form": form})


@login_required
def call_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    call_list = get_object_or_404(agents.call_lists_for(user).select_related("agent", "office"), pk=pk)
    entries = call_list.entries.select_related("region", "deal", "company")
    outcome = request.GET.get("outcome", "")
    if outcome in CallOutcome.values:
        entries = entries.filter(outcome=outcome)
    context = {
        "call_list": call_list,
        "page": paginate(request, entries, ENTRIES_PER_PAGE),
        "can_edit": agents.can_edit_call_list(user, call_list),
        "outcomes": CallOutcome.choices,
        "outcome": outcome,
    }
    return render(request, "intake/agents/call_list_detail.html", context)


@login_required
@require_POST
def call_list_entry_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    entry = get_object_or_404(
        agents.call_list_entries_for(user).select_related("call_list", "call_list__office", "call_list__agent"), pk=pk
    )
    form = EntryOutcomeForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            agents.call_list_entry_record(user=user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            entry.refresh_from_db()
    else:
        error = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "intake/agents/partials/entry_row.html",
            {"entry": entry, "can_edit": True, "row_error": error, "outcomes": CallOutcome.choices},
        )
    if error:
        messages.error(request, error)
    return redirect("intake:call-list-detail", pk=entry.call_list_id)


@login_required
def commission_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    commissions = agents.commissions_for(user).order_by("-created_at", "-pk")
    context = {
        "page": paginate(request, commissions),
        "total": commissions.aggregate(total=Sum("amount"))["total"] or Decimal("0"),
        "show_people": has_full_access(user) or user.role == Role.PARTNER_OWNER,
        "can_edit_rules": has_full_access(user),
    }
    return render(request, "intake/agents/commissions.html", context)


@login_required
def commission_rules(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not has_full_access(user):
        raise PermissionDenied(_("Доли комиссии меняют только руководитель и администратор."))
    offices = list(Office.objects.order_by("kind", "name"))
    if request.method == "POST":
        office = get_object_or_404(Office, pk=request.POST.get("office") or 0)
        form = CommissionRuleForm(request.POST, prefix=f"office-{office.pk}")
        if form.is_valid():
            try:
                agents.commission_rule_update(user=user, office=office, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Доли комиссии «%(office)s» сохранены.") % {"office": office.name})
                return redirect("intake:commission-rules")
        else:
            messages.error(request, _("Проверьте проценты: от 0 до 100."))
    rules = {rule.office_id: rule for rule in CommissionRule.objects.all()}
    rows = []
    for office in offices:
        rule = rules.get(office.pk) or CommissionRule(office=office)
        initial = {"agent_percent": rule.agent_percent, "manager_percent": rule.manager_percent}
        rows.append((office, CommissionRuleForm(initial=initial, prefix=f"office-{office.pk}")))
    return render(request, "intake/agents/commission_rules.html", {"rows": rows})
