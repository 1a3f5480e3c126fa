"""Forms and filters of the questions pages; they collect input, the question services decide."""

from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.mentoring.choices import QuestionStatus, QuestionTopic
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.selectors.questions import specialists_for
from nastavnik.mentoring.services.questions import TEXT_MAX
from nastavnik.offices.filters import scoped_choice
from nastavnik.offices.models import User
from nastavnik.offices.selectors import offices_for
from nastavnik.web.forms import BootstrapFormMixin


class QuestionAskForm(BootstrapFormMixin, forms.Form):
    topic = forms.ChoiceField(label=_("Тема"), choices=[("", "—"), *QuestionTopic.choices])
    text = forms.CharField(
        label=_("Вопрос"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ответ придёт в течение двух рабочих часов (10:00–19:00 по Москве, рабочие дни)."),
        error_messages={"required": _("Напишите вопрос.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].error_messages["required"] = _("Выберите тему.")
        self.fields["topic"].error_messages["invalid_choice"] = _("Выберите тему из списка.")


class QuestionAnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Ответ"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Напишите ответ.")},
    )


class QuestionRouteForm(BootstrapFormMixin, forms.Form):
    specialist: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Специалист"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Выберите специалиста."),
            "invalid_choice": _("Этот специалист не отвечает на вопросы такой темы."),
        },
    )

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = specialists_for(question)  # type: ignore[attr-defined]


class QuestionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    status = django_filters.ChoiceFilter(label=_("статус"), choices=QuestionStatus.choices)
    topic = django_filters.ChoiceFilter(label=_("тема"), choices=QuestionTopic.choices)
    office = scoped_choice(offices_for, label=_("представительство"))
    breached = django_filters.BooleanFilter(label=_("просроченные"), method="filter_breached")
    ordering = django_filters.OrderingFilter(
        fields=(("due_at", "due_at"), ("asked_at", "asked_at")),
        label=_("Сортировка"),
    )

    class Meta:
        model = Question
        fields = ["q", "status", "topic", "office"]

    def search(self, queryset: QuerySet[Question], name: str, value: str) -> QuerySet[Question]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(answer__icontains=value))

    def filter_breached(self, queryset: QuerySet[Question], name: str, value: bool | None) -> QuerySet[Question]:
        """Overdue: answered after the due time, or still open past it."""
        if value is None:
            return queryset
        late = Q(answered_at__gt=F("due_at")) | Q(status=QuestionStatus.OPEN, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)
