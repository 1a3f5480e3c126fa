from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "nastavnik.mentoring"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Наставничество"
