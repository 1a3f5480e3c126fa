"""The golden list's filter: what awaits review, the outcome, the office."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.selectors.golden import Outcome
from nastavnik.offices.models import Office
from nastavnik.web.forms import BootstrapFormMixin

AWAITING = "awaiting"


class GoldenFilterForm(BootstrapFormMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Разбор"),
        choices=[(AWAITING, _("Ждут разбора")), ("all", _("Все сделки списка"))],
        required=False,
    )
    outcome = forms.ChoiceField(label=_("Итог"), choices=[("", _("Все")), *Outcome.CHOICES], required=False)
    office = forms.ModelChoiceField(label=_("Представительство"), queryset=Office.objects.none(), required=False)

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["office"].empty_label = _("Все")  # type: ignore[attr-defined]
