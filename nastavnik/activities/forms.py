"""One form for every kind of timeline entry; each kind shows only its own fields."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.selectors import proposal_templates
from nastavnik.clients.models import Company
from nastavnik.clients.selectors import contacts_for
from nastavnik.deals.selectors import deals_for
from nastavnik.offices.models import User
from nastavnik.web.forms import BootstrapFormMixin, DateTimeInput

KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ActivityKind.CALL: ("direction", "occurred_at", "minutes", "seconds", "contact", "deal", "recording", "body"),
    ActivityKind.PROPOSAL: ("proposal_template", "occurred_at", "acknowledged", "contact", "deal", "body"),
    ActivityKind.TASK: ("subject", "due_at", "contact", "deal", "body"),
    ActivityKind.EMAIL: ("subject", "occurred_at", "contact", "deal", "body"),
    ActivityKind.MEETING: ("subject", "occurred_at", "contact", "deal", "body"),
    ActivityKind.NOTE: ("body", "deal"),
}

BODY_LABELS: dict[str, str | Promise] = {
    ActivityKind.CALL: _("Итог разговора"),
    ActivityKind.NOTE: _("Текст заметки"),
    ActivityKind.EMAIL: _("Текст письма"),
}

# The model field a service error names, and the form field that stands for it.
ERROR_ALIASES = {"duration_seconds": "minutes"}


class ActivityForm(BootstrapFormMixin, forms.Form):
    direction = forms.ChoiceField(label=_("Направление"), choices=CallDirection.choices, initial=CallDirection.OUTGOING)
    subject = forms.CharField(label=_("Тема"), max_length=300, required=False)
    occurred_at = forms.DateTimeField(label=_("Когда"), required=False, widget=DateTimeInput)
    minutes = forms.IntegerField(label=_("Длительность: минут"), min_value=0, required=False)
    seconds = forms.IntegerField(
        label=_("и секунд"), min_value=0, required=False, help_text=_("Можно указать всё в секундах.")
    )
    proposal_template = forms.ModelChoiceField(label=_("Шаблон КП"), queryset=proposal_templates(), required=False)
    acknowledged = forms.BooleanField(label=_("Клиент ознакомился с КП"), required=False)
    due_at = forms.DateTimeField(label=_("Срок"), required=False, widget=DateTimeInput)
    contact: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Контакт"), queryset=None, required=False)
    deal: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Сделка"), queryset=None, required=False)
    recording = forms.FileField(
        label=_("Запись разговора"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
        help_text=_("Аудиофайл: mp3, wav, ogg, m4a и другие."),
    )
    body = forms.CharField(label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User, company: Company, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(keep)
        if "contact" in self.fields:
            self.fields["contact"].queryset = contacts_for(user).filter(  # type: ignore[attr-defined]
                company=company, is_current=True
            )
        self.fields["deal"].queryset = deals_for(user).filter(company=company)  # type: ignore[attr-defined]
        self.fields["body"].label = str(BODY_LABELS.get(kind, _("Комментарий")))
        if kind == ActivityKind.PROPOSAL:
            self.fields["occurred_at"].label = _("Отправлено")
        if "occurred_at" in self.fields:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))

    def service_fields(self) -> dict[str, Any]:
        """Keyword arguments for activity_create: unset values are left to the service's defaults."""
        data = dict(self.cleaned_data)
        minutes, seconds = data.pop("minutes", None), data.pop("seconds", None)
        if minutes is not None or seconds is not None:
            data["duration_seconds"] = (minutes or 0) * 60 + (seconds or 0)
        if not data.get("recording"):
            data.pop("recording", None)
        return {name: value for name, value in data.items() if value is not None}
