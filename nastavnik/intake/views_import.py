"""Client list import pages: upload, column mapping, dry-run table, progress, summary and the report."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.clients.choices import LeadSource
from nastavnik.intake import import_jobs
from nastavnik.intake.choices import ImportStatus, RowOutcome
from nastavnik.intake.import_files import FIELD_LABELS, FIELDS, REQUIRED_FIELDS
from nastavnik.intake.models import ImportJob
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import writable_offices_for
from nastavnik.web.forms import BootstrapFormMixin, add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page

ROWS_PER_PAGE = 50
RUNNING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    office = forms.ModelChoiceField(label=gettext_lazy("Представительство"), queryset=Office.objects.none())
    source = forms.ChoiceField(label=gettext_lazy("Источник"), choices=LeadSource.choices, initial=LeadSource.EVENT)
    event_name = forms.CharField(
        label=gettext_lazy("Мероприятие"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Выставка, семинар или конференция: попадёт в заметки карточек."),
    )
    file = forms.FileField(
        label=gettext_lazy("Файл CSV или XLSX"),
        help_text=gettext_lazy(
            "Колонки: внешний id, компания, ИНН, сайт, регион, фамилия, имя, отчество, должность, телефон, "
            "e-mail, комментарий (обязательна компания). Кодировка UTF-8 или Windows-1251, разделитель «;» или «,»."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = writable_offices_for(user)
        office_field = cast(forms.ModelChoiceField, self.fields["office"])
        office_field.queryset = offices
        if user.office_id and offices.filter(pk=user.office_id).exists():
            office_field.initial = user.office_id
        self.only_office = offices.get() if offices.count() == 1 else None
        if self.only_office is not None:
            del self.fields["office"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.only_office is not None:
            cleaned["office"] = self.only_office
        return cleaned


class MappingForm(BootstrapFormMixin, forms.Form):
    """One select per field of ours: which column of the file holds it."""

    def __init__(self, *args: Any, headers: list[str], initial_mapping: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— не загружать —"))] + [
            (str(index), f"{index + 1}. {header or _('(без заголовка)')}") for index, header in enumerate(headers)
        ]
        for name in FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS[name],
                choices=choices,
                required=name in REQUIRED_FIELDS,
                initial=str(initial_mapping[name]) if name in initial_mapping else "",
            )

    def mapping(self) -> dict[str, int]:
        return {name: int(value) for name, value in self.cleaned_data.items() if value not in ("", None)}


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(import_jobs.import_jobs_for(acting_user(request)), pk=pk)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    context = {
        "page": paginate(request, import_jobs.import_jobs_for(user)),
        "can_import": writable_offices_for(user).exists(),
    }
    return render_page(request, "intake/import/list.html", "intake/import/list.html", context)


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not writable_offices_for(user).exists():
        raise PermissionDenied(_("У вас нет прав загружать списки клиентов."))
    form = ImportUploadForm(posted(request), request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_jobs.import_job_create(
                user=user,
                office=form.cleaned_data["office"],
                file=upload,
                filename=upload.name,
                size=upload.size,
                source=form.cleaned_data["source"],
                event_name=form.cleaned_data["event_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("intake:import-mapping", pk=job.pk)
    return render(request, "intake/import/new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status not in import_jobs.EDITABLE_STATUSES:
        return redirect("intake:import-detail", pk=job.pk)
    try:
        table = import_jobs.import_job_table(job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intake:import-list")
    form = MappingForm(posted(request), headers=table.headers, initial_mapping=import_jobs.job_mapping(job))
    if request.method == "POST" and form.is_valid():
        try:
            import_jobs.import_job_check(user=acting_user(request), job=job, mapping=form.mapping())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("intake:import-detail", pk=job.pk)
    context = {"job": job, "form": form, "headers": table.headers, "preview": [cells for _n, cells in table.rows[:5]]}
    return render(request, "intake/import/mapping.html", context, status=400 if form.errors else 200)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status == ImportStatus.UPLOADED:
        return redirect("intake:import-mapping", pk=job.pk)
    context: dict[str, Any] = {"job": job, "counts": import_jobs.import_summary_counts(job), "running": RUNNING}
    if job.status in (ImportStatus.CHECKED, ImportStatus.DONE):
        results = import_jobs.import_job_results(job)
        outcome = request.GET.get("outcome", "")
        if outcome in RowOutcome.values:
            results = [result for result in results if result.outcome == outcome]
        context["outcome"] = outcome
        context["page"] = Paginator(results, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render_page(request, "intake/import/detail.html", "intake/import/partials/results.html", context)


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled every second; when the job is over the page reloads to show the outcome."""
    job = _job(request, pk)
    response = render(request, "intake/import/partials/progress.html", {"job": job, "running": RUNNING})
    if job.status not in RUNNING and request.headers.get("HX-Request"):
        response["HX-Redirect"] = reverse("intake:import-detail", args=[job.pk])
    return response


@login_required
@require_POST
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        import_jobs.import_job_start(user=acting_user(request), job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("intake:import-detail", pk=job.pk)


@login_required
def import_report(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if not job.report:
        raise Http404(_("Отчёта ещё нет."))
    prefix = "proverka" if job.status == ImportStatus.CHECKED else "otchet"
    return FileResponse(
        job.report.open("rb"), as_attachment=True, filename=f"{prefix}-{job.pk}.csv", content_type="text/csv"
    )
