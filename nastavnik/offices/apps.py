from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "nastavnik.offices"
    default_auto_field = "django.db.models.BigAutoField"
