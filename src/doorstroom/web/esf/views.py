"""Pages of the ESF officer (R2, R5): calls and projects, a project's decision, and the
monitoring dashboard with its CSV and XLSX exports (also open to VDAB reviewers and
consultants: "De monitoring … gebeurt door ESF Vlaanderen in overleg met VDAB")."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from doorstroom.common import clock
from doorstroom.common.errors import DomainError
from doorstroom.esf import selectors, services
from doorstroom.esf.models import Project
from doorstroom.exports import writers
from doorstroom.mandates.selectors import (
    application_pending_for_organisation,
    mandate_list_for_user,
)
from doorstroom.monitoring import selectors as monitoring
from doorstroom.monitoring.selectors import IndicatorFilter
from doorstroom.web import confirm
from doorstroom.web.esf.dashboard import (
    TABLES,
    Dashboard,
    Table,
    default_period,
    not_applicable,
)
from doorstroom.web.esf.forms import CallForm, DashboardFilterForm, ProjectDecisionForm
from doorstroom.web.form_errors import service_error_show
from doorstroom.web.paging import page_of
from doorstroom.web.permissions import page_user, role_required

MONITORING_ROLES = ("esf_officer", "reviewer", "consultant")
#: The five Flemish provinces (NIS codes): VDAB's area, the only ones the filter offers.
FLEMISH_PROVINCES = ("10000", "20001", "30000", "40000", "70000")
CALLS_PER_PAGE = 20


# --- calls and projects -----------------------------------------------------------------------


@role_required("esf_officer")
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """The work queue: every call with its projects (undecided first), and a new call."""
    user = page_user(request)
    form = CallForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(**form.cleaned_data)
        except DomainError as exc:
            service_error_show(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Oproep %(code)s is aangemaakt.") % {"code": call.code})
            return redirect("esf:home")
    calls = selectors.call_list_for_user(user).order_by("-opens_on", "-id")
    page = page_of(request, calls, per_page=CALLS_PER_PAGE)
    today = clock.today()
    projects: dict[int, list[Project]] = defaultdict(list)
    for project in selectors.project_list_with_mandate_for_user(user, on=today).filter(
        call__in=[c.pk for c in page]
    ):
        projects[project.call_id].append(project)
    for call_projects in projects.values():
        call_projects.sort(key=lambda p: (p.status != "submitted", -p.submitted_on.toordinal()))
    return render(
        request,
        "esf/home.html",
        {
            "form": form,
            "page_obj": page,
            "calls": [(call, projects.get(call.pk, [])) for call in page],
            "today": today,
        },
        status=status,
    )


def _decision_warnings(data: dict[str, Any], project: Project) -> list[str]:
    """What a confirmed decision sets in motion (shown before the write)."""
    if data["approved"] == "yes":
        return [
            _(
                "Het project wordt goedgekeurd. Vanaf de begindatum kan VDAB werknemers naar "
                "%(name)s toeleiden (R4)."
            )
            % {"name": project.organisation.name},
            _("Een goedkeuring kan niet ingetrokken of gewijzigd worden."),
        ]
    return [
        _(
            "Het project wordt afgewezen. Zonder goedgekeurd ESF-project komt %(name)s niet in "
            "aanmerking voor toeleidingen (R4)."
        )
        % {"name": project.organisation.name},
        _("Een afwijzing kan niet ingetrokken of gewijzigd worden."),
    ]


def _decide(
    request: HttpRequest, project: Project, form: ProjectDecisionForm, step: str
) -> HttpResponse | tuple[confirm.Confirmation | None, tuple[Any, ...], int]:
    """CHECK: check the decision (dry run) and show it for confirmation; CONFIRM: write it."""
    data = form.cleaned_data

    def write() -> Any:
        return services.project_decide(
            project=project,
            approved=data["approved"] == "yes",
            decided_on=data["decided_on"],
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            decided_by=page_user(request),
        )

    try:
        if step == confirm.CHECK:
            confirm.dry_run(write)  # project_decide writes database rows only
            confirmation = confirm.Confirmation(
                title=_("Controleer en bevestig"),
                rows=confirm.rows(form),
                warnings=_decision_warnings(data, project),
                submit=_("Beslissing bevestigen"),
                fields=confirm.carried(request.POST),
                cancel_url=reverse("esf:project", args=[project.pk]),
            )
            return confirmation, (), 200
        write()
    except DomainError as exc:
        return None, tuple(service_error_show(form, exc)), exc.status
    text = (
        _("Het project is goedgekeurd.")
        if data["approved"] == "yes"
        else _("Het project is afgewezen.")
    )
    messages.success(request, text)
    return redirect("esf:project", pk=project.pk)


@role_required("esf_officer")
@require_http_methods(["GET", "POST"])
def project(request: HttpRequest, pk: int) -> HttpResponse:
    """A project proposal; undecided, with the decision form (approval needs a mandate, R2),
    checked and then confirmed before it is written (web/confirm.py)."""
    user = page_user(request)
    today = clock.today()
    project = get_object_or_404(selectors.project_list_with_mandate_for_user(user, on=today), pk=pk)
    decision = getattr(project, "decision", None)
    mandate = mandate_list_for_user(
        user, organisation=project.organisation_id, active_on=today
    ).first()
    form = None
    confirmation: confirm.Confirmation | None = None
    reasons: tuple[Any, ...] = ()
    status = 200
    if decision is None:
        step = confirm.step(request)
        form = ProjectDecisionForm(
            request.POST if step != confirm.FORM else None,
            initial={"decided_on": today},
            can_approve=mandate is not None,
        )
        if step in (confirm.CHECK, confirm.CONFIRM) and form.is_valid():
            outcome = _decide(request, project, form, step)
            if isinstance(outcome, HttpResponse):
                return outcome
            confirmation, reasons, status = outcome
    elif request.method == "POST":
        messages.warning(request, _("Over dit project is al beslist."))
        return redirect("esf:project", pk=project.pk)
    pending = (
        None
        if mandate is not None or decision is not None
        else application_pending_for_organisation(user, organisation=project.organisation_id)
    )
    return render(
        request,
        "esf/project.html",
        {
            "project": project,
            "decision": decision,
            "form": form,
            "confirmation": confirmation,
            "reasons": reasons,
            "mandate": mandate,
            "pending_application": pending,
            "today": today,
        },
        status=status,
    )


# --- monitoring -------------------------------------------------------------------------------


def _filter_form(request: HttpRequest) -> DashboardFilterForm:
    """The GET filters, with the default period (1 January until today) where left empty."""
    data = QueryDict(mutable=True)
    data.update(request.GET)
    date_from, date_to = default_period(clock.today())
    if not data.get("from"):
        data["from"] = date_from.isoformat()
    if not data.get("to"):
        data["to"] = date_to.isoformat()
    return DashboardFilterForm(
        data, provinces=[p for p in monitoring.province_choices() if p[0] in FLEMISH_PROVINCES]
    )


def _partner_links(request: HttpRequest, form: DashboardFilterForm) -> list[tuple[str, str]]:
    """The partners a search found when it found several, each as (name, the dashboard with
    the other filters as sent and that partner)."""
    links = []
    for pk, name in form.partner_matches:
        query = request.GET.copy()
        for key in ("partner_search", "partner", "partner_page"):
            query.pop(key, None)
        query["partner"] = str(pk)
        links.append((name, f"{reverse('esf:dashboard')}?{query.urlencode()}"))
    return links


def _indicator_filter(form: DashboardFilterForm) -> IndicatorFilter:
    data = form.cleaned_data
    return IndicatorFilter(
        date_from=data["from"],
        date_to=data["to"],
        partner_id=data.get("partner"),
        province_code=data.get("province") or None,
        framework=data.get("framework") or None,
    )


def _query(form: DashboardFilterForm) -> str:
    """The cleaned filters as a query string, for the export links."""
    data = form.cleaned_data
    values = {
        "from": data["from"].isoformat(),
        "to": data["to"].isoformat(),
        "partner": data.get("partner") or "",
        "province": data.get("province") or "",
        "framework": data.get("framework") or "",
    }
    return urlencode({key: value for key, value in values.items() if value})


def _partner_page(request: HttpRequest) -> int:
    """The page of the per-partner tables (`partner_page`, 1-based): anything else is 1."""
    value = request.GET.get("partner_page", "")
    return int(value) if value.isascii() and value.isdigit() and 0 < len(value) < 7 else 1


@role_required(*MONITORING_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The R5 indicators: headline cards and five charts, each beside its table and exports."""
    form = _filter_form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        figures = Dashboard(_indicator_filter(form), _partner_page(request))
        context.update(
            {
                "period": figures.filter,
                "cards": figures.cards(),
                "tables": figures.tables(),
                "query": _query(form),
            }
        )
    else:
        context["partner_links"] = _partner_links(request, form)
    return render(request, "esf/dashboard.html", context)


def _export_table(request: HttpRequest, table: str) -> tuple[Dashboard, Table] | HttpResponse:
    if table not in TABLES:
        raise Http404
    form = _filter_form(request)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Ongeldige filters: %(errors)s") % {"errors": form.errors.as_text()},
            content_type="text/plain; charset=utf-8",
        )
    figures = Dashboard(_indicator_filter(form))
    return figures, figures.table(table)


@role_required(*MONITORING_ROLES)
@require_GET
def export_csv(request: HttpRequest, table: str) -> HttpResponse | StreamingHttpResponse:
    """One dashboard table as CSV (semicolons and decimal commas, as Belgian spreadsheets read)."""
    found = _export_table(request, table)
    if isinstance(found, HttpResponse):
        return found
    figures, data = found
    return writers.csv_response(
        figures.filename(table, "csv"), data.columns, data.rows, none=not_applicable()
    )


@role_required(*MONITORING_ROLES)
@require_GET
def export_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    """One dashboard table as an Excel workbook (write-only): numbers as numbers, one sheet."""
    found = _export_table(request, table)
    if isinstance(found, HttpResponse):
        return found
    figures, data = found
    buffer = io.BytesIO()
    writers.xlsx_write(buffer, data.title, data.columns, data.rows, none=not_applicable())
    response = HttpResponse(buffer.getvalue(), content_type=writers.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = writers.attachment(figures.filename(table, "xlsx"))
    return response
