from django.db import models
from django.utils.translation import gettext_lazy as _


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Выставлен")
    PAID = "paid", _("Оплачен")
    CANCELLED = "cancelled", _("Отменён")


class PaymentStatus(models.TextChoices):
    RECEIVED = "received", _("Получен")
    REFUNDED = "refunded", _("Возвращён")
