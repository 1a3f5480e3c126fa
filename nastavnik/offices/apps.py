from django.apps import AppConfig
from django.db.backends.signals import connection_created


class OfficesConfig(AppConfig):
    name = "nastavnik.offices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nastavnik.sqlite_unicode import install

        connection_created.connect(install, dispatch_uid="sqlite_unicode_like")
