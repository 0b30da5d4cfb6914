"""One import of a register file: its content, who asked, how far it got, and the report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from doorstroom.common.models import TimeStamped


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class RegisterImport(TimeStamped):
    file_name = models.CharField(_("bestand"), max_length=255)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(editable=False)  # a register is small; kept for a re-run
    dry_run = models.BooleanField(_("proefimport"), default=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("import van registers")
        verbose_name_plural = _("imports van registers")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
