"""Timeline entries as the API reads and writes them; a call's recording is uploaded as multipart."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from nastavnik.activities.models import Activity
from nastavnik.clients.selectors import companies_for, contacts_for
from nastavnik.deals.selectors import deals_for
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField


class ActivitySerializer(serializers.ModelSerializer):
    company = ScopedPrimaryKeyRelatedField(scope=companies_for)
    deal = ScopedPrimaryKeyRelatedField(scope=deals_for, required=False, allow_null=True)
    contact = ScopedPrimaryKeyRelatedField(scope=contacts_for, required=False, allow_null=True)
    author_name = serializers.CharField(source="author.short_name", read_only=True)
    recording = serializers.FileField(
        write_only=True,
        required=False,
        help_text=_("Запись звонка (multipart/form-data): mp3, wav, ogg, opus, m4a, webm, aac или flac."),
    )
    recording_url = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "office",
            "company",
            "deal",
            "contact",
            "kind",
            "author",
            "author_name",
            "occurred_at",
            "subject",
            "body",
            "direction",
            "duration_seconds",
            "recording",
            "recording_url",
            "proposal_template",
            "acknowledged",
            "due_at",
            "is_done",
            "created_at",
        ]
        read_only_fields = ["office", "author", "created_at"]
        extra_kwargs = {"occurred_at": {"required": False}, "kind": {"help_text": _("Задаётся только при создании.")}}

    def get_recording_url(self, activity: Activity) -> str | None:
        """Where the recording plays, behind the same access rules as the entry itself."""
        if not activity.recording:
            return None
        return reverse("api:activity-recording", kwargs={"pk": activity.pk}, request=self.context.get("request"))
