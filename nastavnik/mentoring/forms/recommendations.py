"""Forms of recommendations: giving one (from any workflow page), applying it, and the list's filter."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.selectors.recommendations import OFFICE_SIDE_ROLES, RecommendationState
from nastavnik.offices.models import Office, User
from nastavnik.web.forms import BootstrapFormMixin, DateInput

STATE_CHOICES = [
    ("", _("Все")),
    (RecommendationState.PENDING, _("Не применены")),
    (RecommendationState.OVERDUE, _("Просрочены")),
    (RecommendationState.APPLIED, _("Применены")),
]


def office_staff(office: Office | None) -> Any:
    if office is None:
        return User.objects.none()
    return User.objects.filter(office=office, is_active=True, role__in=OFFICE_SIDE_ROLES)


class RecommendationForm(BootstrapFormMixin, forms.Form):
    """The advice, who in the office applies it and by when; the office comes from the page it is given on."""

    text = forms.CharField(label=_("Рекомендация"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    assignee = forms.ModelChoiceField(
        label=_("Исполнитель"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Без исполнителя рекомендацию получает владелец представительства."),
    )
    due_on = forms.DateField(label=_("Срок"), required=False, widget=DateInput)

    def __init__(self, *args: Any, office: Office | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = office_staff(office)  # type: ignore[attr-defined]


class RecommendationCreateForm(RecommendationForm):
    """A recommendation outside any review (a talk, a visit): the account manager picks the office."""

    office = forms.ModelChoiceField(label=_("Представительство"), queryset=Office.objects.none())
    field_order = ["office", "text", "assignee", "due_on"]

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        office = None
        data = args[0] if args else kwargs.get("data")
        if data and str(data.get("office", "")).isdigit():
            office = offices.filter(pk=data["office"]).first()
        super().__init__(*args, office=office, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        if office is None:
            self.fields["assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
                office__in=offices, is_active=True, role__in=OFFICE_SIDE_ROLES
            )


class RecommendationApplyForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Как применили"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class RecommendationFilterForm(BootstrapFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("Состояние"), choices=STATE_CHOICES, required=False)
    source = forms.ChoiceField(
        label=_("Откуда"), choices=[("", _("Все")), *RecommendationSource.choices], required=False
    )
    office = forms.ModelChoiceField(label=_("Представительство"), queryset=Office.objects.none(), required=False)
    assignee = forms.ModelChoiceField(label=_("Исполнитель"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, offices: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["office"].empty_label = _("Все")  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = people  # type: ignore[attr-defined]
        self.fields["assignee"].empty_label = _("Все")  # type: ignore[attr-defined]
