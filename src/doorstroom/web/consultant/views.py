"""Pages of the consultant (VDAB trajectbegeleider): follow-up, employees, evaluations (R6–R9),
the partner ranking and the referral (R4, R10, R11), and trajectories read-only (R12).

Every read of a person's record writes the processing log (privacy.AccessLog). A national
number arrives only in a POST body, is never echoed and leaves only masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doorstroom.common import clock
from doorstroom.common.errors import DomainError, InvalidInput
from doorstroom.employees import selectors as employees
from doorstroom.employees.models import Decision, Employee, Evaluation
from doorstroom.employees.services import (
    PackageInput,
    employee_create,
    employer_in_trajectory_count,
    evaluation_create,
)
from doorstroom.organisations.selectors import organisation_list_for_user
from doorstroom.privacy.national_numbers import national_number_compact
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.referrals import selectors as referrals
from doorstroom.referrals.api import ranking_out
from doorstroom.referrals.ranking import ranking_for, ranking_page_for
from doorstroom.referrals.services import referral_create
from doorstroom.rules import codes
from doorstroom.rules import transitions as rules
from doorstroom.rules.codes import CRITERIA
from doorstroom.rules.outcome import Reason
from doorstroom.rules.params import parameter_value
from doorstroom.rules.referrals import distance_shown
from doorstroom.trajectories import selectors as trajectories
from doorstroom.web.consultant.forms import (
    EmployeeForm,
    EvaluationForm,
    NameSearchForm,
    NationalNumberSearchForm,
    ReferralForm,
    TrajectoryFilterForm,
    criterion_label,
    parse_date,
)
from doorstroom.web.form_errors import service_error_show
from doorstroom.web.language import code_label, is_english, language
from doorstroom.web.paging import page_of
from doorstroom.web.permissions import page_user, role_required

PER_PAGE = 20
#: Lines per list on the home page: a short work queue, the rest a page further.
QUEUE_ROWS = 5
CONSULTANT = "consultant"


# --- helpers ------------------------------------------------------------------------------


def _labels_for(employee: Employee) -> dict[str, str]:
    return {
        "framework": code_label(
            employee.framework, codes.FRAMEWORK_LABELS_NL, codes.FRAMEWORK_LABELS_EN
        ),
        # every group of the employee ("en/of"), in catalogue order
        "target_groups": ", ".join(
            code_label(group, codes.TARGET_GROUP_LABELS_NL, codes.TARGET_GROUP_LABELS_EN)
            for group in codes.target_groups_ordered(employee.target_groups)
        ),
    }


# --- follow-up ----------------------------------------------------------------------------


@role_required(CONSULTANT)
def home(request: HttpRequest) -> HttpResponse:
    """The work queue: evaluations to refer, referrals waiting for a start, open trajectories,
    and employees whose support package reaches its five years (evaluation due, R6)."""
    user = page_user(request)
    today = clock.today()
    waiting = page_of(
        request,
        referrals.referral_awaiting_start_for_user(user),
        param="toeleidingen",
        per_page=QUEUE_ROWS,
    )
    running = page_of(
        request, trajectories.trajectory_open_for_user(user), param="trajecten", per_page=QUEUE_ROWS
    )
    to_refer = page_of(
        request,
        employees.evaluation_awaiting_referral_for_user(user),
        param="evaluaties",
        per_page=QUEUE_ROWS,
    )
    evaluation_due = page_of(
        request,
        employees.employee_evaluation_due_for_user(user, today=today),
        param="evaluatie_nodig",
        per_page=QUEUE_ROWS,
    )
    running_rows = [
        {"trajectory": t, "next_deadline": trajectories.trajectory_next_deadline(t, today=today)}
        for t in running
    ]
    access_log_for_request(
        request,
        [r.employee_id for r in waiting]
        + [t.employee_id for t in running]
        + [e.employee_id for e in to_refer]
        + [e.pk for e in evaluation_due],
        "followup_list",
    )
    return render(
        request,
        "consultant/home.html",
        {
            "today": today,
            "waiting": waiting,
            "running": running,
            "running_rows": running_rows,
            "to_refer": to_refer,
            "evaluation_due": evaluation_due,
            # R16: the limit in force, never a literal in the page
            "package_years": parameter_value("support_package_validity_years", today),
        },
    )


# --- employees ----------------------------------------------------------------------------


EMPLOYEE_FIELDS = {"target_group": "target_groups"}


@role_required(CONSULTANT)
def employee_new(request: HttpRequest) -> HttpResponse:
    """Register a target-group employee (the service of POST /employees/): one or more target
    groups of the framework, ticked as checkboxes ("en/of")."""
    user = page_user(request)
    employers = list(
        organisation_list_for_user(user).order_by("name", "pk").values_list("pk", "name")
    )
    form = EmployeeForm(request.POST or None, employers=employers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        employer = organisation_list_for_user(user).filter(pk=data.pop("employer")).first()
        try:
            if employer is None:
                raise InvalidInput("employer", _("Kies de werkgever."))
            person = employee_create(employer=employer, created_by=user, **data)
        except DomainError as exc:
            service_error_show(form, exc, aliases=EMPLOYEE_FIELDS)
        else:
            messages.success(request, _("De werknemer is geregistreerd."))
            return redirect("consultant:employee", pk=person.pk)
    return render(
        request,
        "consultant/employee_form.html",
        {"form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


def _looks_like_national_number(text: str) -> bool:
    return sum(ch.isdigit() for ch in text) >= 6


@role_required(CONSULTANT)
def search(request: HttpRequest) -> HttpResponse:
    """Search by name (GET ?q=) or by national number (POST only: never in a URL, never echoed)."""
    user = page_user(request)
    name_form = NameSearchForm(request.GET if "q" in request.GET else None)
    number_form = NationalNumberSearchForm()
    results: Any = None
    searched = ""
    query = ""
    if request.method == "POST":
        number_form = NationalNumberSearchForm(request.POST)
        if number_form.is_valid():
            number = number_form.cleaned_data["national_number"]
            if national_number_compact(number) is None:
                number_form.add_error(
                    "national_number",
                    _(
                        "Vul een geldig rijksregisternummer in: 11 cijfers (geboortedatum, "
                        "volgnummer en controlegetal)."
                    ),
                )
            else:
                results = list(employees.employee_by_national_number(user, number))
                searched = "number"
                access_log_for_request(
                    request, [e.pk for e in results], "employee_search_national_number"
                )
    elif name_form.is_bound and name_form.is_valid():
        text = name_form.cleaned_data["q"].strip()
        if _looks_like_national_number(text):
            # Out of the address bar at once: the page (and its language form) would echo it.
            messages.error(
                request,
                _(
                    "Zoek een rijksregisternummer met het formulier 'Zoeken op "
                    "rijksregisternummer': zo komt het nummer niet in het webadres."
                ),
            )
            return redirect("consultant:search")
        if text:
            results = page_of(
                request,
                employees.employee_search(user, name=text).order_by(
                    "family_name", "given_name", "id"
                ),
            )
            searched = "name"
            query = urlencode({"q": text})
            access_log_for_request(request, [e.pk for e in results], "employee_search")
    return render(
        request,
        "consultant/search.html",
        {
            "name_form": name_form,
            "number_form": number_form,
            "results": results,
            "searched": searched,
            "query": query,
        },
    )


@role_required(CONSULTANT)
def employee(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's file: identity (masked), packages, evaluations, referrals, trajectories."""
    user = page_user(request)
    person = get_object_or_404(employees.employee_detail_for_user(user), pk=pk)
    access_log_for_request(request, [person.pk], "employee_detail")
    packages = list(person.packages.all())
    referral_by_evaluation = {
        r.evaluation_id: r for r in referrals.referral_list_for_user(user).filter(employee=person)
    }
    evaluations = [
        {"evaluation": e, "referral": referral_by_evaluation.get(e.pk)}
        for e in person.evaluations.all()
    ]
    return render(
        request,
        "consultant/employee.html",
        {
            "employee": person,
            "labels": _labels_for(person),
            "packages": packages,
            "current_package": packages[-1] if packages else None,
            "guidance_labels": (
                codes.GUIDANCE_LEVEL_LABELS_EN if is_english() else codes.GUIDANCE_LEVEL_LABELS_NL
            ),
            "evaluations": evaluations,
            "trajectories": trajectories.trajectory_list_for_user(user).filter(employee=person),
        },
    )


# --- evaluation (R6–R9) -------------------------------------------------------------------


def _judgements(data: Mapping[str, Any]) -> dict[str, rules.CriterionJudgement] | None:
    answers = {code: data.get(f"{code}_favourable") for code in CRITERIA}
    if not all(a in ("yes", "no") for a in answers.values()):
        return None
    return {
        code: rules.CriterionJudgement(
            favourable=answers[code] == "yes",
            motivation=str(data.get(f"{code}_motivation") or ""),
        )
        for code in CRITERIA
    }


def _feedback(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The rules' verdict on the answers so far (R7–R9): what saving would decide."""
    needs = data.get("needs_support")
    judgements = _judgements(data)
    missing = []
    if needs not in ("yes", "no"):
        missing.append(_("of de werknemer nog ondersteuning nodig heeft"))
    if needs == "no" and judgements is None:
        missing += [
            criterion_label(code)
            for code in CRITERIA
            if data.get(f"{code}_favourable") not in ("yes", "no")
        ]
    if missing:
        return {"state": "incomplete", "missing": missing, "reasons": [], "codes": ""}
    decision = rules.evaluation_decision(needs_support=needs == "yes", criteria=judgements)
    reasons = [r.as_dict(language()) for r in decision.reasons]
    starts_on = None
    state: str = Decision.TRANSITION if decision.allowed else Decision.NO_TRANSITION
    if decision.allowed:
        decided_on = parse_date(data.get("evaluated_on")) or today
        requested = parse_date(data.get("transition_starts_on"))
        start = rules.transition_start(
            decided_on=decided_on, requested_start=requested, today=today
        )
        reasons += [r.as_dict(language()) for r in start.reasons]
        if start.allowed:
            starts_on = rules.transition_starts_on(decided_on=decided_on, requested_start=requested)
        else:
            state = "start_refused"
    return {
        "state": state,
        "missing": [],
        "reasons": reasons,
        "codes": " ".join(str(r["code"]) for r in reasons),
        "starts_on": starts_on,
    }


EVALUATION_FIELDS = {
    "adjusted_package": "package_still_correct",
    "adjusted_package.wage_premium_percent": "wage_premium_percent",
    "adjusted_package.guidance_level": "guidance_level",
    **{f"criteria.{c}": f"{c}_favourable" for c in CRITERIA},
    **{f"criteria.{c}.motivation": f"{c}_motivation" for c in CRITERIA},
}


def _evaluation_save(form: EvaluationForm, person: Employee, request: HttpRequest) -> Evaluation:
    data = form.cleaned_data
    adjusted = None
    if data["package_still_correct"] == "no":
        adjusted = PackageInput(
            wage_premium_percent=data["wage_premium_percent"],
            guidance_level=data["guidance_level"],
        )
    return evaluation_create(
        employee=person,
        evaluated_on=data["evaluated_on"],
        needs_support=data["needs_support"] == "yes",
        package_still_correct=data["package_still_correct"] == "yes",
        adjusted_package=adjusted,
        criteria=form.service_criteria(),
        transition_starts_on=data.get("transition_starts_on"),
        consultant=page_user(request),
    )


@role_required(CONSULTANT)
def evaluation_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation on the work floor, with the rules' verdict shown live (htmx) or on submit."""
    user = page_user(request)
    person = get_object_or_404(employees.employee_list_for_user(user), pk=pk)
    today = clock.today()
    feedback = None
    reasons: list[Reason] = []
    if request.method == "POST" and "preview" in request.POST:
        # "Controleer" without JavaScript: the same verdict as the live region, nothing saved.
        form = EvaluationForm(initial=request.POST.dict())
        feedback = _feedback(request.POST, today)
    elif request.method == "POST":
        form = EvaluationForm(request.POST)
        feedback = _feedback(request.POST, today)
        if form.is_valid():
            try:
                evaluation = _evaluation_save(form, person, request)
            except DomainError as exc:
                reasons = service_error_show(
                    form,
                    exc,
                    aliases=EVALUATION_FIELDS,
                    reason_fields={"start_date_in_past": "transition_starts_on"},
                )
            else:
                if evaluation.decision == Decision.TRANSITION:
                    messages.success(
                        request, _("De evaluatie is opgeslagen: doorstroom. Kies nu een partner.")
                    )
                    return redirect("consultant:ranking", pk=evaluation.pk)
                messages.success(request, _("De evaluatie is opgeslagen: geen doorstroom."))
                return redirect("consultant:employee", pk=person.pk)
    else:
        form = EvaluationForm()
    access_log_for_request(request, [person.pk], "evaluation_form")
    return render(
        request,
        "consultant/evaluation_form.html",
        {
            "employee": person,
            "labels": _labels_for(person),
            "form": form,
            "feedback": feedback,
            "reasons": reasons,
            "employer_in_trajectory": employer_in_trajectory_count(
                employer_id=person.employer_id, on=today
            ),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@role_required(CONSULTANT)
@require_POST
def evaluation_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx partial: the rules' verdict on the form's current answers (nothing is saved)."""
    user = page_user(request)
    get_object_or_404(employees.employee_list_for_user(user), pk=pk)
    return render(
        request,
        "consultant/_feedback.html",
        {"feedback": _feedback(request.POST, clock.today())},
    )


# --- ranking and referral (R4, R10, R11) --------------------------------------------------


def _transition_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    user = page_user(request)
    return get_object_or_404(
        employees.evaluation_list_for_user(user).select_related(
            "employee__municipality", "employee__employer"
        ),
        pk=pk,
    )


def _not_transition(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    messages.warning(
        request, _("Deze evaluatie besliste geen doorstroom: er is geen partner te kiezen.")
    )
    return redirect("consultant:employee", pk=evaluation.employee_id)


#: Partners shown at first on the ranking page, and added by each "Toon meer partners".
RANKING_STEP = 20


def _ranking_shown(request: HttpRequest) -> int:
    """How many eligible partners to show (`?toon=`): a multiple of RANKING_STEP, at least one
    step; anything else shows the first step."""
    try:
        shown = int(request.GET.get("toon", RANKING_STEP))
    except ValueError:
        return RANKING_STEP
    return max(RANKING_STEP, min(shown, 100_000)) // RANKING_STEP * RANKING_STEP


#: The page labels each factor itself ("Ervaring: …"): a sentence that starts with its own
#: label (the experience explanation, written to stand alone in the API) loses it here.
_FACTOR_PREFIXES = ("Ervaring: ", "Experience: ")


def _without_label(text: str) -> str:
    for prefix in _FACTOR_PREFIXES:
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            return rest[:1].upper() + rest[1:]
    return text


def _ranking_rows(trace: dict[str, Any], shown: int, eligible_count: int) -> dict[str, Any]:
    """The rows of the first ``shown`` eligible partners (``trace`` may hold more) and the
    link to show RANKING_STEP more."""
    data = ranking_out(trace, language())
    data["eligible"] = data["eligible"][:shown]
    data["eligible_count"] = eligible_count
    if eligible_count > shown:
        data["more_link"] = f"?{urlencode({'toon': shown + RANKING_STEP})}#rang-{shown + 1}"
    for p in data["eligible"]:
        p["local_network_label"] = code_label(
            p["factors"]["local_network"],
            codes.LOCAL_NETWORK_LEVEL_LABELS_NL,
            codes.LOCAL_NETWORK_LEVEL_LABELS_EN,
        )
        km = p["factors"]["distance_km"]
        p["distance_shown"] = None if km is None else distance_shown(km)
        p["factor_explanations"] = {
            name: _without_label(text) for name, text in p["factor_explanations"].items()
        }
    data["on"] = date.fromisoformat(data["on"])
    return data


@role_required(CONSULTANT)
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """The eligible partners ranked on proximity, local network and experience (R10)."""
    user = page_user(request)
    evaluation = _transition_evaluation(request, pk)
    if evaluation.decision != Decision.TRANSITION:
        return _not_transition(request, evaluation)
    referral = referrals.referral_list_for_user(user).filter(evaluation=evaluation).first()
    shown = _ranking_shown(request)
    if referral is not None:
        trace = referral.ranking
        eligible_count = len(trace["eligible"])
    else:
        # Only the partners shown are explained (docs/performance.md, "Performance II").
        page = ranking_page_for(evaluation.employee, on=clock.today(), start=0, size=shown)
        eligible_count = page.eligible_count
        trace = {
            "on": page.on.isoformat(),
            "eligible": [p.as_dict() for p in page.eligible],
            "ineligible": [p.as_dict() for p in page.ineligible],
        }
    access_log_for_request(request, [evaluation.employee_id], "ranking")
    return render(
        request,
        "consultant/ranking.html",
        {
            "evaluation": evaluation,
            "employee": evaluation.employee,
            "referral": referral,
            "ranking": _ranking_rows(trace, shown, eligible_count),
        },
    )


def _partner_label(p: Any) -> str:
    distance = (
        _("{km} km").format(km=formats.number_format(distance_shown(p.distance_km), 1))
        if p.distance_km is not None
        else _("afstand onbekend")
    )
    network = code_label(
        p.local_network, codes.LOCAL_NETWORK_LEVEL_LABELS_NL, codes.LOCAL_NETWORK_LEVEL_LABELS_EN
    )
    return _("{rank}. {name} ({distance}, lokaal netwerk: {network})").format(
        rank=p.rank, name=p.name, distance=distance, network=network
    )


@role_required(CONSULTANT)
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the partner (R10): the first-ranked is preselected; another needs a reason."""
    user = page_user(request)
    evaluation = _transition_evaluation(request, pk)
    if evaluation.decision != Decision.TRANSITION:
        return _not_transition(request, evaluation)
    existing = referrals.referral_list_for_user(user).filter(evaluation=evaluation).first()
    if existing is not None:
        messages.info(request, _("Voor deze evaluatie is al toegeleid."))
        return redirect("consultant:referral", pk=existing.pk)
    ranked = ranking_for(evaluation.employee, on=clock.today()).eligible
    partners = [(p.partner_id, _partner_label(p)) for p in ranked]
    reasons: list[Reason] = []
    if request.method == "POST":
        form = ReferralForm(request.POST, partners=partners)
        if form.is_valid():
            partner = (
                organisation_list_for_user(user).filter(pk=form.cleaned_data["partner"]).first()
            )
            try:
                if partner is None:
                    raise DomainError(_("Kies een partner uit de lijst."))
                referral = referral_create(
                    evaluation=evaluation,
                    partner=partner,
                    referred_on=form.cleaned_data["referred_on"],
                    override_reason=form.cleaned_data["override_reason"],
                    consultant=user,
                )
            except DomainError as exc:
                reasons = service_error_show(
                    form, exc, reason_fields={"override_reason_required": "override_reason"}
                )
            else:
                messages.success(request, _("De toeleiding is opgeslagen."))
                return redirect("consultant:referral", pk=referral.pk)
    else:
        form = ReferralForm(partners=partners)
    access_log_for_request(request, [evaluation.employee_id], "referral_form")
    return render(
        request,
        "consultant/referral_form.html",
        {
            "evaluation": evaluation,
            "employee": evaluation.employee,
            "form": form,
            "reasons": reasons,
            "has_partners": bool(partners),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@role_required(CONSULTANT)
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation of a referral: to whom, and from when the partner is due to start."""
    user = page_user(request)
    item = get_object_or_404(
        referrals.referral_list_for_user(user).select_related("employee"), pk=pk
    )
    access_log_for_request(request, [item.employee_id], "referral_detail")
    return render(request, "consultant/referral.html", {"referral": item})


# --- trajectories (read-only, R12) --------------------------------------------------------


@role_required(CONSULTANT)
def trajectory_list(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    form = TrajectoryFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    status = status or "open"
    queryset = trajectories.trajectory_list_for_user(user, state=status).prefetch_related(
        "suspensions"
    )
    page = page_of(request, queryset.order_by("-started_on", "-id"))
    today = clock.today()
    rows = [
        {
            "trajectory": t,
            "next_deadline": (
                trajectories.trajectory_next_deadline(t, today=today) if not t.ended_on else None
            ),
        }
        for t in page
    ]
    access_log_for_request(request, [t.employee_id for t in page], "trajectory_list")
    return render(
        request,
        "consultant/trajectory_list.html",
        {"form": form, "page_obj": page, "rows": rows, "status": status},
    )


@role_required(CONSULTANT)
def trajectory(request: HttpRequest, pk: int) -> HttpResponse:
    user = page_user(request)
    item = get_object_or_404(trajectories.trajectory_detail_for_user(user), pk=pk)
    access_log_for_request(request, [item.employee_id], "trajectory_detail")
    outcome = getattr(item, "outcome", None)
    activity_labels = (
        codes.ACTIVITY_KIND_LABELS_EN if is_english() else codes.ACTIVITY_KIND_LABELS_NL
    )
    return render(
        request,
        "consultant/trajectory.html",
        {
            "trajectory": item,
            "deadlines": trajectories.trajectory_deadlines(item),
            "activities": [
                {"activity": a, "kind": activity_labels.get(a.kind, a.kind)}
                for a in item.activities.all()
            ],
            "outcome": outcome,
            "outcome_label": (
                code_label(outcome.kind, codes.OUTCOME_KIND_LABELS_NL, codes.OUTCOME_KIND_LABELS_EN)
                if outcome
                else ""
            ),
            "hours": sum((a.hours for a in item.activities.all()), start=0),
            "back": reverse("consultant:trajectories"),
        },
    )
