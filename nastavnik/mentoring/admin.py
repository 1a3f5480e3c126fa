from django.contrib import admin

from nastavnik.mentoring.models import (
    CallReview,
    ClosingAssistRequest,
    DealBatch,
    DevelopmentStage,
    DevelopmentTaskTemplate,
    MonthlyPlan,
    Question,
    Recommendation,
    ReviewCriterion,
    StatusRequest,
)


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]


class DevelopmentTaskTemplateInline(admin.TabularInline):
    model = DevelopmentTaskTemplate
    extra = 1


@admin.register(DevelopmentStage)
class DevelopmentStageAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    inlines = [DevelopmentTaskTemplateInline]


@admin.register(ClosingAssistRequest)
class ClosingAssistRequestAdmin(admin.ModelAdmin):
    list_display = ["company", "office", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["company", "deal", "payment"]


@admin.register(CallReview)
class CallReviewAdmin(admin.ModelAdmin):
    list_display = ["office", "period_from", "period_to", "status"]
    list_filter = ["status"]


@admin.register(StatusRequest)
class StatusRequestAdmin(admin.ModelAdmin):
    list_display = ["office", "scope", "recurrence", "created_at", "completed_at"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["office", "source", "assignee", "due_on", "applied_at"]
    list_filter = ["source"]
    raw_id_fields = ["deal"]


@admin.register(MonthlyPlan)
class MonthlyPlanAdmin(admin.ModelAdmin):
    list_display = ["office", "month", "target", "agreed_at"]


@admin.register(DealBatch)
class DealBatchAdmin(admin.ModelAdmin):
    list_display = ["office", "status", "created_at", "handed_over_at", "processed_at"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["office", "topic", "asked_at", "due_at", "status"]
    list_filter = ["status", "topic"]
