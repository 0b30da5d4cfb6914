"""Pages of the reviewer (VDAB Centrale diensten, Dienst samenwerking).

Inbox (the work queue), the dossier review, registering a receipt (R14), the decision on the
five formal conditions (R13) with the mandate's dates (R3), and the mandate register. Reads go
through the mandates selectors, writes through its services: the rules are never repeated here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import F, QuerySet
from django.db.models.expressions import Combinable
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from doorstroom.common import clock
from doorstroom.common.errors import DomainError, RuleViolation, StateConflict
from doorstroom.intake.selectors import incoming_email_waiting_count
from doorstroom.letters.pages import letter_download, letter_rows
from doorstroom.mandates import selectors, services
from doorstroom.mandates.assessment import (
    Assessment,
    application_assess,
    mandate_renewal_due,
    recognition_facts,
)
from doorstroom.mandates.models import (
    ApplicationStatus,
    Channel,
    Evidence,
    Mandate,
    MandateApplication,
)
from doorstroom.rules import mandates as rules
from doorstroom.rules.codes import (
    CONDITION_LABELS_EN,
    CONDITION_LABELS_NL,
    CONDITIONS,
    FRAMEWORK_LABELS_EN,
    FRAMEWORK_LABELS_NL,
)
from doorstroom.rules.params import parameter_value
from doorstroom.signatures.models import Signature, SignatureCheck
from doorstroom.signatures.reasons import label as signature_label
from doorstroom.signatures.selectors import evidence_signature_check
from doorstroom.web import confirm
from doorstroom.web.form_errors import service_error_show
from doorstroom.web.language import is_english
from doorstroom.web.paging import page_of
from doorstroom.web.permissions import page_user, role_required
from doorstroom.web.reviewer.forms import (
    DecisionForm,
    InadmissibilityForm,
    InboxFilterForm,
    PreviewForm,
    ReceiptForm,
    RegisterFilterForm,
)

PAGE_SIZE = 25


def _condition_labels() -> dict[str, str]:
    labels = CONDITION_LABELS_EN if is_english() else CONDITION_LABELS_NL
    return {code: labels[code] for code in CONDITIONS}


def _framework_labels(codes: list[str]) -> list[str]:
    labels = FRAMEWORK_LABELS_EN if is_english() else FRAMEWORK_LABELS_NL
    return [labels.get(code, code) for code in codes]


def _day(value: date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _query(request: HttpRequest, *drop: str) -> str:
    """The current filters as a query string, without the page (for pagination links)."""
    return urlencode([(k, v) for k, v in request.GET.items() if k not in ("page", *drop) and v])


# --- inbox --------------------------------------------------------------------------------


def _section_labels() -> dict[str, str]:
    return {
        "overdue": _("Termijn overschreden"),
        "due_soon": _("Binnenkort te beslissen (binnen 14 dagen)"),
        "incomplete": _("Onvolledig"),
        "new": _("Nieuw: nog niets ontvangen"),
        "complete": _("Volledig, te beoordelen"),
        "decided": _("Beslist"),
    }


INBOX_ORDER: dict[str, tuple[str | Combinable, ...]] = {
    "due": (F("decision_due_on").asc(nulls_last=True), F("received_on").asc(nulls_last=True)),
    "received": (F("received_on").asc(nulls_last=True),),
    "organisation": ("organisation__name",),
    "reference": (),
}


def _missing(application: MandateApplication) -> list[dict[str, Any]]:
    """What still blocks the dossier, from the reasons stored with it (R14, R1)."""
    reasons = []
    for trace in (application.submission_trace, application.admissibility_trace):
        reasons += [r for r in (trace or {}).get("reasons", []) if r.get("blocking")]
    return reasons


@role_required("reviewer")
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The work queue: overdue, due soon, incomplete, new, complete (one query for the rows)."""
    user = page_user(request)
    today = clock.today()
    form = InboxFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    sections = selectors.QUEUE_SECTIONS
    queryset = selectors.application_queue_for_user(user, today=today)
    counts = selectors.application_queue_counts(queryset)
    queryset = selectors.application_queue_section(
        queryset, section=filters.get("status") or "", organisation_name=filters.get("q") or ""
    )
    sort = filters.get("sort") or "due"
    queryset = queryset.order_by("queue_rank", *INBOX_ORDER[sort], "id")
    page = page_of(request, queryset, per_page=PAGE_SIZE)
    labels = _section_labels()
    status_labels = dict(ApplicationStatus.choices)
    rows = []
    for application in page.object_list:
        section = sections[application.queue_rank]
        state = "overdue" if section == "overdue" else application.status
        rows.append(
            {
                "application": application,
                "section": section,
                "section_label": labels[section],
                "section_count": counts[section],
                "state": state,
                "state_label": status_labels.get(state, state),
                "missing": _missing(application),
            }
        )
    cards = [{"code": name, "label": labels[name], "count": counts[name]} for name in sections[:-1]]
    return render(
        request,
        "reviewer/inbox.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "query": _query(request),
            "cards": cards,
            "today": today,
            "target_months": parameter_value("decision_target_months", today),
            "waiting_emails": incoming_email_waiting_count(user),
        },
    )


# --- dossier ------------------------------------------------------------------------------


def _application(request: HttpRequest, pk: int) -> MandateApplication:
    return get_object_or_404(selectors.application_detail_for_user(page_user(request)), pk=pk)


@dataclass(frozen=True)
class SignatureItem:
    """One signature as the reviewer sees it: a tag with text, and why it does not count."""

    signature: Signature
    state: str
    label: str


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence PDF with its signature check (None: stored before checks existed)."""

    evidence: Evidence
    check: SignatureCheck | None
    signatures: list[SignatureItem]

    @property
    def pk(self) -> int:
        return self.evidence.pk

    @property
    def original_name(self) -> str:
        return self.evidence.original_name

    @property
    def size(self) -> int:
        return self.evidence.size

    @property
    def description(self) -> str:
        return self.evidence.description


def _evidence_item(evidence: Evidence) -> EvidenceItem:
    check = evidence_signature_check(evidence)
    items = []
    for signature in check.signatures.all() if check else []:
        state, label = signature_label(signature.reason)
        items.append(SignatureItem(signature=signature, state=state, label=label))
    return EvidenceItem(evidence=evidence, check=check, signatures=items)


@dataclass(frozen=True)
class ConditionRow:
    code: str
    label: str
    evidence: list[EvidenceItem]
    judgement: Any = None
    #: Expertise judged per framework (R13): (framework label, judgement) pairs.
    per_framework: tuple[tuple[str, Any], ...] = ()


def _condition_rows(application: MandateApplication) -> list[ConditionRow]:
    labels = _condition_labels()
    evidence = [_evidence_item(e) for e in application.evidence.all()]
    decision = getattr(application, "decision", None)
    all_judgements = list(decision.judgements.all()) if decision else []
    judgements = {j.condition: j for j in all_judgements if not j.framework}
    return [
        ConditionRow(
            code=code,
            label=labels[code],
            evidence=[e for e in evidence if e.evidence.condition == code],
            judgement=judgements.get(code),
            per_framework=tuple(
                (_framework_labels([j.framework])[0], j)
                for j in all_judgements
                if j.condition == code and j.framework
            ),
        )
        for code in CONDITIONS
    ]


def _eid_signatories(rows: list[ConditionRow], application: MandateApplication) -> list[Any]:
    """Per signatory, where an eID signature of theirs was found: the e-mails registered as
    signed with eID (the receipts) and the evidence PDFs with a valid signature, the two
    sources R14 counts; "nee" only when neither has one."""
    found: dict[int, list[str]] = {}
    for row in rows:
        for item in row.evidence:
            for s in item.signatures:
                if s.signature.counts and s.signature.signatory_id is not None:
                    found.setdefault(s.signature.signatory_id, []).append(item.original_name)
    emails = [r for r in application.receipts.all() if r.channel == Channel.EMAIL]
    return [
        {
            "name": s.name,
            "documents": found.get(s.pk, []),
            "emails": [_day(r.received_on) for r in emails if s.name in (r.eid_signed_by or [])],
        }
        for s in application.signatories.all()
    ]


def _blocking(assessment: Assessment) -> list[Any]:
    reasons = list(assessment.submission.outcome.blocking_reasons)
    if assessment.admissibility is not None:
        reasons += list(assessment.admissibility.blocking_reasons)
    return reasons


@role_required("reviewer")
@require_GET
def application(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier: organisation, submission (R14), admissibility (R1), due date (R15), evidence."""
    app = _application(request, pk)
    today = clock.today()
    assessment = application_assess(app, today=today)
    recognitions = [
        {
            "recognition": r,
            "valid_today": rules.recognition_valid_on(fact, today),
            "valid_on_receipt": assessment.received_on is not None
            and rules.recognition_valid_on(fact, assessment.received_on),
        }
        for r, fact in zip(
            app.organisation.recognitions.all(),
            recognition_facts(app),
            strict=True,
        )
    ]
    conditions = _condition_rows(app)
    grounds = rules.dossier_admissible(
        submission=assessment.submission, admissibility=assessment.admissibility
    )
    return render(
        request,
        "reviewer/application.html",
        {
            # R15: a received dossier with R1/R14 reasons may be declared inadmissible.
            # Issue 15: a complete dossier without blocking reasons makes "Beslissen" primary.
            "may_decide": not app.closed
            and assessment.submission.complete
            and not _blocking(assessment),
            "may_declare_inadmissible": not app.closed
            and assessment.received_on is not None
            and not grounds.allowed,
            "target_months": _target_months(assessment),
            "application": app,
            "organisation": app.organisation,
            "assessment": assessment,
            "status_label": dict(ApplicationStatus.choices).get(
                assessment.status, assessment.status
            ),
            "frameworks": _framework_labels(app.framework_list),
            "recognitions": recognitions,
            "conditions": conditions,
            "eid_signatories": _eid_signatories(conditions, app),
            "blocking": _blocking(assessment),
            "channel_labels": dict(Channel.choices),
            "decision": getattr(app, "decision", None),
            "mandate": getattr(app, "mandate", None),
            "letters": letter_rows(
                page_user(request),
                app.pk,
                lambda letter: reverse("reviewer:letter_file", args=[app.pk, letter.pk]),
            ),
        },
    )


@role_required("reviewer")
@require_GET
def letter_file(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    """A letter of the dossier as a PDF (checked against its stored SHA-256)."""
    return letter_download(
        request, page_user(request), pk, letter_id, reverse("reviewer:application", args=[pk])
    )


@role_required("reviewer")
@require_GET
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """The evidence PDF, opened inline in the browser (scoped through the selectors)."""
    app = _application(request, pk)
    evidence = get_object_or_404(app.evidence.all(), pk=evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type="application/pdf",
        filename=evidence.original_name,
        as_attachment=False,
    )
    return cast(HttpResponse, response)  # streamed; role_required types every view as HttpResponse


# --- receipt ------------------------------------------------------------------------------


def _submission_message(assessment: Assessment) -> tuple[str, str]:
    """The banner after a receipt: the new submission status (R14) and due date (R15)."""
    submission = assessment.submission
    english = is_english()
    if submission.complete:
        text = _(
            "Ontvangst geregistreerd. De indiening is volledig sinds %(completed)s; "
            "streefdatum voor de beslissing: %(due)s."
        ) % {
            "completed": _day(submission.completed_on),
            "due": _day(assessment.decision_due_on),
        }
        level = messages.SUCCESS
    else:
        missing = " ".join(r.message("en" if english else "nl") for r in _blocking(assessment))
        text = _("Ontvangst geregistreerd. De indiening is nog onvolledig: %(missing)s") % {
            "missing": missing
        }
        level = messages.WARNING
    informative = [r for r in submission.outcome.reasons if not r.blocking]
    if informative:
        text += " " + " ".join(r.message("en" if english else "nl") for r in informative)
    return text, "success" if level == messages.SUCCESS else "warning"


@role_required("reviewer")
@require_http_methods(["GET", "POST"])
def receipt_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a received registered letter or e-mail (R14), then show where it stands."""
    app = _application(request, pk)
    today = clock.today()
    signatories = [s.name for s in app.signatories.all()]
    options = {"signatories": signatories, "email_subject": parameter_value("email_subject", today)}
    status = 200
    if request.method == "POST":
        form = ReceiptForm(request.POST, **options)
        if form.is_valid():
            values = form.cleaned_data
            try:
                _receipt, assessment = services.receipt_register(
                    application=app,
                    channel=values["channel"],
                    received_on=values["received_on"],
                    subject=values["subject"],
                    tracking_number=values["tracking_number"],
                    eid_signed_by=values["eid_signed_by"],
                    registered_by=page_user(request),
                )
            except DomainError as exc:
                service_error_show(form, exc)
                status = exc.status
            else:
                text, level = _submission_message(assessment)
                getattr(messages, level)(request, text)
                return redirect("reviewer:application", pk=app.pk)
    else:
        form = ReceiptForm(initial={"received_on": today}, **options)
    return render(
        request,
        "reviewer/receipt_new.html",
        {"application": app, "form": form, "decided": app.decided},
        status=status,
    )


# --- decision -----------------------------------------------------------------------------


def _period(start: date | None) -> rules.MandatePeriod | None:
    return rules.mandate_period(starts_on=start) if start else None


def _start(app: MandateApplication, form: PreviewForm) -> date | None:
    """The start typed, or else the start R3 bis gives for the decision date typed."""
    if not form.is_valid():
        return None
    if form.cleaned_data.get("starts_on"):
        start: date = form.cleaned_data["starts_on"]
        return start
    decided_on = form.cleaned_data.get("decided_on")
    if decided_on is None:
        return None
    renews = app.renews
    return rules.mandate_start(
        decided_on=decided_on,
        previous_valid_until=renews.valid_until if renews is not None else None,
    ).starts_on


def _target_months(assessment: Assessment) -> int:
    """R15: the decision target in force on the completion day (or today, while incomplete)."""
    target = assessment.decision_target
    if target is not None:
        return target.as_int()
    return int(parameter_value("decision_target_months", clock.today()))


@role_required("reviewer")
@require_GET
def decision_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx partial: the mandate's dates (R3, R3 bis) for the dates being typed."""
    app = _application(request, pk)
    start = _start(app, PreviewForm(request.GET))
    return render(
        request,
        "reviewer/_mandate_preview.html",
        {"application": app, "period": _period(start), "asked": bool(request.GET)},
    )


def _decision_context(app: MandateApplication, **extra: Any) -> dict[str, Any]:
    assessment = application_assess(app, today=clock.today())
    return {
        "application": app,
        "assessment": assessment,
        "blocking": _blocking(assessment),
        "conditions": _condition_rows(app),
        "decision": getattr(app, "decision", None),
        "mandate": getattr(app, "mandate", None),
        **extra,
    }


def _condition_fields(form: DecisionForm, rows: list[ConditionRow]) -> list[dict[str, Any]]:
    return [
        {"row": row, "met": form[f"{row.code}_met"], "motivation": form[f"{row.code}_motivation"]}
        for row in rows
    ]


def _decision_confirmation(
    request: HttpRequest, app: MandateApplication, form: DecisionForm, period: Any
) -> confirm.Confirmation:
    """The "Controleer en bevestig" step of a decision: R13's warnings, then the outcome."""
    grant = services.decision_check(application=app, conditions=form.conditions())
    labels = _condition_labels()
    values = form.cleaned_data
    if grant.outcome.allowed:
        outcome = _("Mandaat toegekend voor %(frameworks)s") % {
            "frameworks": ", ".join(_framework_labels(list(grant.frameworks)))
        }
        if period is not None:
            outcome += "\n" + _("geldig van %(start)s tot en met %(end)s") % {
                "start": _day(period.valid_from),
                "end": _day(period.valid_until),
            }
    else:
        outcome = _("Aanvraag afgewezen")
    rows: list[tuple[str, Any]] = [
        (_("Uitkomst"), outcome),
        (_("Datum van de beslissing"), _day(values["decided_on"])),
    ]
    rows += [
        (
            labels[code],
            (_("voldaan") if values[f"{code}_met"] == "yes" else _("niet voldaan"))
            + ": "
            + values[f"{code}_motivation"],
        )
        for code in CONDITIONS
    ]
    return confirm.Confirmation(
        title=_("Controleer en bevestig de beslissing"),
        intro=_(
            "De beslissing is nog niet geregistreerd. Lees de waarschuwingen en de samenvatting."
        ),
        rows=rows,
        reasons=[r for r in grant.outcome.reasons if not r.blocking],
        submit=_("Beslissing definitief registreren"),
        fields=confirm.carried(request.POST),
        cancel_url=reverse("reviewer:application", args=[app.pk]),
    )


def _decision_submit(
    request: HttpRequest, app: MandateApplication, form: DecisionForm, step: str, period: Any
) -> HttpResponse | tuple[int, list[Any], bool]:
    """A valid decision form: the confirm page (CHECK) or the write (CONFIRM), else its errors."""
    blocking = _blocking(application_assess(app, today=clock.today()))
    if step == confirm.CHECK and blocking:
        return RuleViolation.status, blocking, False
    values = form.cleaned_data
    try:
        if step == confirm.CHECK:
            confirmation = _decision_confirmation(request, app, form, period)
            return render(
                request,
                "reviewer/decision_confirm.html",
                {"application": app, "confirmation": confirmation},
            )
        services.decision_create(
            application=app,
            decided_on=values["decided_on"],
            starts_on=values["starts_on"],
            conditions=form.conditions(),
            decided_by=page_user(request),
        )
    except DomainError as exc:
        reasons = service_error_show(
            form, exc, aliases={f"conditions.{c}": f"{c}_motivation" for c in CONDITIONS}
        )
        return exc.status, reasons, isinstance(exc, StateConflict)
    messages.success(request, _("De beslissing is geregistreerd."))
    return redirect("reviewer:decision", pk=app.pk)


@role_required("reviewer")
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide on the five conditions (R13); an approval grants a six-year mandate (R3).

    Irreversible, so in two steps (web/confirm.py): the form, then "Controleer en bevestig"
    with R13's warnings (no evidence uploaded for a condition judged met, a framework not
    granted); only the confirmation writes.
    """
    app = _application(request, pk)
    if request.method == "GET" and app.decided:
        return render(request, "reviewer/decision_done.html", _decision_context(app))
    options: dict[str, Any] = {
        "condition_labels": _condition_labels(),
        "preview_url": reverse("reviewer:decision_preview", args=[app.pk]),
        "frameworks": dict(
            zip(app.framework_list, _framework_labels(app.framework_list), strict=True)
        ),
    }
    status = 200
    reasons: list[Any] = []
    conflict = False
    step = confirm.step(request)
    if request.method == "POST" and app.decided:
        # Decided meanwhile (another tab or reviewer): say so, change nothing.
        form = DecisionForm(initial=request.POST.dict(), **options)
        start = None
        status, conflict = StateConflict.status, True
    elif request.method == "POST" and (
        request.POST.get("action") == "preview" or step == confirm.EDIT
    ):
        # Without JavaScript, or back from the confirmation: keep what was typed, save nothing.
        form = DecisionForm(initial=request.POST.dict(), **options)
        start = _start(app, PreviewForm(request.POST))
    elif request.method == "POST":
        form = DecisionForm(request.POST, **options)
        start = _start(app, PreviewForm(request.POST))
        if form.is_valid():
            outcome = _decision_submit(request, app, form, step, _period(start))
            if isinstance(outcome, HttpResponse):
                return outcome
            status, reasons, conflict = outcome
    else:
        today = clock.today()
        form = DecisionForm(initial={"decided_on": today}, **options)
        start = _start(app, PreviewForm({"decided_on": today.isoformat()}))
    context = _decision_context(
        app, form=form, reasons=reasons, conflict=conflict, period=_period(start), asked=True
    )
    context["condition_fields"] = _condition_fields(form, context["conditions"])
    return render(request, "reviewer/decision.html", context, status=status)


# --- inadmissibility (R15) ---------------------------------------------------------------


@role_required("reviewer")
@require_http_methods(["GET", "POST"])
def inadmissibility(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare the dossier inadmissible on its R1/R14 reasons, with a motivation (R15)."""
    app = _application(request, pk)
    if app.closed:
        messages.warning(
            request, _("Dit dossier is al afgesloten: het kan niet meer onontvankelijk worden.")
        )
        return redirect("reviewer:application", pk=app.pk)
    assessment = application_assess(app, today=clock.today())
    grounds = rules.dossier_admissible(
        submission=assessment.submission, admissibility=assessment.admissibility
    )
    status = 200
    reasons: list[Any] = []
    if request.method == "POST":
        form = InadmissibilityForm(request.POST)
        if form.is_valid():
            try:
                services.application_declare_inadmissible(
                    application=app,
                    decided_on=form.cleaned_data["decided_on"],
                    motivation=form.cleaned_data["motivation"],
                    decided_by=page_user(request),
                )
            except DomainError as exc:
                status = exc.status
                reasons = service_error_show(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Het dossier is onontvankelijk verklaard en afgesloten. "
                        "De brief staat klaar."
                    ),
                )
                return redirect("reviewer:application", pk=app.pk)
        else:
            status = 400
    else:
        form = InadmissibilityForm(initial={"decided_on": clock.today()})
    return render(
        request,
        "reviewer/inadmissibility.html",
        {
            "application": app,
            "assessment": assessment,
            "grounds": list(grounds.blocking_reasons),
            "received": assessment.received_on is not None,
            "form": form,
            "reasons": reasons,
        },
        status=status,
    )


# --- mandate register ---------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    mandate: Mandate
    status: str
    expiring: bool
    reminder_on: date
    frameworks: list[str]
    renewals: list[MandateApplication]
    label: str


def _register_rows(
    mandates: QuerySet[Mandate], today: date, labels: dict[str, str]
) -> list[RegisterRow]:
    rows = []
    for mandate in mandates:
        status = rules.mandate_status(
            valid_from=mandate.valid_from, valid_until=mandate.valid_until, today=today
        )
        reminder_on, _lead = rules.renewal_reminder_on(valid_until=mandate.valid_until)
        rows.append(
            RegisterRow(
                mandate=mandate,
                status=status,
                expiring=status == "active" and mandate_renewal_due(mandate, today=today),
                reminder_on=reminder_on,
                frameworks=_framework_labels(mandate.framework_list),
                renewals=list(mandate.renewal_applications.all()),
                label=labels[status],
            )
        )
    return rows


def _timeline(rows: list[RegisterRow]) -> dict[str, Any]:
    """Expiries of the running mandates per year: the SVG bars and the table count the same."""
    running = [r for r in rows if r.status != "expired"]
    by_year = Counter(r.mandate.valid_until.year for r in running)
    top = max(by_year.values(), default=1)
    bar_height, gap, label_width, width = 22, 8, 56, 420
    bars = []
    for i, (year, count) in enumerate(sorted(by_year.items())):
        length = round((width - label_width - 40) * count / top)
        y = i * (bar_height + gap)
        bars.append(
            {
                "year": year,
                "count": count,
                "y": y,
                "text_y": y + bar_height - 6,
                "width": max(length, 2),
                "count_x": label_width + max(length, 2) + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(bars) * (bar_height + gap), bar_height),
        "width": width,
        "label_width": label_width,
        "bar_height": bar_height,
    }


REGISTER_ORDER = {
    "valid_until": lambda r: (r.mandate.valid_until, r.mandate.organisation.name),
    "valid_from": lambda r: (r.mandate.valid_from, r.mandate.organisation.name),
    "organisation": lambda r: (r.mandate.organisation.name.casefold(), r.mandate.valid_from),
}


@role_required("reviewer")
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The mandate register (R3): status, expiring within the renewal lead time, renewals."""
    user = page_user(request)
    today = clock.today()
    form = RegisterFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    status_labels = {
        "active": _("actief"),
        "expiring": _("verloopt binnenkort"),
        "expired": _("verlopen"),
        "future": _("nog niet gestart"),
    }
    rows = _register_rows(selectors.mandate_register_for_user(user), today, status_labels)
    counts = Counter(r.status for r in rows) + Counter("expiring" for r in rows if r.expiring)
    timeline = _timeline(rows)
    status = filters.get("status") or ""
    shown = [r for r in rows if status in ("", r.status, "expiring" if r.expiring else "")]
    shown.sort(key=REGISTER_ORDER[filters.get("sort") or "valid_until"])
    page = page_of(request, shown, per_page=PAGE_SIZE)
    renewals = (
        selectors.application_list_for_user(user)
        .filter(kind="renewal")
        .select_related("renews")
        .order_by("-id")
    )
    return render(
        request,
        "reviewer/register.html",
        {
            "form": form,
            "page_obj": page,
            "query": _query(request),
            "status_labels": status_labels,
            "cards": [
                {"code": code, "label": status_labels[code], "count": counts[code]}
                for code in ("active", "expiring", "expired", "future")
            ],
            "timeline": timeline,
            "renewals": renewals,
            "application_labels": dict(ApplicationStatus.choices),
            "today": today,
            "validity_years": parameter_value("mandate_validity_years", today),
        },
    )
