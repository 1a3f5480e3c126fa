"""Every mentoring viewset, gathered for the /api/v1/ router."""

from typing import Any

from nastavnik.mentoring.api import (
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

MODULES = (closing, reviews, golden, recommendations, status_requests, development, plans, batches, questions)


def mentoring_routes() -> list[tuple[str, Any, str]]:
    return [route for module in MODULES for route in module.routes]
