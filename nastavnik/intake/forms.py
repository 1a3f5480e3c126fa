"""Forms of the intake pages: the duty roster month."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from nastavnik.offices.models import User
from nastavnik.web.forms import BootstrapFormMixin


def roster_field_name(day: date) -> str:
    return f"day_{day:%Y-%m-%d}"


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.short_name or obj.email


class DutyRosterForm(BootstrapFormMixin, forms.Form):
    """One select of HQ managers per day of the month; an empty select clears the day."""

    def __init__(self, *args: Any, days: list[date], managers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days = days
        for day in days:
            self.fields[roster_field_name(day)] = ManagerChoiceField(
                queryset=managers, required=False, label=f"{day:%d.%m.%Y}", empty_label="—"
            )

    def assignments(self) -> dict[date, User | None]:
        return {day: self.cleaned_data.get(roster_field_name(day)) for day in self.days}
