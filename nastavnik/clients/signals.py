"""Every office, however it was created, has the system tag «Золотой список»."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from nastavnik.clients.models import GOLDEN_LIST_TAG, Tag
from nastavnik.offices.models import Office


@receiver(post_save, sender=Office, dispatch_uid="office_golden_list_tag")
def ensure_golden_list_tag(sender: type[Office], instance: Office, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        Tag.objects.get_or_create(
            office=instance, name=GOLDEN_LIST_TAG, defaults={"is_system": True, "color": "warning"}
        )
