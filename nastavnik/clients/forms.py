"""Forms of the company and contact pages; they collect input, the services decide."""

from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.duplicates import DuplicateQuery
from nastavnik.clients.models import Company, Contact
from nastavnik.clients.selectors import tags_for
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import users_for, writable_offices_for
from nastavnik.web.forms import BootstrapFormMixin, DateInput

# The fields of the new-company form that the live duplicate panel searches by, as the duplicate check names them.
DUPLICATE_CHECK_FIELDS = {
    "name": "name",
    "website": "website",
    "inn": "inn",
    "contact_surname": "surname",
    "contact_phone": "phone",
    "contact_email": "email",
}
CONTACT_FIELDS = ("contact_surname", "contact_first_name", "contact_phone", "contact_email")
# contact_create's errors shown next to the first-contact fields of the company form.
CONTACT_ALIASES = {"surname": "contact_surname", "first_name": "contact_first_name", "phones": "contact_phone",
                   "emails": "contact_email"}  # fmt: skip


class CompanyForm(BootstrapFormMixin, forms.ModelForm):
    """Company fields; the office is asked only from people who write in several offices.

    A new company may carry its first contact, and confirms that it is another client when it looks like a duplicate.
    """

    contact_surname = forms.CharField(label=_("Фамилия контактного лица"), max_length=100, required=False)
    contact_first_name = forms.CharField(label=_("Имя контактного лица"), max_length=100, required=False)
    contact_phone = forms.CharField(
        label=_("Телефон контактного лица"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "+7 (495) 123-45-67", "inputmode": "tel"}),
    )
    contact_email = forms.CharField(
        label=_("E-mail контактного лица"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "name@company.ru", "inputmode": "email"}),
    )
    confirm_duplicate = forms.BooleanField(label=_("Это другой клиент, всё равно создать"), required=False)

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
        if self.instance.pk:
            for name in (*CONTACT_FIELDS, "confirm_duplicate"):
                del self.fields[name]
        else:
            self._watch_for_duplicates()

    def _watch_for_duplicates(self) -> None:
        """While the user types, the fields of the duplicate check refresh the panel of possible duplicates."""
        watched = ", ".join(f"[name='{self.add_prefix(name)}']" for name in DUPLICATE_CHECK_FIELDS)
        for name in DUPLICATE_CHECK_FIELDS:
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse("clients:company-duplicates"),
                    "hx-trigger": "keyup changed delay:400ms, change",
                    "hx-target": "#duplicates-panel",
                    "hx-include": watched,
                    "hx-sync": "#duplicates-panel:replace",
                }
            )

    def company_part(self) -> list[BoundField]:
        return [field for field in self.visible_fields() if field.name not in (*CONTACT_FIELDS, "confirm_duplicate")]

    def contact_part(self) -> list[BoundField]:
        return [self[name] for name in CONTACT_FIELDS if name in self.fields]

    def duplicate_query(self) -> DuplicateQuery:
        """The typed values the duplicate check searches by (raw: a half-typed value is searched too)."""
        source = self.data if self.is_bound else self.initial
        query = {
            key: str(source.get(self.add_prefix(name)) or "").strip() for name, key in DUPLICATE_CHECK_FIELDS.items()
        }
        return cast(DuplicateQuery, query)

    def contact_fields(self) -> dict[str, Any] | None:
        """Keyword arguments for contact_create when the first contact was typed, else None."""
        data = self.cleaned_data
        if not any(data.get(name) for name in CONTACT_FIELDS):
            return None
        return {
            "surname": data.get("contact_surname", "").strip(),
            "first_name": data.get("contact_first_name", "").strip(),
            "phones": [data["contact_phone"]] if data.get("contact_phone") else [],
            "emails": [data["contact_email"]] if data.get("contact_email") else [],
        }

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments for company_create / company_update."""
        data = dict(self.cleaned_data)
        for name in (*CONTACT_FIELDS, "confirm_duplicate"):
            data.pop(name, None)
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
