"""The web UI: the root of every page (the API lives under /api/)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from nastavnik.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/tokens/", views.api_tokens, name="api-tokens"),
    path("profile/tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api-token-revoke"),
    path("", include("nastavnik.clients.urls")),
    path("", include("nastavnik.deals.urls")),
    path("", include("nastavnik.activities.urls")),
    path("", include("nastavnik.intake.urls")),
    path("", include("nastavnik.notifications.urls")),
    path("mentoring/", include("nastavnik.mentoring.urls")),
]
