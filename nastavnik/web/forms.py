"""Bootstrap look for every form of the UI, and the forms of the web shell itself."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.utils.translation import gettext_lazy as _


class BootstrapRenderer(DjangoTemplates):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapBoundField(BoundField):
    """Adds Bootstrap classes to the widget, and is-invalid when the field has errors."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = [str(attrs.get("class") or widget.attrs.get("class") or _widget_class(widget))]
        if self.form.is_bound and self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs


EMPTY_CHOICE = "—"


class BootstrapFormMixin:
    """Bootstrap widgets, and a dash instead of Django's «---------» for an empty choice."""

    default_renderer: BaseRenderer | type[BaseRenderer] | None = BootstrapRenderer
    bound_field_class: type[BoundField] | None = BootstrapBoundField
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = EMPTY_CHOICE
            elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
                choices = list(field.choices)  # type: ignore[arg-type]
                if choices and choices[0][0] == "" and choices[0][1] == "---------":
                    field.choices = [("", EMPTY_CHOICE), *choices[1:]]


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    """Give a form built elsewhere (a filter set's form) the Bootstrap look."""
    form.bound_field_class = BootstrapBoundField
    form.renderer = BootstrapRenderer()
    return form


def add_service_errors(form: forms.BaseForm, error: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError inline: next to the field when the form has it, on top otherwise.

    aliases name the form field that stands for a model field (duration_seconds is typed as minutes).
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = (aliases or {}).get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Название токена"),
        max_length=100,
        help_text=_("Например, «Интеграция с телефонией»."),
    )
