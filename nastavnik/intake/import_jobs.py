"""Client list imports from the web: upload, map columns, dry run, then the import in the background."""

import io
import logging
from collections import Counter
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from nastavnik.clients.choices import LeadSource
from nastavnik.intake.choices import ImportStatus, RowOutcome
from nastavnik.intake.import_files import (
    RowResult,
    Table,
    check_mapping,
    check_size,
    count_rows,
    guess_mapping,
    mapped_rows,
    read_report,
    read_table,
    write_report,
)
from nastavnik.intake.importing import RowImporter
from nastavnik.intake.models import ImportJob
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import writable_offices_for
from nastavnik.offices.services import ensure_can_write_in_office

logger = logging.getLogger(__name__)

TASK_TIMEOUT_SECONDS = 3 * 3600
EDITABLE_STATUSES = (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED)


def import_jobs_for(user: User) -> QuerySet[ImportJob]:
    """Imports of the offices where the user may write clients."""
    return ImportJob.objects.filter(office__in=writable_offices_for(user)).select_related("office", "created_by")


def _check_source(source: str) -> None:
    if source not in LeadSource.values:
        raise ValidationError({"source": _("Неизвестный источник «%(source)s».") % {"source": source}})


def import_job_create(
    *, user: User, office: Office, file: IO[bytes], filename: str, size: int, source: str, event_name: str = ""
) -> ImportJob:
    """Store an uploaded list after checking it can be read; the columns are guessed from its headers."""
    ensure_can_write_in_office(user, office.pk)
    _check_source(source)
    check_size(size)
    table = read_table(file, filename)
    file.seek(0)
    mapping = guess_mapping(table.headers)
    job = ImportJob(
        office=office,
        created_by=user,
        source=source,
        event_name=event_name.strip(),
        original_name=filename[:255],
        mapping=mapping,
        total_rows=len(table.rows),
    )
    job.file.save(filename.rsplit("/", 1)[-1][-100:], ContentFile(file.read()), save=False)
    job.save()
    return job


def import_job_table(job: ImportJob) -> Table:
    with job.file.open("rb") as file:
        return read_table(file, job.original_name)


def job_mapping(job: ImportJob) -> dict[str, int]:
    return {name: int(index) for name, index in (job.mapping or {}).items()}


def import_job_check(*, user: User, job: ImportJob, mapping: dict[str, int]) -> ImportJob:
    """Save the column mapping and start the dry run in the background."""
    ensure_can_write_in_office(user, job.office_id)
    if job.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Импорт уже запущен: соответствие колонок менять нельзя."))
    table = import_job_table(job)
    check_mapping(mapping, table.headers)
    job.mapping = mapping
    job.total_rows = count_rows(table, mapping)
    job.status = ImportStatus.CHECKING
    job.processed_rows = 0
    job.summary = {}
    job.error = ""
    job.save()
    async_task("nastavnik.intake.import_jobs.run_check", job.pk, timeout=TASK_TIMEOUT_SECONDS)
    job.refresh_from_db()
    return job


def import_job_start(*, user: User, job: ImportJob) -> ImportJob:
    """Run the checked import in the background; a second click does not start it twice."""
    ensure_can_write_in_office(user, job.office_id)
    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.IMPORTING, processed_rows=0, summary={}
    )
    if not started:
        raise ValidationError(_("Импорт можно запустить только после проверки файла, и только один раз."))
    async_task("nastavnik.intake.import_jobs.run_import", job.pk, timeout=TASK_TIMEOUT_SECONDS)
    job.refresh_from_db()
    return job


def run_check(job_id: int) -> None:
    """The background dry run: every row's outcome, nothing written."""
    _run(job_id, dry_run=True)


def run_import(job_id: int) -> None:
    """The background import."""
    _run(job_id, dry_run=False)


def _run(job_id: int, *, dry_run: bool) -> None:
    expected = ImportStatus.CHECKING if dry_run else ImportStatus.IMPORTING
    # The claim makes a task delivered twice (a worker restart, a broker retry) run once.
    claimed = ImportJob.objects.filter(pk=job_id, status=expected, summary={}).update(summary={"running": True})
    if not claimed:
        return
    job = ImportJob.objects.select_related("office", "created_by").get(pk=job_id)
    try:
        table = import_job_table(job)
        mapping = job_mapping(job)
        total = count_rows(table, mapping)
        importer = RowImporter(
            office=job.office,
            user=job.created_by,
            source=job.source,
            event_name=job.event_name,
            dry_run=dry_run,
            day=timezone.localdate(),
        )

        def progress(done: int, total_rows: int) -> None:
            ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total_rows)

        results, summary = importer.run(mapped_rows(table, mapping), total=total, progress=progress)
    except Exception as error:  # the job records any failure for the person who started it
        logger.exception("Import %s failed", job_id)
        message = _messages_of(error) if isinstance(error, ValidationError) else _("Внутренняя ошибка импорта.")
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, error=message, summary={}, finished_at=timezone.now()
        )
        return
    job.refresh_from_db()
    _save_report(job, results)
    job.summary = summary.as_dict()
    job.status = ImportStatus.CHECKED if dry_run else ImportStatus.DONE
    job.processed_rows = job.total_rows = summary.total
    if not dry_run:
        job.finished_at = timezone.now()
    job.save()
    if not dry_run:
        _notify_managers(job, results)


def _messages_of(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def _save_report(job: ImportJob, results: list[RowResult]) -> None:
    out = io.StringIO()
    write_report(results, out)
    if job.report:
        job.report.delete(save=False)
    kind = "check" if job.status == ImportStatus.CHECKING else "report"
    job.report.save(f"{kind}-{job.pk}.csv", ContentFile(out.getvalue().encode("utf-8")), save=False)


def _notify_managers(job: ImportJob, results: list[RowResult]) -> None:
    from nastavnik.notifications.services import notify

    counts = Counter(result.manager_id for result in results if result.outcome == RowOutcome.NEW)
    counts.pop(None, None)
    if not counts:
        return
    source = job.event_name or job.original_name
    for manager in User.objects.filter(pk__in=counts.keys(), is_active=True):
        notify(
            user=manager,
            text=_("Вам переданы новые клиенты из списка «%(source)s»: %(count)s.")
            % {"source": source, "count": counts[manager.pk]},
            url=reverse("clients:company-list") + f"?responsible={manager.pk}",
        )


def import_job_results(job: ImportJob) -> list[RowResult]:
    """The per-row outcomes of the last dry run or import."""
    if not job.report:
        return []
    with job.report.open("rb") as file:
        return read_report(file.read().decode("utf-8"))


def import_summary_counts(job: ImportJob) -> list[tuple[str, str, int]]:
    """(outcome, label, count) for each outcome, in a fixed order."""
    counts = (job.summary or {}).get("counts", {})
    return [(code, str(label), counts.get(code, 0)) for code, label in RowOutcome.choices]
