from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message to one person (a routed call, a new lead, a request, a breach)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кому"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("текст"), max_length=500)
    url = models.CharField(_("ссылка"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")

    def __str__(self) -> str:
        return self.text
