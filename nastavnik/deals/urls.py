from django.urls import path

from nastavnik.deals import views

app_name = "deals"

urlpatterns = [
    path("deals/", views.deal_list, name="deal-list"),
    path("deals/new/", views.deal_create, name="deal-create"),
    path("deals/board/", views.board, name="board"),
    path("deals/<int:pk>/", views.deal_detail, name="deal-detail"),
    path("deals/<int:pk>/edit/", views.deal_edit, name="deal-edit"),
    path("deals/<int:pk>/move/", views.deal_move, name="deal-move"),
]
