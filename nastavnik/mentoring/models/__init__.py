"""Mentoring of partner offices by their account manager (seed 000): one module per workflow."""

from nastavnik.mentoring.models.batches import DealBatch, DealBatchItem
from nastavnik.mentoring.models.closing import ClosingAssistRequest
from nastavnik.mentoring.models.development import DevelopmentStage, DevelopmentTask, DevelopmentTaskTemplate
from nastavnik.mentoring.models.plans import MonthlyPlan, PlanAction
from nastavnik.mentoring.models.questions import Question
from nastavnik.mentoring.models.recommendations import Recommendation
from nastavnik.mentoring.models.reviews import CallReview, CallReviewItem, CallReviewScore, ReviewCriterion
from nastavnik.mentoring.models.status_requests import StatusAnswer, StatusRequest

__all__ = [
    "CallReview",
    "CallReviewItem",
    "CallReviewScore",
    "ClosingAssistRequest",
    "DealBatch",
    "DealBatchItem",
    "DevelopmentStage",
    "DevelopmentTask",
    "DevelopmentTaskTemplate",
    "MonthlyPlan",
    "PlanAction",
    "Question",
    "Recommendation",
    "ReviewCriterion",
    "StatusAnswer",
    "StatusRequest",
]
