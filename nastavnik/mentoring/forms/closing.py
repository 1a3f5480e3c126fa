"""Forms of the closing assist workflow: the office's request and the account manager's decisions."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.models import Company
from nastavnik.clients.selectors import companies_for
from nastavnik.deals.choices import PaymentStatus
from nastavnik.deals.models import Deal, Payment, Tariff
from nastavnik.mentoring.choices import ClosingAssistStatus
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.offices.filters import scoped_choice
from nastavnik.offices.models import User
from nastavnik.offices.selectors import offices_for
from nastavnik.web.forms import BootstrapFormMixin, DateInput, DateTimeInput


class ClosingAssistForm(BootstrapFormMixin, forms.ModelForm):
    """What the office writes; the calls, the proposal and the recordings come from the timeline itself."""

    class Meta:
        model = ClosingAssistRequest
        fields = [
            "deal",
            "staff_member",
            "tariffs_presented",
            "considered_tariff",
            "site_traffic",
            "history",
            "why_not_paying",
            "joint_call_channel",
            "joint_call_at",
            "owner_attends",
            "staff_member_attends",
        ]
        widgets = {
            "tariffs_presented": forms.CheckboxSelectMultiple,
            "history": forms.Textarea(attrs={"rows": 5}),
            "why_not_paying": forms.Textarea(attrs={"rows": 3}),
            "joint_call_at": DateTimeInput,
        }
        help_texts = {
            "site_traffic": _("Посетителей в месяц; по умолчанию из карточки клиента."),
            "history": _("Как шли переговоры с первого касания до сегодня."),
            "joint_call_at": _("По московскому времени."),
        }

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deal"].queryset = Deal.objects.filter(company=company).order_by("-opened_at")  # type: ignore[attr-defined]
        self.fields["staff_member"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            office_id=company.office_id, is_active=True
        ).order_by("last_name", "first_name")
        tariffs = Tariff.objects.filter(is_active=True)
        self.fields["tariffs_presented"].queryset = tariffs  # type: ignore[attr-defined]
        self.fields["considered_tariff"].queryset = tariffs  # type: ignore[attr-defined]
        self.fields["joint_call_channel"].label = _("Канал совместного звонка")

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["tariffs_presented"] = list(data.get("tariffs_presented") or [])
        return data


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Причина"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class LostForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Причина отказа"), max_length=300)


class WinForm(BootstrapFormMixin, forms.Form):
    """Either an existing payment of the client, or the amount and date of a new one (the office enters it)."""

    payment = forms.ModelChoiceField(label=_("Оплата клиента"), queryset=Payment.objects.none(), required=False)
    amount = forms.DecimalField(label=_("Сумма новой оплаты, ₽"), max_digits=14, decimal_places=2, required=False)
    paid_on = forms.DateField(label=_("Дата оплаты"), widget=DateInput, required=False)

    def __init__(self, *args: Any, closing: ClosingAssistRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payment"].queryset = Payment.objects.filter(  # type: ignore[attr-defined]
            company_id=closing.company_id, office_id=closing.office_id, status=PaymentStatus.RECEIVED
        ).order_by("-paid_on", "-pk")


class ClosingAssistFilter(django_filters.FilterSet):
    """Filters of the queue, shared by the web page and the API."""

    q = django_filters.CharFilter(label=_("Клиент"), method="search")
    status = django_filters.ChoiceFilter(label=_("статус"), choices=ClosingAssistStatus.choices)
    office = scoped_choice(offices_for, label=_("представительство"))
    company = scoped_choice(companies_for, label=_("клиент"))
    ordering = django_filters.OrderingFilter(
        fields=(("submitted_at", "submitted_at"), ("created_at", "created_at"), ("joint_call_at", "joint_call_at")),
        label=_("Сортировка"),
    )

    class Meta:
        model = ClosingAssistRequest
        fields = ["q", "status", "office", "company"]

    def search(self, queryset: QuerySet[ClosingAssistRequest], name: str, value: str) -> QuerySet[ClosingAssistRequest]:
        value = value.strip()
        return queryset.filter(company__name__icontains=value) if value else queryset
