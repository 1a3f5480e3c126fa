"""The REST API under /api/v1/: each business area registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from nastavnik.activities.api.views import ActivityViewSet
from nastavnik.clients.api.views import CompanyViewSet, ContactViewSet
from nastavnik.deals.api.views import DealViewSet, InvoiceViewSet, PaymentViewSet, StageViewSet, TariffViewSet
from nastavnik.offices.api.views import ApiTokenViewSet, OfficeViewSet, UserViewSet

router = DefaultRouter()
router.register("offices", OfficeViewSet, basename="office")
router.register("users", UserViewSet, basename="user")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("companies", CompanyViewSet, basename="company")
router.register("contacts", ContactViewSet, basename="contact")
router.register("deals", DealViewSet, basename="deal")
router.register("invoices", InvoiceViewSet, basename="invoice")
router.register("payments", PaymentViewSet, basename="payment")
router.register("tariffs", TariffViewSet, basename="tariff")
router.register("stages", StageViewSet, basename="stage")
router.register("activities", ActivityViewSet, basename="activity")

# Namespaced so that names like "company-list" never clash with the web pages' URL names.
app_name = "api"
urlpatterns = router.urls
