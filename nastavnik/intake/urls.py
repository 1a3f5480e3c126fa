from django.urls import path

from nastavnik.intake import views, views_agents, views_import, views_web

app_name = "intake"

urlpatterns = [
    # Duty roster and incoming calls
    path("intake/roster/", views.duty_roster, name="roster"),
    path("intake/calls/", views.call_card_list, name="call-list"),
    path("intake/calls/new/", views.call_card_new, name="call-new"),
    path("intake/calls/<int:pk>/", views.call_card_detail, name="call-detail"),
    path("intake/calls/<int:pk>/save/", views.call_card_autosave, name="call-autosave"),
    path("intake/calls/<int:pk>/transfer/", views.call_card_transfer_view, name="call-transfer"),
    path("intake/calls/<int:pk>/finish/", views.call_card_finish_view, name="call-finish"),
    # Web registrations: the inbox
    path("intake/web/", views_web.web_inbox, name="web-inbox"),
    path("intake/web/<int:pk>/agent/", views_web.web_registration_bring_agent, name="web-bring-agent"),
    # Agents: call lists and commissions
    path("intake/call-lists/", views_agents.call_list_index, name="call-lists"),
    path("intake/call-lists/new/", views_agents.call_list_import, name="call-list-import"),
    path("intake/call-lists/<int:pk>/", views_agents.call_list_detail, name="call-list-detail"),
    path(
        "intake/call-list-entries/<int:pk>/outcome/",
        views_agents.call_list_entry_record,
        name="call-list-entry-record",
    ),
    path("intake/commissions/", views_agents.commission_list, name="commissions"),
    path("intake/commissions/rules/", views_agents.commission_rules, name="commission-rules"),
    # Client lists from events: upload, column mapping, dry run, background import, report
    path("intake/import/", views_import.import_list, name="import-list"),
    path("intake/import/new/", views_import.import_new, name="import-new"),
    path("intake/import/<int:pk>/", views_import.import_detail, name="import-detail"),
    path("intake/import/<int:pk>/mapping/", views_import.import_mapping, name="import-mapping"),
    path("intake/import/<int:pk>/start/", views_import.import_start, name="import-start"),
    path("intake/import/<int:pk>/progress/", views_import.import_progress, name="import-progress"),
    path("intake/import/<int:pk>/report/", views_import.import_report, name="import-report"),
]
