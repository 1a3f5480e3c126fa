from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "nastavnik.activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nastavnik.activities import signals  # noqa: F401
