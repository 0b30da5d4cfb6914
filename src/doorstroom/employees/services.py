"""Every write on employees, support packages and evaluations (R6–R9)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import get_language, gettext

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import DateOutOfRange, InvalidInput, RuleViolation, StateConflict
from doorstroom.employees.models import (
    CriterionJudgement,
    Decision,
    Employee,
    Evaluation,
    GuidanceLevel,
    SupportPackage,
)
from doorstroom.organisations.models import Organisation
from doorstroom.places import selectors as places
from doorstroom.privacy.national_numbers import (
    national_number_compact,
    national_number_hash,
    national_number_masked,
)
from doorstroom.rules import dates
from doorstroom.rules import packages as package_rules
from doorstroom.rules import transitions as rules
from doorstroom.rules.codes import (
    CRITERIA,
    CRITERION_LABELS_EN,
    CRITERION_LABELS_NL,
    TARGET_GROUPS,
    target_groups_ordered,
)
from doorstroom.rules.outcome import Outcome
from doorstroom.rules.params import ParameterNotInForce
from doorstroom.rules.reasons import reason

NATIONAL_NUMBER_HELP = (
    "Vul een geldig rijksregisternummer in: 11 cijfers (jj.mm.dd-volgnummer.controlegetal)."
)


@dataclass(frozen=True)
class PackageInput:
    wage_premium_percent: int
    guidance_level: str


def _check_package(package: PackageInput, field: str, on: date) -> dict[str, object]:
    """The package's bounds in force on ``on`` (the day the version starts, R16); returns the
    trace of the parameter values it was checked with."""
    try:
        low, high, step, used = package_rules.wage_premium_bounds(on)
    except ParameterNotInForce as exc:
        raise DateOutOfRange(dates.date_out_of_range(on), field=field) from exc
    if not package_rules.wage_premium_valid(package.wage_premium_percent, on):
        raise InvalidInput(
            f"{field}.wage_premium_percent",
            f"De loonpremie ligt tussen {low} en {high} %, in stappen van {step} "
            f"(regels van {on.isoformat()}).",
        )
    if package.guidance_level not in GuidanceLevel.values:
        raise InvalidInput(
            f"{field}.guidance_level", "Kies een begeleidingspremie: low, medium of high."
        )
    return {"checked_on": on.isoformat(), "parameters": [p.as_dict() for p in used]}


@transaction.atomic
def support_package_add(
    *,
    employee: Employee,
    package: PackageInput,
    valid_from: date,
    reason: str,
    created_by: User | None = None,
) -> SupportPackage:
    """Add a new version of the support package; earlier versions stay as they were (R6).

    The package is checked against the bounds in force on ``valid_from``, the day this version
    starts (R16: the law of the relevant date, not of the day it is typed in), and keeps them
    in its ``trace`` with the parameters that fixed its last day.
    """
    trace = _check_package(package, "package", valid_from)
    # The next version number is read, then written: writers for one employee take turns on
    # the employee's row, so two at once get consecutive versions instead of a duplicate.
    Employee.objects.select_for_update(of=("self",)).filter(pk=employee.pk).first()
    last = employee.packages.order_by("-version").first()
    valid_until, validity = package_rules.package_validity(
        hired_on=employee.hired_on, valid_from=valid_from
    )
    return SupportPackage.objects.create(
        employee=employee,
        version=(last.version + 1) if last else 1,
        wage_premium_percent=package.wage_premium_percent,
        guidance_level=package.guidance_level,
        valid_from=valid_from,
        valid_until=valid_until,
        reason=reason,
        created_by=created_by,
        trace={**trace, "validity": [p.as_dict() for p in validity]},
    )


@transaction.atomic
def employee_create(
    *,
    national_number: str,
    given_name: str,
    family_name: str,
    postal_code: str,
    employer: Organisation,
    framework: str,
    target_groups: Sequence[str] | None = None,
    target_group: str | None = None,
    hired_on: date,
    package: PackageInput | None = None,
    created_by: User | None = None,
) -> Employee:
    """Register a target-group employee; the national number is kept only hashed and masked.

    ``target_groups``: one or more of the framework's groups ("en/of"); a single
    ``target_group`` is still accepted (both together: it must be one of the list)."""
    compact = national_number_compact(national_number)
    if compact is None:
        raise InvalidInput("national_number", NATIONAL_NUMBER_HELP, code="national_number_invalid")
    municipality = places.municipality_for_postal_code((postal_code or "").strip())
    if municipality is None:
        raise InvalidInput(
            "postal_code",
            f"Onbekende Belgische postcode '{postal_code}'.",
            code="postal_code_unknown",
        )
    if framework not in TARGET_GROUPS:
        raise InvalidInput("framework", "Kies een kader: maatwerk of lde.")
    groups = _target_groups(framework, target_groups, target_group)
    if hired_on > clock.today():
        raise InvalidInput(
            "hired_on", "De datum van indiensttreding mag niet in de toekomst liggen."
        )
    digest = national_number_hash(compact)
    if Employee.objects.filter(national_number_hash=digest).exists():
        raise StateConflict("Deze werknemer is al geregistreerd.")
    try:
        with transaction.atomic():
            employee = Employee.objects.create(
                national_number_hash=digest,
                national_number_masked=national_number_masked(compact),
                given_name=given_name.strip(),
                family_name=family_name.strip(),
                postal_code=postal_code.strip(),
                municipality=municipality,
                employer=employer,
                framework=framework,
                target_groups=list(groups),
                hired_on=hired_on,
            )
    except IntegrityError as exc:
        raise StateConflict("Deze werknemer is net geregistreerd.") from exc
    if package is not None:
        # Someone hired before the package regime this system knows (2019-01-01) has held
        # their package under it since that day (rules.packages.package_regime_start).
        support_package_add(
            employee=employee,
            package=package,
            valid_from=max(hired_on, package_rules.package_regime_start()),
            reason="startpakket",
            created_by=created_by,
        )
    return employee


def _target_groups(
    framework: str, target_groups: Sequence[str] | None, target_group: str | None
) -> tuple[str, ...]:
    """The employee's groups, each once, in catalogue order; all of the framework's."""
    field = "target_groups" if target_groups is not None else "target_group"
    given = list(target_groups or [])
    if target_group:
        if target_groups is not None and target_group not in given:
            raise InvalidInput(
                "target_group", "Deze doelgroep staat niet in de lijst 'target_groups'."
            )
        given.append(target_group)
    if not given:
        raise InvalidInput(field, "Kies minstens één doelgroep.")
    allowed = TARGET_GROUPS[framework]
    wrong = [group for group in dict.fromkeys(given) if group not in allowed]
    if wrong:
        raise InvalidInput(
            field,
            f"Doelgroep {', '.join(repr(g) for g in wrong)} hoort niet bij kader {framework}: "
            f"kies uit {', '.join(allowed)}.",
        )
    return target_groups_ordered(given)


def employer_in_trajectory_count(*, employer_id: int, on: date) -> int:
    """How many employees of this custom-work employer are in a trajectory on a day (R8).

    One per trajectory running that day, read through the employees' `trajectories` (the
    relation trajectories.Trajectory declares to "employees.Employee"): trajectories sit above
    employees (docs/architecture.md *Layers*)."""
    running = Q(trajectories__started_on__lte=on) & (
        Q(trajectories__ended_on__isnull=True) | Q(trajectories__ended_on__gte=on)
    )
    counted = Employee.objects.filter(employer_id=employer_id).aggregate(
        n=Count("trajectories", filter=running)
    )
    return int(counted["n"])


def _criteria(
    criteria: Mapping[str, Mapping[str, Any]] | None,
) -> dict[str, rules.CriterionJudgement]:
    """The three judgements (R8), or one InvalidInput with every problem at once, each message
    naming its criterion (in the request's language: the pages put each on its field)."""
    criteria = criteria or {}
    labels = CRITERION_LABELS_EN if get_language().startswith("en") else CRITERION_LABELS_NL
    errors: dict[str, list[str]] = {}
    for code in CRITERIA:
        named = {"criterion": labels[code]}
        if code not in criteria:
            errors[f"criteria.{code}"] = [
                gettext("Beoordeel ‘%(criterion)s’: gunstig of ongunstig, met een motivering.")
                % named
            ]
        elif not str(criteria[code].get("motivation") or "").strip():
            errors[f"criteria.{code}.motivation"] = [
                gettext("Motiveer het oordeel over ‘%(criterion)s’.") % named
            ]
    for code in sorted(set(criteria) - set(CRITERIA)):
        errors[f"criteria.{code}"] = [f"Onbekend criterium '{code}'."]
    if errors:
        raise InvalidInput.many(errors)
    return {
        code: rules.CriterionJudgement(
            favourable=bool(criteria[code]["favourable"]),
            motivation=str(criteria[code].get("motivation") or "").strip(),
        )
        for code in CRITERIA
    }


@transaction.atomic
def evaluation_create(
    *,
    employee: Employee,
    evaluated_on: date,
    needs_support: bool,
    package_still_correct: bool,
    criteria: Mapping[str, Mapping[str, Any]] | None,
    adjusted_package: PackageInput | None = None,
    transition_starts_on: date | None = None,
    consultant: User | None = None,
    today: date | None = None,
) -> Evaluation:
    """Record the evaluation on the work floor and the transition decision (R6–R9).

    Both questions of R6 are answered; the three criteria of R8 are judged whenever support is
    no longer needed (without them transition cannot be decided); a later start (R9) is never
    in the past; an adjusted package becomes a new package version.
    """
    today = today or clock.today()
    if evaluated_on > today:
        raise InvalidInput("evaluated_on", "De evaluatiedatum mag niet in de toekomst liggen.")
    if evaluated_on < employee.hired_on:
        raise InvalidInput("evaluated_on", "De evaluatie kan niet vóór de indiensttreding vallen.")
    if not package_still_correct and adjusted_package is None:
        raise InvalidInput(
            "adjusted_package", "Geef het aangepaste pakket op als het huidige niet meer klopt."
        )
    if package_still_correct and adjusted_package is not None:
        raise InvalidInput(
            "adjusted_package", "Een aangepast pakket hoort bij een pakket dat niet meer klopt."
        )
    judgements = _criteria(criteria) if (criteria or not needs_support) else {}
    decision = rules.evaluation_decision(needs_support=needs_support, criteria=judgements or None)
    if adjusted_package is not None:
        # R6: the evaluation records the adjusted package; the reason says so (informative).
        decision = Outcome.from_reasons(
            (
                *decision.reasons,
                reason(
                    "package_adjusted",
                    wage_premium_percent=adjusted_package.wage_premium_percent,
                    guidance_level=adjusted_package.guidance_level,
                ),
            ),
            decision.parameters,
        )
    start = None
    start_outcome = None
    if decision.allowed:
        start_outcome = rules.transition_start(
            decided_on=evaluated_on, requested_start=transition_starts_on, today=today
        )
        if not start_outcome.allowed:
            raise RuleViolation(
                "De startdatum van het traject ligt in het verleden.",
                reasons=start_outcome.blocking_reasons,
            )
        start = rules.transition_starts_on(
            decided_on=evaluated_on, requested_start=transition_starts_on
        )
    new_package = None
    if adjusted_package is not None:
        _check_package(adjusted_package, "adjusted_package", evaluated_on)
        new_package = support_package_add(
            employee=employee,
            package=adjusted_package,
            valid_from=evaluated_on,
            reason="aangepast na evaluatie",
            created_by=consultant,
        )
    evaluation = Evaluation.objects.create(
        employee=employee,
        evaluated_on=evaluated_on,
        needs_support=needs_support,
        package_still_correct=package_still_correct,
        adjusted_package=new_package,
        decision=Decision.TRANSITION if decision.allowed else Decision.NO_TRANSITION,
        reasons=[r.as_dict() for r in decision.reasons],
        transition_starts_on=start,
        employer_in_trajectory=employer_in_trajectory_count(
            employer_id=employee.employer_id, on=evaluated_on
        ),
        trace={
            "decision": decision.as_trace(),
            "start": start_outcome.as_trace() if start_outcome else None,
        },
        consultant=consultant,
    )
    CriterionJudgement.objects.bulk_create(
        CriterionJudgement(
            evaluation=evaluation, criterion=code, favourable=j.favourable, motivation=j.motivation
        )
        for code, j in judgements.items()
    )
    return evaluation
