"""Reads of notifications: a person sees only their own."""

from django.db.models import QuerySet

from nastavnik.notifications.models import Notification
from nastavnik.offices.models import User


def notifications_for(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()
