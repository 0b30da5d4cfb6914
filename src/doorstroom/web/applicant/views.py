"""Pages of a partner organisation's staff (role ``applicant``): its work queue, organisation,
mandate applications, mandates, ESF projects, referrals and trajectories.

Views are thin: reads through the selectors (which scope to the user's organisation, so another
organisation's record is a 404), writes through the services (a DomainError becomes a form
error, with the rule reasons shown beside it), then post/redirect/get.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from doorstroom.common import clock
from doorstroom.common.errors import DomainError
from doorstroom.common.uploads import EVIDENCE_UPLOAD, upload_limit
from doorstroom.esf import selectors as esf_selectors
from doorstroom.esf import services as esf_services
from doorstroom.letters.pages import letter_download, letter_rows
from doorstroom.mandates import selectors as mandate_selectors
from doorstroom.mandates import services as mandate_services
from doorstroom.mandates.assessment import (
    Assessment,
    application_assess,
    mandate_renewal_due,
    recognition_fact,
)
from doorstroom.mandates.models import (
    CLOSED_STATUSES,
    ApplicationKind,
    ApplicationStatus,
    Mandate,
    MandateApplication,
)
from doorstroom.organisations import selectors as organisation_selectors
from doorstroom.organisations import services as organisation_services
from doorstroom.organisations.models import Organisation
from doorstroom.places import selectors as places
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.referrals import selectors as referral_selectors
from doorstroom.rules import mandates as mandate_rules
from doorstroom.rules import trajectories as trajectory_rules
from doorstroom.rules.codes import CONDITIONS
from doorstroom.rules.outcome import Reason
from doorstroom.rules.params import parameter_value
from doorstroom.rules.reasons import reason
from doorstroom.trajectories import selectors as trajectory_selectors
from doorstroom.trajectories import services as trajectory_services
from doorstroom.trajectories.models import Trajectory
from doorstroom.web import confirm
from doorstroom.web.applicant.forms import (
    ActivityForm,
    ApplicationStartForm,
    EvidenceForm,
    InternshipForm,
    InternshipResultForm,
    LocalNetworkForm,
    OutcomeForm,
    ProjectForm,
    SignatoriesForm,
    SiteForm,
    SuspensionForm,
    TrajectoryStartForm,
    WithdrawalForm,
    activity_label,
    condition_label,
    framework_label,
    internship_result_label,
    outcome_label,
)
from doorstroom.web.form_errors import service_error_show
from doorstroom.web.paging import page_of
from doorstroom.web.permissions import page_user, role_required
from doorstroom.web.templatetags.doorstroom import enterprise_number

ROLE = "applicant"
PER_PAGE = 20
WIZARD_SESSION_KEY = "applicant_application_new"
#: Approved, rejected, declared inadmissible or withdrawn (R15): nothing more to send.
DECIDED = CLOSED_STATUSES

# --- helpers ----------------------------------------------------------------------------------


def _organisation(request: HttpRequest) -> Organisation:
    """The user's own organisation; an account without one (an admin) has nothing here."""
    organisation = page_user(request).organisation
    if organisation is None:
        raise Http404
    return organisation


def _posted(request: HttpRequest) -> Any:
    """The submitted data on a POST (even an empty one, so that it shows errors), else None."""
    return request.POST if request.method == "POST" else None


def _status_label(status: str) -> str:
    try:
        return str(ApplicationStatus(status).label)
    except ValueError:
        return status


def _mandate_status_label(status: str) -> str:
    labels = {"future": _("toekomstig"), "active": _("actief"), "expired": _("verlopen")}
    return labels.get(status, status)


# --- applications: what is missing, where it stands ----------------------------------------


@dataclass
class ConditionRow:
    code: str
    label: str
    count: int

    @property
    def complete(self) -> bool:
        return self.count > 0


@dataclass
class ApplicationView:
    """An application with its fresh assessment, as the pages show it."""

    application: MandateApplication
    assessment: Assessment
    conditions: list[ConditionRow] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def status_label(self) -> str:
        return _status_label(self.assessment.status)

    @property
    def decided(self) -> bool:
        return self.assessment.status in DECIDED

    @property
    def frameworks(self) -> str:
        return ", ".join(framework_label(f) for f in self.application.framework_list)

    @property
    def sent(self) -> bool:
        """VDAB registered something: the dossier is no longer being prepared."""
        return self.assessment.received_on is not None

    @property
    def editable(self) -> bool:
        """Evidence may still be removed or replaced (mandate_services.evidence_remove)."""
        return not self.sent and not self.decided

    @property
    def conditions_done(self) -> int:
        return sum(1 for row in self.conditions if row.complete)

    @property
    def evidence_state(self) -> str:
        """not_started / in_progress / complete over the five conditions (R13)."""
        done = self.conditions_done
        if done == 0:
            return "not_started"
        return "complete" if done == len(self.conditions) else "in_progress"

    @property
    def submission_reasons(self) -> list[Reason]:
        return list(self.assessment.submission.outcome.reasons)

    @property
    def admissibility_reasons(self) -> list[Reason]:
        admissibility = self.assessment.admissibility
        return list(admissibility.reasons) if admissibility else []

    @property
    def missing(self) -> list[Reason]:
        """What still stands between this application and a decision, in the rules' words."""
        if self.decided:
            return []
        found = [r for r in self.submission_reasons if r.blocking]
        found += [r for r in self.admissibility_reasons if r.blocking]
        found += mandate_rules.evidence_missing(
            evidence_conditions={row.code for row in self.conditions if row.complete}
        )
        return found


@dataclass(frozen=True)
class NextStep:
    """What the applicant does next, the first thing the dossier page says (issue 15)."""

    text: str
    link: str = ""
    label: str = ""


def next_step(view: ApplicationView) -> NextStep:
    """From where the dossier stands (its assessment) and its evidence, what to do now."""
    app = view.application
    if view.decided:
        return NextStep(_("Over deze aanvraag is beslist. U hoeft niets meer te doen."))
    if view.assessment.submission.complete:
        return NextStep(
            _("VDAB heeft uw volledige dossier ontvangen en beoordeelt het. U hoeft niets te doen.")
        )
    if view.sent:
        return NextStep(
            _("VDAB heeft een deel van uw dossier ontvangen. Stuur wat nog ontbreekt."),
            reverse("applicant:application_send", args=[app.pk]),
            _("Bekijk hoe u het dossier verstuurt"),
        )
    missing = [row for row in view.conditions if not row.complete]
    if missing:
        return NextStep(
            _("Laad bewijs op voor ‘%(condition)s’.") % {"condition": missing[0].label},
            reverse("applicant:evidence_add", args=[app.pk]) + f"?voorwaarde={missing[0].code}",
            _("Bewijs toevoegen"),
        )
    return NextStep(
        _("Elke voorwaarde heeft bewijs. Verstuur nu het dossier naar VDAB."),
        reverse("applicant:application_send", args=[app.pk]),
        _("Naar de verzendinstructies"),
    )


def _application_view(application: MandateApplication, today: date) -> ApplicationView:
    counts = dict.fromkeys(CONDITIONS, 0)
    for evidence in application.evidence.all():
        counts[evidence.condition] = counts.get(evidence.condition, 0) + 1
    return ApplicationView(
        application=application,
        assessment=application_assess(application, today=today),
        conditions=[ConditionRow(code, condition_label(code), counts[code]) for code in CONDITIONS],
    )


def _application(request: HttpRequest, pk: int) -> MandateApplication:
    return get_object_or_404(
        mandate_selectors.application_detail_for_user(page_user(request)), pk=pk
    )


# --- mandates: validity and the renewal prompt (R3) -----------------------------------------


@dataclass
class MandateView:
    mandate: Mandate
    status: str
    remind_on: date
    lead_days: int
    renewal: MandateApplication | None
    renewal_due: bool

    @property
    def status_label(self) -> str:
        return _mandate_status_label(self.status)

    @property
    def frameworks(self) -> str:
        return ", ".join(framework_label(f) for f in self.mandate.framework_list)


def _mandate_view(mandate: Mandate, today: date) -> MandateView:
    remind_on, lead = mandate_rules.renewal_reminder_on(valid_until=mandate.valid_until)
    renewals = list(mandate.renewal_applications.all())
    return MandateView(
        mandate=mandate,
        status=mandate_rules.mandate_status(
            valid_from=mandate.valid_from, valid_until=mandate.valid_until, today=today
        ),
        remind_on=remind_on,
        lead_days=lead.as_int(),
        renewal=renewals[-1] if renewals else None,
        renewal_due=mandate_renewal_due(mandate, today=today),
    )


def _mandate_views(request: HttpRequest) -> list[MandateView]:
    today = clock.today()
    mandates = mandate_selectors.mandate_list_for_user(page_user(request)).prefetch_related(
        "renewal_applications"
    )
    return [_mandate_view(m, today) for m in mandates]


# --- home: the work queue ---------------------------------------------------------------------


@role_required(ROLE)
def home(request: HttpRequest) -> HttpResponse:
    """The organisation's work queue: open applications, mandates, new referrals, trajectories."""
    user = page_user(request)
    today = clock.today()
    open_applications = (
        mandate_selectors.application_detail_for_user(user)
        .exclude(status__in=DECIDED)
        .order_by("-id")
    )
    referrals = list(referral_selectors.referral_awaiting_start_for_user(user)[:PER_PAGE])
    trajectories = list(trajectory_selectors.trajectory_open_for_user(user)[:PER_PAGE])
    access_log_for_request(request, [r.employee_id for r in referrals], "referral_list")
    access_log_for_request(request, [r.employee_id for r in trajectories], "trajectory_list")
    return render(
        request,
        "applicant/home.html",
        {
            "organisation": user.organisation,
            "applications": [_application_view(a, today) for a in open_applications[:PER_PAGE]],
            "mandates": _mandate_views(request),
            "referrals": referrals,
            "trajectories": [
                (t, trajectory_selectors.trajectory_next_deadline(t, today=today))
                for t in trajectories
            ],
        },
    )


# --- organisation -----------------------------------------------------------------------------


@role_required(ROLE)
def organisation(request: HttpRequest) -> HttpResponse:
    own = _organisation(request)
    org = get_object_or_404(
        organisation_selectors.organisation_detail_for_user(page_user(request)), pk=own.pk
    )
    today = clock.today()
    recognitions = [
        (r, mandate_rules.recognition_valid_on(recognition_fact(r), today))
        for r in org.recognitions.all()
    ]
    return render(
        request,
        "applicant/organisation.html",
        {"organisation": org, "recognitions": recognitions, "today": today},
    )


@role_required(ROLE)
def site_add(request: HttpRequest) -> HttpResponse:
    org = _organisation(request)
    form = SiteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation_services.site_create(organisation=org, **form.cleaned_data)
        except DomainError as exc:
            service_error_show(form, exc)
        else:
            messages.success(request, _("De vestiging is toegevoegd."))
            return redirect("applicant:organisation")
    return render(request, "applicant/site_form.html", {"form": form})


@role_required(ROLE)
def local_network(request: HttpRequest) -> HttpResponse:
    own = _organisation(request)
    org = get_object_or_404(
        organisation_selectors.organisation_detail_for_user(page_user(request)), pk=own.pk
    )
    current = "\n".join(s.municipality.name_nl for s in org.local_network.all())
    form = LocalNetworkForm(_posted(request), initial={"municipalities": current})
    if request.method == "POST" and form.is_valid() and _local_network_save(form, org):
        messages.success(request, _("Het lokale netwerk is bewaard."))
        return redirect("applicant:organisation")
    return render(request, "applicant/local_network_form.html", {"form": form, "organisation": org})


def _local_network_save(form: LocalNetworkForm, org: Organisation) -> bool:
    codes, unknown = places.municipality_codes_for_terms(form.terms())
    if unknown:
        form.add_error(
            "municipalities",
            _("Deze gemeenten kennen we niet: %(names)s. Gebruik de naam of de NIS-code.")
            % {"names": ", ".join(unknown)},
        )
        return False
    try:
        organisation_services.local_network_set(organisation=org, municipalities=codes)
    except DomainError as exc:
        service_error_show(form, exc)
        return False
    return True


# --- mandate applications ---------------------------------------------------------------------

SORTS = {"nieuwste": "-id", "oudste": "id", "termijn": "decision_due_on"}


@role_required(ROLE)
def applications(request: HttpRequest) -> HttpResponse:
    queryset = mandate_selectors.application_list_for_user(page_user(request))
    status = request.GET.get("status", "")
    if status in ApplicationStatus.values:
        queryset = queryset.filter(status=status)
    sort = request.GET.get("sort", "nieuwste")
    queryset = queryset.order_by(SORTS.get(sort, "-id"), "-id")
    page = page_of(request, queryset)
    query = "&".join(f"{k}={v}" for k, v in (("status", status), ("sort", sort)) if v)
    return render(
        request,
        "applicant/applications.html",
        {
            "page_obj": page,
            "status": status,
            "sort": sort,
            "statuses": ApplicationStatus.choices,
            "query": query,
        },
    )


def _wizard(request: HttpRequest) -> dict[str, Any]:
    data = request.session.get(WIZARD_SESSION_KEY)
    return data if isinstance(data, dict) else {}


@role_required(ROLE)
def application_new(request: HttpRequest) -> HttpResponse:
    """Wizard step 1: frameworks and kind (a renewal link pre-selects the mandate to renew)."""
    _organisation(request)
    renews = _renewed_mandate(request, request.GET.get("mandaat") or _wizard(request).get("renews"))
    initial = {**_wizard(request)}
    if request.GET.get("soort") == ApplicationKind.RENEWAL or renews is not None:
        initial["kind"] = ApplicationKind.RENEWAL
        if renews is not None:
            initial.setdefault("frameworks", renews.framework_list)
    form = ApplicationStartForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[WIZARD_SESSION_KEY] = {
            "frameworks": form.cleaned_data["frameworks"],
            "kind": form.cleaned_data["kind"],
            "renews": renews.pk if renews and form.cleaned_data["kind"] == "renewal" else None,
        }
        return redirect("applicant:application_signatories")
    return render(
        request,
        "applicant/application_new.html",
        {
            "form": form,
            "renews": renews,
            "validity_years": parameter_value("mandate_validity_years", clock.today()),
        },
    )


def _renewed_mandate(request: HttpRequest, pk: Any) -> Mandate | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return mandate_selectors.mandate_list_for_user(page_user(request)).filter(pk=pk).first()


@role_required(ROLE)
def application_signatories(request: HttpRequest) -> HttpResponse:
    """Wizard step 2: who signs (at least one legal representative); then the draft exists."""
    org = _organisation(request)
    wizard = _wizard(request)
    if not wizard.get("frameworks"):
        return redirect("applicant:application_new")
    rows = _row_count(request)
    form = SignatoriesForm(_posted(request), rows=rows)
    if request.method == "POST" and request.POST.get("action") == "add_row":
        form = SignatoriesForm(request.POST, rows=rows + 1)
        form.errors.clear()  # adding a row is not a submission: show no errors yet
        return _signatories_page(request, form, wizard)
    if request.method == "POST" and form.is_valid():
        try:
            application = mandate_services.application_create(
                organisation=org,
                kind=wizard["kind"],
                frameworks=wizard["frameworks"],
                signatories=[
                    mandate_services.SignatoryInput(name=n, function=f)
                    for n, f in form.signatories()
                ],
                renews=_renewed_mandate(request, wizard.get("renews")),
                created_by=page_user(request),
            )
        except DomainError as exc:
            service_error_show(form, exc)
        else:
            request.session.pop(WIZARD_SESSION_KEY, None)
            messages.success(
                request,
                _("Aanvraag %(ref)s is aangemaakt. Laad nu het bewijs per voorwaarde op.")
                % {"ref": application.reference},
            )
            return redirect("applicant:application", pk=application.pk)
    return _signatories_page(request, form, wizard)


def _row_count(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.POST.get("rows", 2)), 20))
    except ValueError:
        return 2


def _signatories_page(
    request: HttpRequest, form: SignatoriesForm, wizard: dict[str, Any]
) -> HttpResponse:
    kind = wizard.get("kind", "")
    return render(
        request,
        "applicant/application_signatories.html",
        {
            "form": form,
            "frameworks": ", ".join(framework_label(f) for f in wizard.get("frameworks", [])),
            "kind_label": ApplicationKind(kind).label if kind in ApplicationKind.values else "",
        },
    )


@role_required(ROLE)
def application(request: HttpRequest, pk: int) -> HttpResponse:
    """The task list, the 'check your answers' summary and where the dossier stands."""
    today = clock.today()
    view = _application_view(_application(request, pk), today)
    return render(
        request,
        "applicant/application.html",
        {
            "view": view,
            "next": next_step(view),
            "app": view.application,
            "target_months": parameter_value("decision_target_months", today),
            "letters": letter_rows(
                page_user(request),
                pk,
                lambda letter: reverse("applicant:letter_file", args=[pk, letter.pk]),
            ),
        },
    )


@role_required(ROLE)
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the application after a confirmation (R15); it cannot be undone."""
    application = _application(request, pk)
    if application.closed:
        messages.warning(
            request, _("Deze aanvraag is al afgesloten: ze kan niet meer ingetrokken worden.")
        )
        return redirect("applicant:application", pk=pk)
    today = clock.today()
    form = WithdrawalForm(_posted(request), initial={"withdrawn_on": today})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            mandate_services.application_withdraw(
                application=application,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason_text=form.cleaned_data["reason"],
                withdrawn_by=page_user(request),
            )
        except DomainError as exc:
            service_error_show(form, exc)
            status = exc.status
        else:
            messages.success(
                request,
                _("Aanvraag %(reference)s is ingetrokken. Het dossier is afgesloten.")
                % {"reference": application.reference},
            )
            return redirect("applicant:application", pk=pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "applicant/application_withdraw.html",
        {"app": application, "form": form},
        status=status,
    )


@role_required(ROLE)
def letter_file(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """A letter about the application as a PDF (checked against its stored SHA-256)."""
    return letter_download(
        request, page_user(request), pk, letter_pk, reverse("applicant:application", args=[pk])
    )


@upload_limit(EVIDENCE_UPLOAD)
@role_required(ROLE)
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if application.decided:
        messages.warning(
            request, _("Over deze aanvraag is al beslist: er kan geen bewijs meer bij.")
        )
        return redirect("applicant:application", pk=pk)
    replaces = _replaced_evidence(application, request.GET.get("vervangt"))
    initial = {"condition": replaces.condition if replaces else request.GET.get("voorwaarde", "")}
    form = EvidenceForm(
        _posted(request), request.FILES if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            _evidence_store(request, application, form, replaces)
        except DomainError as exc:
            service_error_show(form, exc)
        else:
            messages.success(
                request,
                _("Bewijsstuk %(name)s is toegevoegd bij '%(condition)s'.")
                % {
                    "name": upload.name,
                    "condition": condition_label(form.cleaned_data["condition"]),
                },
            )
            return redirect("applicant:application", pk=pk)
    return render(
        request,
        "applicant/evidence_form.html",
        {"form": form, "app": application, "replaces": replaces},
    )


def _evidence_store(
    request: HttpRequest, application: MandateApplication, form: EvidenceForm, replaces: Any
) -> None:
    """Add the uploaded PDF; a replacement removes the old one in the same transaction."""
    upload = form.cleaned_data["file"]
    with transaction.atomic():
        mandate_services.evidence_add(
            application=application,
            condition=form.cleaned_data["condition"],
            file=upload,
            original_name=upload.name,
            description=form.cleaned_data["description"],
            uploaded_by=page_user(request),
        )
        if replaces is not None:
            mandate_services.evidence_remove(evidence=replaces, removed_by=page_user(request))


def _replaced_evidence(application: MandateApplication, pk: Any) -> Any:
    """The evidence a "Vervangen" link names (?vervangt=), if it is this application's."""
    try:
        return application.evidence.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


@role_required(ROLE)
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Remove an evidence PDF before the dossier is sent, after "Controleer en bevestig"."""
    application = _application(request, pk)
    evidence = get_object_or_404(application.evidence.all(), pk=evidence_pk)
    back = reverse("applicant:application", args=[pk]) + "#bewijsstukken"
    if request.method == "POST" and confirm.step(request) == confirm.CONFIRM:
        try:
            mandate_services.evidence_remove(evidence=evidence, removed_by=page_user(request))
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(
                request, _("Bewijsstuk %(name)s is verwijderd.") % {"name": evidence.original_name}
            )
        return redirect(back)
    left = application.evidence.filter(condition=evidence.condition).exclude(pk=evidence.pk)
    confirmation = confirm.Confirmation(
        title=_("Controleer en bevestig"),
        rows=[
            (_("Document"), evidence.original_name),
            (_("Voorwaarde"), condition_label(evidence.condition)),
        ],
        reasons=[] if left.exists() else [reason("evidence_missing", condition=evidence.condition)],
        submit=_("Bewijsstuk verwijderen"),
        fields=[],
        cancel_url=back,
        editable=False,
    )
    return render(
        request,
        "applicant/evidence_remove.html",
        {"app": application, "evidence": evidence, "confirmation": confirmation},
    )


@role_required(ROLE)
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    application = _application(request, pk)
    evidence = get_object_or_404(application.evidence.all(), pk=evidence_pk)
    return FileResponse(
        evidence.file.open("rb"), content_type="application/pdf", filename=evidence.original_name
    )


@role_required(ROLE)
def application_send(request: HttpRequest, pk: int) -> HttpResponse:
    """How to send the dossier (R14): registered letter, e-mail with the exact subject, eID."""
    view = _application_view(_application(request, pk), clock.today())
    today = clock.today()
    return render(
        request,
        "applicant/application_send.html",
        {
            "view": view,
            "app": view.application,
            "address": parameter_value("cooperation_department_address", today),
            "email": parameter_value("cooperation_department_email", today),
            "subject": parameter_value("email_subject", today),
        },
    )


# --- mandates and ESF projects ------------------------------------------------------------------


@role_required(ROLE)
def mandates(request: HttpRequest) -> HttpResponse:
    return render(request, "applicant/mandates.html", {"mandates": _mandate_views(request)})


@role_required(ROLE)
def projects(request: HttpRequest) -> HttpResponse:
    queryset = esf_selectors.project_list_for_user(page_user(request)).order_by(
        "-submitted_on", "-id"
    )
    return render(request, "applicant/projects.html", {"page_obj": page_of(request, queryset)})


@role_required(ROLE)
def project_new(request: HttpRequest) -> HttpResponse:
    org = _organisation(request)
    calls = esf_selectors.call_list_for_user(page_user(request)).order_by("-opens_on", "code")
    form = ProjectForm(_posted(request), calls=calls)
    if request.method == "POST" and form.is_valid():
        try:
            esf_services.project_create(organisation=org, **form.cleaned_data)
        except DomainError as exc:
            service_error_show(form, exc)
        else:
            messages.success(request, _("Het projectvoorstel is geregistreerd."))
            return redirect("applicant:projects")
    return render(request, "applicant/project_form.html", {"form": form})


# --- referrals ----------------------------------------------------------------------------------


@role_required(ROLE)
def referrals(request: HttpRequest) -> HttpResponse:
    queryset = referral_selectors.referral_list_for_user(page_user(request)).select_related(
        "trajectory"
    )
    page = page_of(request, queryset)
    access_log_for_request(request, [r.employee_id for r in page], "referral_list")
    return render(request, "applicant/referrals.html", {"page_obj": page})


def _start_warnings(started_on: date) -> list[str]:
    return [
        _("Het traject start op %(on)s: vanaf die dag lopen de termijnen van het traject (R12).")
        % {"on": formats.date_format(started_on, "j F Y")},
        _(
            "Een gestart traject kan niet ongedaan gemaakt of verplaatst worden; voor deze "
            "werknemer start geen ander traject zolang dit loopt."
        ),
    ]


@role_required(ROLE)
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    """One referral and, while no trajectory runs for it, the form to start one: checked,
    then confirmed before it is written (web/confirm.py)."""
    item = get_object_or_404(
        referral_selectors.referral_list_for_user(page_user(request)).select_related("trajectory"),
        pk=pk,
    )
    started = getattr(item, "trajectory", None)
    step = confirm.step(request)
    form = TrajectoryStartForm(
        _posted(request), initial={"started_on": max(item.due_on, clock.today())}
    )
    confirmation = None
    if started is None and step in (confirm.CHECK, confirm.CONFIRM) and form.is_valid():
        started_on = form.cleaned_data["started_on"]

        def write() -> Trajectory:
            return trajectory_services.trajectory_start(referral=item, started_on=started_on)

        try:
            if step == confirm.CHECK:
                confirm.dry_run(write)  # trajectory_start writes database rows only
                confirmation = confirm.Confirmation(
                    title=_("Controleer en bevestig"),
                    rows=confirm.rows(form),
                    warnings=_start_warnings(started_on),
                    submit=_("Start bevestigen"),
                    fields=confirm.carried(request.POST),
                    cancel_url=reverse("applicant:referral", args=[item.pk]),
                )
            else:
                trajectory = write()
                messages.success(request, _("Het traject is gestart."))
                return redirect("applicant:trajectory", pk=trajectory.pk)
        except DomainError as exc:
            service_error_show(form, exc)
    access_log_for_request(request, [item.employee_id], "referral_detail")
    return render(
        request,
        "applicant/referral.html",
        {"referral": item, "trajectory": started, "form": form, "confirmation": confirmation},
    )


# --- trajectories -------------------------------------------------------------------------------

#: The list's filter was ``?stand=lopend|afgesloten``; it is ``?status=open|ended`` as on the
#: consultant's list now. The old values stay accepted, so bookmarks keep working.
OLD_TRAJECTORY_STATES = {"lopend": "open", "afgesloten": "ended"}


@role_required(ROLE)
def trajectories(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("status") or OLD_TRAJECTORY_STATES.get(request.GET.get("stand", ""), "")
    queryset = trajectory_selectors.trajectory_list_for_user(
        page_user(request), state=state
    ).prefetch_related("suspensions")
    page = page_of(request, queryset)
    today = clock.today()
    rows = [(t, trajectory_selectors.trajectory_next_deadline(t, today=today)) for t in page]
    access_log_for_request(request, [r.employee_id for r in page], "trajectory_list")
    return render(
        request,
        "applicant/trajectories.html",
        {
            "page_obj": page,
            "rows": rows,
            "state": state,
            "query": f"status={state}" if state else "",
        },
    )


def _trajectory(request: HttpRequest, pk: int) -> Trajectory:
    return get_object_or_404(
        trajectory_selectors.trajectory_detail_for_user(page_user(request)), pk=pk
    )


def _trajectory_page(
    request: HttpRequest, template: str, trajectory: Trajectory, context: dict[str, Any]
) -> HttpResponse:
    """Render a page that shows a trajectory; every such view is a logged read."""
    access_log_for_request(request, [trajectory.employee_id], "trajectory_detail")
    return render(request, template, {"trajectory": trajectory, **context})


@role_required(ROLE)
def trajectory(request: HttpRequest, pk: int) -> HttpResponse:
    item = _trajectory(request, pk)
    deadlines = trajectory_selectors.trajectory_deadlines(item)
    activities = [(a, activity_label(a.kind)) for a in item.activities.all()]
    internships = [
        (i, internship_result_label(i.result) if i.result else "") for i in item.internships.all()
    ]
    outcome = getattr(item, "outcome", None)
    return _trajectory_page(
        request,
        "applicant/trajectory.html",
        item,
        {
            "deadlines": deadlines,
            "today": clock.today(),
            "activities": activities,
            "internships": internships,
            "hours": sum((a.hours for a, _label in activities), start=0),
            "outcome": outcome,
            "outcome_label": outcome_label(outcome.kind) if outcome else "",
        },
    )


@dataclass(frozen=True)
class TrajectoryForm:
    """One of the four trajectory forms: its form class, service, title and success message."""

    form: type[forms.Form]
    title: str
    submit: str
    done: str


def _record(request: HttpRequest, item: Trajectory, kind: str, data: dict[str, Any]) -> None:
    user = page_user(request)
    if kind == "activity":
        trajectory_services.activity_record(trajectory=item, recorded_by=user, **data)
    elif kind == "internship":
        trajectory_services.internship_add(trajectory=item, **data)
    elif kind == "suspension":
        trajectory_services.suspension_add(trajectory=item, **data)
    else:
        trajectory_services.outcome_record(trajectory=item, recorded_by=user, **data)


def _trajectory_forms() -> dict[str, TrajectoryForm]:
    return {
        "activity": TrajectoryForm(
            ActivityForm,
            _("Activiteit toevoegen"),
            _("Activiteit bewaren"),
            _("De activiteit is bewaard."),
        ),
        "internship": TrajectoryForm(
            InternshipForm, _("Stage toevoegen"), _("Stage bewaren"), _("De stage is bewaard.")
        ),
        "suspension": TrajectoryForm(
            SuspensionForm,
            _("Schorsing toevoegen"),
            _("Schorsing bewaren"),
            _("De schorsing is bewaard. De termijnen zijn verlengd."),
        ),
        "outcome": TrajectoryForm(
            OutcomeForm,
            _("Uitkomst registreren"),
            _("Uitkomst bewaren"),
            _("De uitkomst is bewaard."),
        ),
    }


def _outcome_warnings(data: dict[str, Any]) -> list[str]:
    """What recording the outcome sets in motion (R12, R6), shown before the write."""
    warnings = [
        _(
            "Het traject wordt afgesloten op %(on)s. Daarna kunnen enkel nog "
            "nazorgactiviteiten geregistreerd worden."
        )
        % {"on": formats.date_format(data["on"], "j F Y")},
        _("Een uitkomst kan niet gewijzigd of verwijderd worden."),
    ]
    fallback = trajectory_rules.package_after_outcome(
        kind=data["kind"], beyond_employee=bool(data.get("beyond_employee")), on=data["on"]
    )
    if fallback is not None:
        warnings.append(
            _(
                "Het werkondersteuningspakket van de werknemer valt terug op %(percent)s %% "
                "loonpremie tot een nieuw traject start."
            )
            % {"percent": fallback[0]}
        )
    return warnings


def _trajectory_form_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A trajectory form; the outcome (which ends the trajectory) is checked and confirmed
    first (web/confirm.py), the others are written at once."""
    item = _trajectory(request, pk)
    spec = _trajectory_forms()[kind]
    kwargs: dict[str, Any] = {}
    if kind == "internship":
        kwargs["max_months"] = parameter_value("internship_max_months", item.started_on)
    step = confirm.step(request)
    if kind != "outcome" and step != confirm.FORM:
        step = confirm.CONFIRM  # written at once
    form = spec.form(_posted(request), **kwargs)
    reasons: list[Reason] = []
    confirmation = None
    if step in (confirm.CHECK, confirm.CONFIRM) and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if step == confirm.CHECK:
                # outcome_record writes database rows only (outcome, package, counts)
                confirm.dry_run(lambda: _record(request, item, kind, data))
                confirmation = confirm.Confirmation(
                    title=_("Controleer en bevestig"),
                    rows=confirm.rows(form, {"employer_enterprise_number": enterprise_number}),
                    warnings=_outcome_warnings(data),
                    submit=_("Uitkomst bevestigen"),
                    fields=confirm.carried(request.POST),
                    cancel_url=reverse("applicant:trajectory", args=[pk]),
                )
            else:
                _record(request, item, kind, data)
                messages.success(request, spec.done)
                return redirect("applicant:trajectory", pk=pk)
        except DomainError as exc:
            reasons = service_error_show(form, exc)
    return _trajectory_page(
        request,
        "applicant/trajectory_form.html",
        item,
        {
            "form": form,
            "spec": spec,
            "kind": kind,
            "reasons": reasons,
            "confirmation": confirmation,
        },
    )


@role_required(ROLE)
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _trajectory_form_view(request, pk, "activity")


@role_required(ROLE)
def internship_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _trajectory_form_view(request, pk, "internship")


@role_required(ROLE)
def internship_result(request: HttpRequest, pk: int, internship_pk: int) -> HttpResponse:
    """Record how an internship ended (R12): the same service as the API's PATCH."""
    item = _trajectory(request, pk)
    internship = get_object_or_404(item.internships.all(), pk=internship_pk)
    days = parameter_value("internship_result_max_days_after_end", item.started_on)
    form = InternshipResultForm(_posted(request), days_after_end=days)
    spec = TrajectoryForm(
        InternshipResultForm,
        _("Resultaat van de stage bij %(employer)s") % {"employer": internship.employer_name},
        _("Resultaat bewaren"),
        _("Het resultaat van de stage is bewaard."),
    )
    reasons: list[Reason] = []
    if request.method == "POST" and form.is_valid():
        try:
            trajectory_services.internship_result_record(internship=internship, **form.cleaned_data)
        except DomainError as exc:
            reasons = service_error_show(form, exc)
        else:
            messages.success(request, spec.done)
            return redirect("applicant:trajectory", pk=pk)
    return _trajectory_page(
        request,
        "applicant/trajectory_form.html",
        item,
        {"form": form, "spec": spec, "kind": "internship_result", "reasons": reasons},
    )


@role_required(ROLE)
def suspension_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _trajectory_form_view(request, pk, "suspension")


@role_required(ROLE)
def outcome_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _trajectory_form_view(request, pk, "outcome")
