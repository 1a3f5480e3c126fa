from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "nastavnik.clients"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nastavnik.clients import signals  # noqa: F401
        from nastavnik.lib import lookups  # noqa: F401  (registers field__any_of)
