from django.db import models
from django.utils.translation import gettext_lazy as _


class CallCardStatus(models.TextChoices):
    OPEN = "open", _("Идёт разговор")
    DONE = "done", _("Завершён")
    TRANSFERRED = "transferred", _("Переведён")


class TelephonyOutcome(models.TextChoices):
    ATTACHED = "attached", _("Привязан к клиенту")
    UNKNOWN_CALLER = "unknown_caller", _("Неизвестный номер: лид дежурному")


class WebOutcome(models.TextChoices):
    OPEN_DEAL_OWNER = "open_deal_owner", _("Передан владельцу открытой сделки")
    NEW_DEAL_EXISTING_CLIENT = "new_deal_existing", _("Клиент есть, открыта новая сделка")
    NEW_CLIENT = "new_client", _("Новый клиент и сделка")
    TAKEN_ELSEWHERE = "taken_elsewhere", _("Клиент в работе у другого представительства")
    REJECTED = "rejected", _("Отклонено")


class CallOutcome(models.TextChoices):
    PENDING = "pending", _("Не звонили")
    NO_ANSWER = "no_answer", _("Не дозвонились")
    CALLBACK = "callback", _("Перезвонить")
    REFUSED = "refused", _("Отказ")
    MEETING_BOOKED = "meeting_booked", _("Назначена встреча")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Загружен")
    CHECKING = "checking", _("Проверяется")
    CHECKED = "checked", _("Проверен")
    IMPORTING = "importing", _("Импортируется")
    DONE = "done", _("Готово")
    FAILED = "failed", _("Ошибка")


class RowOutcome(models.TextChoices):
    NEW = "new", _("Новый")
    DUPLICATE = "duplicate", _("Дубль")
    TAKEN_ELSEWHERE = "taken_elsewhere", _("Занят другим представительством")
    ERROR = "error", _("Ошибка")
