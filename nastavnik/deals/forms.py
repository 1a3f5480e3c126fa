"""Forms of the deal pages; they collect input, the deal services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.models import Company
from nastavnik.clients.selectors import contacts_for, tags_for
from nastavnik.deals.models import Deal
from nastavnik.deals.selectors import stages, tariffs
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import users_for
from nastavnik.web.forms import BootstrapFormMixin, DateInput

OWNER_ROLES = (Role.MANAGER, Role.PARTNER_OWNER, Role.HEAD, Role.ADMIN)


class DealForm(BootstrapFormMixin, forms.ModelForm):
    """A deal of one company: people, contacts and tags are offered from that company's office only."""

    class Meta:
        model = Deal
        fields = [
            "title",
            "stage",
            "contact",
            "tariff",
            "amount",
            "owner",
            "agent",
            "source",
            "expected_close_on",
            "lost_reason",
            "tags",
        ]
        widgets = {
            "expected_close_on": DateInput,
            "tags": forms.CheckboxSelectMultiple,
            "amount": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        }

    def __init__(self, *args: Any, user: User, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office_staff = users_for(user).filter(office_id=company.office_id, is_active=True)
        self.fields["owner"].queryset = office_staff.filter(role__in=OWNER_ROLES)  # type: ignore[attr-defined]
        self.fields["agent"].queryset = office_staff.filter(role=Role.AGENT)  # type: ignore[attr-defined]
        self.fields["contact"].queryset = contacts_for(user).filter(company=company)  # type: ignore[attr-defined]
        self.fields["tags"].queryset = tags_for(user, office_id=company.office_id)  # type: ignore[attr-defined]
        self.fields["stage"].queryset = stages()  # type: ignore[attr-defined]
        self.fields["tariff"].queryset = tariffs()  # type: ignore[attr-defined]
        self.fields["stage"].empty_label = None  # type: ignore[attr-defined]
        self.fields["title"].help_text = _("Необязательно: по умолчанию сделку называют по компании.")
        self.fields["lost_reason"].help_text = _("Обязательна, когда сделка переходит в проигрыш.")
        if user.role == Role.AGENT:
            del self.fields["agent"]
        if not self.instance.pk:
            self.initial.setdefault("source", company.source)
            self.initial.setdefault("stage", stages().first())
            if user.role in OWNER_ROLES and user.office_id == company.office_id:
                self.initial.setdefault("owner", user.pk)

    def service_fields(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DealMoveForm(BootstrapFormMixin, forms.Form):
    stage = forms.ModelChoiceField(label=_("Этап"), queryset=stages(), empty_label=None)
    lost_reason = forms.CharField(
        label=_("Причина отказа"),
        max_length=300,
        required=False,
        help_text=_("Нужна, когда сделка переходит в проигрыш."),
    )
