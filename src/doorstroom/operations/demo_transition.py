"""Demo employees over Flanders with evaluations, referrals and trajectories in every state.

Deterministic (a fixed seed) and made through the services, so every rule holds. Dates are
relative to the day of loading. Idempotent: nothing is added when the demo employers exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from doorstroom.benchdata.names import GIVEN
from doorstroom.common.errors import DomainError
from doorstroom.common.identifiers import enterprise_number_for, national_number_for
from doorstroom.employees.models import Employee
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.places.models import PostalCode
from doorstroom.referrals.ranking import ranking_for
from doorstroom.referrals.services import referral_create
from doorstroom.rules.codes import CRITERIA, TARGET_GROUPS
from doorstroom.trajectories import services as trajectories

EMPLOYERS = [
    (6_100_001, "Maatwerkbedrijf Waasland", "9100"),
    (6_100_002, "Atelier Kempen", "2440"),
    (6_100_003, "Groep Intro Brugge", "8000"),
    (6_100_004, "Werkplaats Leuven", "3000"),
    (6_100_005, "Maatwerk Limburg", "3500"),
    (6_100_006, "LDE Buurtdiensten Gent", "9000"),
    (6_100_007, "Atelier Mechelen", "2800"),
    (6_100_008, "Maatwerk Westhoek", "8900"),
]
FAMILY = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Hermans",
    "Aerts",
    "Vermeulen",
    "Van den Broeck",
    "Pauwels",
    "Martens",
    "Smets",
    "Bogaert",
    "El Amrani",
]
STATES = (
    ["none"] * 8
    + ["support_needed"] * 3
    + ["unfavourable"] * 2
    + ["postponed"]
    + ["referred"]
    + ["active"] * 3
    + ["suspended"]
    + ["hired"] * 2
    + ["returned", "stopped"]
)


@dataclass
class TransitionReport:
    employees: int = 0
    evaluations: int = 0
    referrals: int = 0
    trajectories: int = 0


def national_number(rng: random.Random) -> str:
    """A valid national number for someone born 1965–1999."""
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(35 * 365))
    return national_number_for(born, rng.randrange(1, 998))


def _flemish_postal_codes() -> list[str]:
    return sorted(
        set(
            PostalCode.objects.filter(
                municipality__region_code="02000", latitude__isnull=False
            ).values_list("code", flat=True)
        )
    )


def _employers() -> list[Organisation]:
    found = []
    for base, name, postal_code in EMPLOYERS:
        number = enterprise_number_for(base)
        org = Organisation.objects.filter(enterprise_number=number).first()
        found.append(
            org
            or organisations.organisation_create(
                enterprise_number=number, name=name, postal_code=postal_code
            )
        )
    return found


def _criteria(favourable: bool) -> dict[str, dict[str, object]]:
    criteria: dict[str, dict[str, object]] = {
        c: {"favourable": True, "motivation": "Gunstig beoordeeld op de werkvloer."}
        for c in CRITERIA
    }
    if not favourable:
        criteria["regional_prospects"] = {
            "favourable": False,
            "motivation": "Weinig passende vacatures zonder ondersteuning in de regio.",
        }
    return criteria


def _employee(
    rng: random.Random, i: int, employers: list[Organisation], codes: list[str], today: date
) -> Employee | None:
    framework = "lde" if i % 7 == 0 else "maatwerk"
    try:
        return employee_create(
            national_number=national_number(rng),
            given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            postal_code=rng.choice(codes),
            employer=employers[i % len(employers)],
            framework=framework,
            target_group=rng.choice(TARGET_GROUPS[framework]),
            hired_on=today - timedelta(days=rng.randrange(700, 3000)),
            package=PackageInput(
                wage_premium_percent=rng.choice([45, 60]),
                guidance_level=rng.choice(["low", "medium", "high"]),
            ),
        )
    except DomainError:  # the rare duplicate national number: skip it
        return None


def _journey(
    employee: Employee, state: str, rng: random.Random, today: date, report: TransitionReport
) -> None:
    """Take one employee as far along the chain as the state says."""
    if state == "none":
        return
    days_ago = (
        rng.randrange(150, 500)
        if state in {"hired", "returned", "stopped"}
        else (rng.randrange(20, 120))
    )
    evaluated_on = today - timedelta(days=days_ago)
    starts = today + timedelta(days=rng.randrange(10, 60)) if state == "postponed" else None
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=evaluated_on,
        needs_support=state == "support_needed",
        package_still_correct=True,
        criteria=_criteria(state != "unfavourable"),
        transition_starts_on=starts,
        today=today,
    )
    report.evaluations += 1
    if evaluation.decision != "transition":
        return
    referred_on = evaluated_on + timedelta(days=rng.randrange(1, 10))
    ranking = ranking_for(employee, on=referred_on)
    if not ranking.eligible:
        return
    pick = (
        ranking.eligible[1]
        if len(ranking.eligible) > 1 and rng.random() < 0.15
        else (ranking.eligible[0])
    )
    referral = referral_create(
        evaluation=evaluation,
        partner=Organisation.objects.get(pk=pick.partner_id),
        referred_on=referred_on,
        override_reason=""
        if pick.rank == 1
        else "De werknemer verkiest deze partner dichter bij de kinderopvang.",
    )
    report.referrals += 1
    if state in {"postponed", "referred"}:
        return
    started_on = referral.due_on + timedelta(days=rng.randrange(3, 15))
    trajectory = trajectories.trajectory_start(referral=referral, started_on=started_on)
    report.trajectories += 1
    day = started_on
    for kind in ("guidance", "job_search", "employer_contact", "job_search"):
        day += timedelta(days=rng.randrange(3, 12))
        if day > today:
            break
        trajectories.activity_record(
            trajectory=trajectory,
            on=day,
            kind=kind,
            hours=Decimal(rng.choice(["1.5", "2", "3", "4"])),
        )
    if state == "suspended":
        trajectories.suspension_add(
            trajectory=trajectory,
            starts_on=today - timedelta(days=5),
            ends_on=today + timedelta(days=20),
            reason="Ziekte van de werknemer.",
        )
    if state in {"hired", "returned", "stopped"}:
        internship_start = started_on + timedelta(days=40)
        trajectories.internship_add(
            trajectory=trajectory,
            employer_enterprise_number="0403.170.701",
            employer_name="Bakkerij Peeters",
            vacancy="Winkelbediende",
            starts_on=internship_start,
            ends_on=internship_start + timedelta(days=55),
        )
        trajectories.outcome_record(
            trajectory=trajectory,
            kind=state,
            on=internship_start + timedelta(days=rng.randrange(60, 90)),
            employer_enterprise_number="0403.170.701" if state == "hired" else "",
            employer_name="Bakkerij Peeters" if state == "hired" else "",
            reason="" if state != "stopped" else "De werknemer zag af van het traject.",
            beyond_employee=state == "returned",
        )


def demo_transition_load(*, today: date, employees: int = 300) -> TransitionReport:
    report = TransitionReport()
    if Employee.objects.exists():
        return report
    rng = random.Random(20261127)  # noqa: S311 # nosec B311 # demo data, not security
    employers = _employers()
    codes = _flemish_postal_codes()
    for i in range(employees):
        employee = _employee(rng, i, employers, codes, today)
        if employee is None:
            continue
        report.employees += 1
        _journey(employee, STATES[i % len(STATES)], rng, today, report)
    return report
