from django.urls import path

from nastavnik.clients import views

app_name = "clients"

urlpatterns = [
    path("companies/", views.company_list, name="company-list"),
    path("companies/new/", views.company_create, name="company-create"),
    path("companies/new/duplicates/", views.company_duplicates, name="company-duplicates"),
    path("companies/pool/", views.company_pool, name="company-pool"),
    path("companies/<int:pk>/", views.company_detail, name="company-detail"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company-edit"),
    path("companies/<int:pk>/merge/", views.company_merge, name="company-merge"),
    path("companies/<int:company_pk>/contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/", views.contact_list, name="contact-list"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
]
