"""Keep the derived first/last touch dates of deals in sync with the timeline."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from nastavnik.activities.models import Activity
from nastavnik.activities.services import deal_touches_refresh


@receiver([post_save, post_delete], sender=Activity, dispatch_uid="activity_deal_touches")
def refresh_deal_touches(sender: type[Activity], instance: Activity, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if instance.deal_id:
        deal_touches_refresh(instance.deal_id)
