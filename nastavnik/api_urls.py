"""The REST API under /api/v1/: each business area registers its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from nastavnik.activities.api.views import ActivityViewSet
from nastavnik.clients.api.duplicates import DuplicateCheckView
from nastavnik.clients.api.views import CompanyViewSet, ContactViewSet
from nastavnik.deals.api.views import DealViewSet, InvoiceViewSet, PaymentViewSet, StageViewSet, TariffViewSet
from nastavnik.intake.api.agents import (
    CallListEntryViewSet,
    CallListViewSet,
    CommissionViewSet,
    WebRegistrationViewSet,
)
from nastavnik.intake.api.telephony import TelephonyCallView, TelephonyRouteView
from nastavnik.intake.api.web import WebIntakeView
from nastavnik.mentoring.api.routes import mentoring_routes
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
router.register("intake/web-registrations", WebRegistrationViewSet, basename="web-registration")
router.register("call-lists", CallListViewSet, basename="call-list")
router.register("call-list-entries", CallListEntryViewSet, basename="call-list-entry")
router.register("commissions", CommissionViewSet, basename="commission")
for prefix, viewset, basename in mentoring_routes():
    router.register(f"mentoring/{prefix}", viewset, basename=basename)

# Namespaced so that names like "company-list" never clash with the web pages' URL names.
app_name = "api"
urlpatterns = [
    path("duplicates/", DuplicateCheckView.as_view(), name="duplicates"),
    # A website posts registrations here with its own token, without a login.
    path("intake/web", WebIntakeView.as_view(), name="intake-web"),
    # The PBX asks who takes a call and logs finished calls (token of a system administrator).
    path("telephony/route", TelephonyRouteView.as_view(), name="telephony-route"),
    path("telephony/calls", TelephonyCallView.as_view(), name="telephony-calls"),
    *router.urls,
]
