"""Import runs and their reports; the messages in the caller's language (`core.notes`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tacoord.iati.models import ImportIssue, ImportRun


class ImportRunSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="importrun-detail")
    user = serializers.StringRelatedField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    refused_files = serializers.IntegerField(read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = ImportRun
        fields = ["id", "url", "status", "status_label", "user", "source", "started_at", "finished_at", "read_again",
                  "added", "updated", "unchanged", "rejected", "warnings", "refused_files", "error", "files"]
        read_only_fields = fields

    def get_files(self, run) -> list[dict]:
        """Each file: its name, activities read, added, updated, unchanged, rejected, and why it was refused."""
        return run.files_read()


class ImportIssueSerializer(serializers.ModelSerializer):
    message = serializers.CharField(source="text", read_only=True, help_text=_("In the caller's language."))
    message_en = serializers.CharField(source="message", read_only=True, help_text=_("As kept, in English."))

    class Meta:
        model = ImportIssue
        fields = ["kind", "file", "line", "identifier", "message", "message_en"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False,
                                  help_text=_("IATI 2.01–2.03 activity files, plain or gzipped."))
    read_again = serializers.BooleanField(default=False, help_text=_(
        "Skip nothing as unchanged: each activity is read and compared again."))
