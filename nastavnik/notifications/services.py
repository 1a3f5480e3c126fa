"""Every write to notifications: sending one (in the app and optionally by e-mail) and marking them read."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.notifications.models import Notification
from nastavnik.offices.models import User

TEXT_MAX = 500


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


@transaction.atomic
def notify(*, user: User, text: str, url: str = "", email: bool = False) -> Notification:
    """Tell one person something in the app; with email=True also by e-mail once the transaction commits."""
    notification = Notification.objects.create(user=user, text=text[:TEXT_MAX], url=url[:300])
    if email and user.email:
        subject = _("Наставник: %(text)s") % {"text": text[:80]}
        body = "\n".join(part for part in (text, _absolute(url)) if part)
        transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], fail_silently=True))
    return notification


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.user_id != user.pk:
        raise PermissionDenied(_("Это уведомление адресовано другому человеку."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
