from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    CALL = "call", _("Звонок")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Встреча")
    NOTE = "note", _("Заметка")
    PROPOSAL = "proposal", _("Отправлено КП")
    TASK = "task", _("Задача")


class CallDirection(models.TextChoices):
    OUTGOING = "outgoing", _("Исходящий")
    INCOMING = "incoming", _("Входящий")


# Kinds that count as a touch of the client (a note or a task is not a conversation).
TOUCH_KINDS = (ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MEETING, ActivityKind.PROPOSAL)
