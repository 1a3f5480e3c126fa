"""Forms of the status request pages; they collect input, the status request services decide."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.activities.models import Activity
from nastavnik.lib.phone import format_phone
from nastavnik.mentoring.choices import Recurrence, StatusRequestScope
from nastavnik.mentoring.models import StatusAnswer
from nastavnik.mentoring.selectors.status_requests import recordings_for_answer, requestable_offices_for
from nastavnik.offices.models import Office, User
from nastavnik.web.forms import BootstrapFormMixin, DateInput


class StatusRequestForm(BootstrapFormMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("Представительство"), queryset=Office.objects.none())
    scope = forms.ChoiceField(label=_("Клиенты"), choices=StatusRequestScope.choices, initial=StatusRequestScope.ALL)
    note = forms.CharField(
        label=_("Что нужно"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Например: ситуация по каждому клиенту на конец месяца, что мешает оплате."),
    )
    due_on = forms.DateField(label=_("Срок ответа"), required=False, widget=DateInput)
    recurrence = forms.ChoiceField(label=_("Повтор"), choices=Recurrence.choices, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = requestable_offices_for(user)
        office_field = cast(forms.ModelChoiceField, self.fields["office"])
        office_field.queryset = offices
        if offices.count() == 1 and not self.initial.get("office"):
            self.initial["office"] = offices.first()


class RecordingChoiceField(forms.ModelMultipleChoiceField):
    """A call is offered by its date, who called and how long it lasted."""

    def label_from_instance(self, obj: Any) -> str:
        return _("%(when)s · %(author)s · %(duration)s") % {
            "when": timezone.localtime(obj.occurred_at).strftime("%d.%m.%Y %H:%M"),
            "author": obj.author,
            "duration": obj.duration_display or "—",
        }


class StatusAnswerForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Комментарий"),
        max_length=5000,
        required=False,  # the service says what is missing, in one place
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Текущая ситуация: о чём договорились, что мешает оплате, следующий шаг."),
    )
    mobile_phone = forms.CharField(label=_("Мобильный телефон клиента"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail клиента"), max_length=254, required=False)
    recordings = RecordingChoiceField(
        label=_("Записи звонков"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, answer: StatusAnswer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recordings_field = cast(forms.ModelMultipleChoiceField, self.fields["recordings"])
        recordings_field.queryset = recordings_for_answer(answer)
        if answer.answered_at:
            self.initial.update(
                {
                    "comment": answer.comment,
                    "mobile_phone": format_phone(answer.mobile_phone),
                    "email": answer.email,
                    "recordings": list(answer.recordings.values_list("pk", flat=True)),
                }
            )
        if not recordings_field.queryset.exists():
            recordings_field.help_text = _("У этого клиента нет звонков с записью.")
