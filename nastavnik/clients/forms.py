"""Forms of the company and contact pages; they collect input, the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.models import Company, Contact
from nastavnik.clients.selectors import tags_for
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import users_for, writable_offices_for
from nastavnik.web.forms import BootstrapFormMixin, DateInput


class CompanyForm(BootstrapFormMixin, forms.ModelForm):
    """Company fields; the office is asked only from people who write in several offices."""

    class Meta:
        model = Company
        fields = [
            "office",
            "name",
            "legal_form",
            "inn",
            "website",
            "industry",
            "region",
            "source",
            "site_traffic_monthly",
            "preferred_channel",
            "responsible",
            "status",
            "tags",
            "notes",
        ]
        widgets = {
            "tags": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "website": forms.TextInput(attrs={"placeholder": "example.ru"}),
            "inn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = writable_offices_for(user)
        if self.instance.pk:
            office_ids = [self.instance.office_id]
            del self.fields["office"]
        elif offices.count() > 1:
            office_ids = list(offices.values_list("pk", flat=True))
            self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        else:
            office_ids = [user.office_id] if user.office_id else []
            del self.fields["office"]
        self.fields["responsible"].queryset = (  # type: ignore[attr-defined]
            users_for(user).filter(office__in=office_ids, is_active=True).exclude(role=Role.SPECIALIST)
        )
        if not self.instance.pk and user.office_id in office_ids:
            self.initial.setdefault("responsible", user.pk)
        tags = tags_for(user).filter(office__in=office_ids).select_related("office")
        self.fields["tags"].queryset = tags  # type: ignore[attr-defined]
        if len(office_ids) > 1:
            self.fields["tags"].label_from_instance = lambda tag: f"{tag.name} ({tag.office.code})"  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments for company_create / company_update."""
        data = dict(self.cleaned_data)
        if not self.instance.pk and data.get("responsible") is None:
            data.pop("responsible", None)  # the service makes the author responsible
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class ContactForm(BootstrapFormMixin, forms.ModelForm):
    """A contact with its phones and e-mails typed one per line."""

    phones = forms.CharField(
        label=_("Телефоны"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "+7 (495) 123-45-67 доб. 12"}),
        help_text=_("По одному на строке; добавочный можно указать через «доб.»."),
    )
    emails = forms.CharField(
        label=_("E-mail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "name@company.ru"}),
        help_text=_("По одному на строке."),
    )

    class Meta:
        model = Contact
        fields = [
            "surname",
            "first_name",
            "patronymic",
            "position",
            "is_decision_maker",
            "phones",
            "emails",
            "preferred_channel",
            "birthday",
            "is_current",
        ]
        widgets = {"birthday": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["phones"] = "\n".join(phone.display for phone in self.instance.phones.all())
            self.initial["emails"] = "\n".join(email.email for email in self.instance.emails.all())

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["phones"] = [line for line in (data.get("phones") or "").splitlines() if line.strip()]
        data["emails"] = _lines(data.get("emails") or "")
        return data
