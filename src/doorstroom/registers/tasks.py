"""The import as a background task (django-tasks): the page enqueues it and shows its progress."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from doorstroom.registers.models import ImportStatus, RegisterImport
from doorstroom.registers.progress import progress_clear, progress_write
from doorstroom.registers.services import register_import

logger = logging.getLogger("doorstroom.registers")


@task()
def run_register_import(import_id: int) -> str:
    """Run a queued import once; a second run of the same task finds it done and does nothing."""
    claimed = RegisterImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return "not_queued"
    job = RegisterImport.objects.get(pk=import_id)
    try:
        report = register_import(
            content=bytes(job.content),
            file_name=job.file_name,
            dry_run=job.dry_run,
            progress=lambda done, total: progress_write(import_id, done, total),
        )
    except Exception:
        logger.exception("register import %s failed", import_id)
        RegisterImport.objects.filter(pk=import_id).update(status=ImportStatus.FAILED)
        raise
    finally:
        progress_clear(import_id)
    total = sum(s.created + s.present + len(s.rejected) for s in report.sheets)
    RegisterImport.objects.filter(pk=import_id).update(
        status=ImportStatus.DONE, report=report.as_dict(), total_rows=total, processed_rows=total
    )
    return "done"
