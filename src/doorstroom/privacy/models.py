"""The processing log (GDPR art. 30): who read which person's record, when and why.

Append-only: the model refuses updates and deletes, and the admin shows it read-only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet["AccessLog"]):
    """Bulk ``update()`` and ``delete()`` bypass the model's guards: refuse them here too."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only.")


class AccessLog(models.Model):
    """One read of one person's record: who (``user``), when (``at``), which record
    (``employee``, and the ``path`` read) and why (``purpose``, a stable code such as
    ``employee_detail`` or ``employee_search_national_number``)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("tijdstip"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    # No index of its own: the (employee, at) index below serves every lookup by employee,
    # and each read of a person inserts a row, so a second index is paid on every read.
    employee = models.ForeignKey(
        "employees.Employee",
        on_delete=models.PROTECT,
        related_name="access_log",
        db_index=False,
        verbose_name=_("werknemer"),
    )
    purpose = models.CharField(max_length=100, verbose_name=_("doel"))
    path = models.CharField(max_length=300, blank=True, verbose_name=_("pagina of API-pad"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("raadpleging van persoonsgegevens")
        verbose_name_plural = _("verwerkingslogboek")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["employee", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} → {self.employee_id} ({self.purpose})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("The access log is append-only.")
