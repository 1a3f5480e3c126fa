from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "nastavnik.intake"
    default_auto_field = "django.db.models.BigAutoField"
