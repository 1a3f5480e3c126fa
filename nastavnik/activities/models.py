from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.validators import validate_recording
from nastavnik.clients.models import Company, Contact
from nastavnik.deals.models import Deal
from nastavnik.offices.models import Office


class ProposalTemplate(models.Model):
    """A commercial proposal (КП) template; the franchisor recommends some of them."""

    name = models.CharField(_("название"), max_length=200, unique=True)
    is_recommended = models.BooleanField(_("рекомендованный"), default=False)
    file = models.FileField(_("файл"), upload_to="proposal-templates/", blank=True)

    class Meta:
        ordering = ["-is_recommended", "name"]
        verbose_name = _("шаблон КП")
        verbose_name_plural = _("шаблоны КП")

    def __str__(self) -> str:
        return self.name


def recording_path(instance: "Activity", filename: str) -> str:
    return f"recordings/{instance.office_id}/{filename}"


class Activity(models.Model):
    """One entry of the client timeline: a call, e-mail, meeting, note, proposal or task."""

    office = models.ForeignKey(
        Office, verbose_name=_("представительство"), on_delete=models.PROTECT, related_name="activities"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("компания"), on_delete=models.CASCADE, related_name="activities"
    )
    deal = models.ForeignKey(
        Deal, verbose_name=_("сделка"), null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("контакт"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("вид"), max_length=16, choices=ActivityKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто"), on_delete=models.PROTECT, related_name="activities"
    )
    occurred_at = models.DateTimeField(_("когда"), db_index=True)
    subject = models.CharField(_("тема"), max_length=300, blank=True)
    body = models.TextField(_("текст"), blank=True)
    # call
    direction = models.CharField(_("направление"), max_length=16, choices=CallDirection.choices, blank=True)
    duration_seconds = models.PositiveIntegerField(_("длительность, секунд"), null=True, blank=True)
    recording = models.FileField(_("запись"), upload_to=recording_path, blank=True, validators=[validate_recording])
    # proposal
    proposal_template = models.ForeignKey(
        ProposalTemplate,
        verbose_name=_("шаблон КП"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged = models.BooleanField(_("клиент ознакомлен"), default=False)
    # task
    due_at = models.DateTimeField(_("срок"), null=True, blank=True)
    is_done = models.BooleanField(_("выполнено"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["company", "-occurred_at"], name="activity_company_time"),
            models.Index(fields=["deal", "kind"], name="activity_deal_kind"),
        ]
        verbose_name = _("активность")
        verbose_name_plural = _("активности")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%d.%m.%Y %H:%M}"

    @property
    def duration_display(self) -> str:
        if self.duration_seconds is None:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"
