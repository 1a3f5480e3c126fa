"""Forms of the plan pages: they collect input, the plan services decide."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.models import MonthlyPlan
from nastavnik.offices.models import Office, User
from nastavnik.web.forms import BootstrapFormMixin, DateInput


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month picker); stored as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%m.%Y"]
    default_error_messages = {"invalid": _("Укажите месяц в формате ГГГГ-ММ.")}

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


class MonthlyPlanForm(BootstrapFormMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("Представительство"), queryset=Office.objects.none())
    month = MonthField(label=_("Месяц"))
    target = forms.DecimalField(
        label=_("План, ₽"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"required": _("Укажите план в рублях."), "invalid": _("Введите сумму числом.")},
    )
    note = forms.CharField(label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, offices: Any = None, plan: MonthlyPlan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None:
            # The office and the month of an existing plan stay; only the target and the comment change.
            del self.fields["office"]
            del self.fields["month"]
        else:
            choices = offices if offices is not None else Office.objects.none()
            self.fields["office"].queryset = choices  # type: ignore[attr-defined]


class PlanActionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Что сделать"), max_length=300, error_messages={"required": _("Опишите, что сделать.")}
    )
    assignee = forms.ModelChoiceField(label=_("Кто"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("К какому сроку"), required=False, widget=DateInput)

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            Q(office=office) | Q(pk=office.account_manager_id), is_active=True
        ).order_by("last_name", "first_name")
