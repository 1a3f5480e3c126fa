"""Forms of the development path pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.models import DevelopmentStage
from nastavnik.web.forms import BootstrapFormMixin, DateInput


class DevelopmentTaskForm(BootstrapFormMixin, forms.Form):
    stage = forms.ModelChoiceField(label=_("Этап"), queryset=DevelopmentStage.objects.all(), empty_label=None)
    title = forms.CharField(label=_("Задача"), max_length=300)
    due_on = forms.DateField(label=_("Срок"), widget=DateInput)
