"""Forms of the batch pages: request, the pool filters, the hand-over selection and the outcome of a deal."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nastavnik.deals.models import Stage
from nastavnik.mentoring.choices import BatchItemOutcome
from nastavnik.offices.models import Region
from nastavnik.web.forms import BootstrapFormMixin, DateInput


class BatchRequestForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Пожелания к базе"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Например: регионы, отрасли, этапы, до которых доходили сделки."),
    )


class PoolFilterForm(BootstrapFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("Регион"), queryset=Region.objects.all(), required=False)
    stage = forms.ModelChoiceField(label=_("Дошла до этапа"), queryset=Stage.objects.all(), required=False)
    lost_reason = forms.CharField(label=_("Причина отказа"), required=False)
    touched_after = forms.DateField(label=_("Последнее касание с"), required=False, widget=DateInput)
    touched_before = forms.DateField(label=_("Последнее касание до"), required=False, widget=DateInput)


class DealIdsField(forms.Field):
    """Deal ids ticked on the pool page; the batch service decides whether each may be handed over."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": _("Выберите хотя бы одну сделку."), "invalid": _("Неверный номер сделки.")}

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class HandOverForm(BootstrapFormMixin, forms.Form):
    deals = DealIdsField(label=_("Сделки"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deals"].help_text = _("Не больше %(limit)s сделок.") % {"limit": settings.DEAL_BATCH_MAX_DEALS}


class OutcomeForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Результат"),
        choices=[choice for choice in BatchItemOutcome.choices if choice[0]],
        error_messages={"required": _("Выберите результат.")},
    )
    outcome_note = forms.CharField(label=_("Комментарий"), required=False, max_length=300)
