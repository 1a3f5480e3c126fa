"""Forms of call reviews: the request, the office's choice of calls, the account manager's scorecard."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import CallReviewStatus
from nastavnik.mentoring.models import CallReview
from nastavnik.mentoring.selectors.recommendations import OFFICE_SIDE_ROLES
from nastavnik.mentoring.selectors.reviews import eligible_calls, review_criteria
from nastavnik.offices.models import Office, User
from nastavnik.web.forms import BootstrapFormMixin, DateInput

SCORE_CHOICES = [("", "—"), *[(str(score), str(score)) for score in range(1, 6)]]


class CallReviewRequestForm(BootstrapFormMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("Представительство"), queryset=Office.objects.none())
    period_from = forms.DateField(label=_("Период с"), widget=DateInput)
    period_to = forms.DateField(label=_("Период по"), widget=DateInput)
    manager = forms.ModelChoiceField(
        label=_("Сотрудник"), queryset=User.objects.none(), required=False, help_text=_("Пусто — звонки всех.")
    )
    topic = forms.CharField(label=_("Тема"), max_length=300, required=False)

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["manager"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            office__in=offices, is_active=True, role__in=OFFICE_SIDE_ROLES
        ).select_related("office")
        self.fields["manager"].label_from_instance = lambda user: f"{user} — {user.office}"  # type: ignore[attr-defined]


class CallChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        local = obj.occurred_at.astimezone()
        return f"{local:%d.%m.%Y %H:%M} · {obj.company} · {obj.author} · {obj.duration_display}"


class CallReviewSendForm(BootstrapFormMixin, forms.Form):
    calls = CallChoiceField(
        label=_("Звонки"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Этот звонок нельзя отправить на разбор.")},
    )

    def __init__(self, *args: Any, review: CallReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["calls"].queryset = eligible_calls(review)  # type: ignore[attr-defined]


class CallReviewFeedbackForm(BootstrapFormMixin, forms.Form):
    """One score field per call and criterion (item_<item>_<criterion>), a comment per call, the summary."""

    summary = forms.CharField(label=_("Общий вывод"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, review: CallReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(review_criteria())
        self.rows: list[dict[str, Any]] = []
        items = review.items.select_related("call", "call__company", "call__author") if review.pk else []
        for item in items:
            names = []
            for criterion in self.criteria:
                name = f"item_{item.pk}_{criterion.pk}"
                self.fields[name] = forms.ChoiceField(label=criterion.name, choices=SCORE_CHOICES, required=False)
                names.append(name)
            self.fields[f"feedback_{item.pk}"] = forms.CharField(
                label=_("Комментарий к звонку"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            self.rows.append({"item": item, "score_names": names, "feedback_name": f"feedback_{item.pk}"})
        self.order_fields(["summary"])

    def row_fields(self) -> list[dict[str, Any]]:
        return [
            {
                "item": row["item"],
                "scores": [self[name] for name in row["score_names"]],
                "feedback": self[row["feedback_name"]],
            }
            for row in self.rows
        ]

    def service_items(self) -> dict[int, dict[str, Any]]:
        data = self.cleaned_data
        return {
            row["item"].pk: {
                "scores": {
                    criterion.pk: data.get(f"item_{row['item'].pk}_{criterion.pk}") for criterion in self.criteria
                },
                "feedback": data.get(row["feedback_name"], ""),
            }
            for row in self.rows
        }


class CallReviewFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Статус"), choices=[("", _("Все")), *CallReviewStatus.choices], required=False)
    office = forms.ModelChoiceField(label=_("Представительство"), queryset=Office.objects.none(), required=False)
    manager = forms.ModelChoiceField(label=_("Сотрудник"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, offices: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["office"].empty_label = _("Все")  # type: ignore[attr-defined]
        self.fields["manager"].queryset = people  # type: ignore[attr-defined]
        self.fields["manager"].empty_label = _("Все")  # type: ignore[attr-defined]
