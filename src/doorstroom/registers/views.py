"""The functional administrator's import page: upload, dry run, progress, report, apply."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from doorstroom.registers.forms import RegisterUploadForm
from doorstroom.registers.layout import SHEETS, template_workbook
from doorstroom.registers.models import ImportStatus, RegisterImport
from doorstroom.registers.progress import progress_read
from doorstroom.registers.services import report_csv, report_rows, report_xlsx
from doorstroom.registers.tasks import run_register_import
from doorstroom.web.permissions import page_user, role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _start(request: HttpRequest, *, content: bytes, name: str, dry_run: bool) -> HttpResponse:
    job = RegisterImport.objects.create(
        file_name=name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        dry_run=dry_run,
        created_by=page_user(request),
    )
    run_register_import.enqueue(import_id=job.pk)
    return redirect("registers:detail", pk=job.pk)


@role_required("admin")
def index(request: HttpRequest) -> HttpResponse:
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        return _start(
            request,
            content=upload.read(),
            name=upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
    recent = RegisterImport.objects.defer("content", "report")[:10]
    return render(
        request, "registers/index.html", {"form": form, "recent": recent, "sheets": SHEETS}
    )


def _context(job: RegisterImport) -> dict[str, object]:
    done, total = progress_read(job.pk)
    report = job.report or {}
    return {
        "job": job,
        "running": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "done": done,
        "total": total,
        "report": report,
        "rejected": report_rows(report),
        "rejected_count": len(report_rows(report)),
    }


@role_required("admin")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(RegisterImport.objects.defer("content"), pk=pk)
    return render(request, "registers/detail.html", _context(job))


@role_required("admin")
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls while the import runs (a full page once it is done)."""
    job = get_object_or_404(RegisterImport.objects.defer("content"), pk=pk)
    context = _context(job)
    if not context["running"]:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("registers:detail", kwargs={"pk": job.pk})
        return response
    return render(request, "registers/_progress.html", context)


@role_required("admin")
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Import for real what a clean dry run checked: the same file again, now kept."""
    job = get_object_or_404(RegisterImport, pk=pk, dry_run=True, status=ImportStatus.DONE)
    return _start(request, content=bytes(job.content), name=job.file_name, dry_run=False)


@role_required("admin")
def report_file(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    if ext not in ("csv", "xlsx"):
        raise Http404(ext)
    job = get_object_or_404(RegisterImport.objects.defer("content"), pk=pk)
    if ext == "xlsx":
        response = HttpResponse(report_xlsx(job.report), content_type=XLSX)
    else:
        response = HttpResponse(report_csv(job.report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-geweigerd.{ext}"'
    return response


@role_required("admin")
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="doorstroom-registers-sjabloon.xlsx"'
    return response
