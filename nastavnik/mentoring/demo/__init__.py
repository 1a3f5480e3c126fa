"""Demo data for mentoring: each workflow seeds a little for every partner office."""

from nastavnik.mentoring.demo import (
    batches,
    closing,
    development,
    golden,
    plans,
    questions,
    recommendations,
    reviews,
    status_requests,
)
from nastavnik.offices.choices import OfficeKind
from nastavnik.offices.models import Office

SEEDERS = {
    "development": development,
    "plans": plans,
    "closing": closing,
    "reviews": reviews,
    "golden": golden,
    "recommendations": recommendations,
    "status_requests": status_requests,
    "batches": batches,
    "questions": questions,
}


def seed_mentoring() -> dict[str, int]:
    offices = list(
        Office.objects.filter(kind=OfficeKind.PARTNER, account_manager__isnull=False).select_related(
            "owner", "account_manager"
        )
    )
    return {f"mentoring_{name}": module.seed(offices=offices) for name, module in SEEDERS.items()}
