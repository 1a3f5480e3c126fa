"""Web pages of mentoring, one module per workflow under views/."""

from nastavnik.mentoring.views import (
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

app_name = "mentoring"
urlpatterns = [
    *closing.urlpatterns,
    *reviews.urlpatterns,
    *golden.urlpatterns,
    *recommendations.urlpatterns,
    *status_requests.urlpatterns,
    *development.urlpatterns,
    *plans.urlpatterns,
    *batches.urlpatterns,
    *questions.urlpatterns,
]
