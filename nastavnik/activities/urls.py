from django.urls import path

from nastavnik.activities import views

app_name = "activities"

urlpatterns = [
    path("companies/<int:company_pk>/activities/new/<str:kind>/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/done/", views.task_done, name="task-done"),
    path("activities/<int:pk>/acknowledged/", views.proposal_acknowledged, name="proposal-acknowledged"),
]
