from django.contrib import admin

from nastavnik.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "text", "read_at")
    list_filter = ("read_at",)
    search_fields = ("text", "user__email", "user__last_name")
    raw_id_fields = ("user",)
    date_hierarchy = "created_at"
