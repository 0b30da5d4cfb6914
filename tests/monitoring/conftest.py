"""Builders for the monitoring tests: rows straight through the ORM (the services for
employees, referrals and trajectories are written elsewhere; these tests only read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count

import pytest

from doorstroom.employees.models import Employee, Evaluation
from doorstroom.mandates.models import Decision, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.models import Referral
from doorstroom.rules.codes import TARGET_GROUPS
from doorstroom.trajectories.models import Outcome, Suspension, Trajectory

GENT = "44021"  # province 40000, Provincie Oost-Vlaanderen
HASSELT = "71072"  # (since the 2025 merger with Kortessem) province 70000, Provincie Limburg
LONG_AGO = date(2023, 6, 1)  # outside every period used in these tests

_serial = count(1)


def employee(
    *, municipality: str = GENT, framework: str = "maatwerk", groups: tuple[str, ...] = ()
) -> Employee:
    """An employee; ``groups`` (default: the framework's first group) may hold several."""
    n = next(_serial)
    employer, _ = Organisation.objects.get_or_create(
        enterprise_number="0202239951", defaults={"name": "Maatwerk Noord", "postal_code": "9000"}
    )
    return Employee.objects.create(
        national_number_hash=f"{n:064d}",
        national_number_masked=f"85.07.30-{n:03d}.XX",
        given_name=f"Voornaamx{n}",
        family_name=f"Familienaamx{n}",
        postal_code="9000" if municipality == GENT else "3500",
        municipality_id=municipality,
        employer=employer,
        framework=framework,
        target_groups=list(groups) or [TARGET_GROUPS[framework][0]],
        hired_on=date(2020, 1, 1),
    )


def evaluation(person: Employee, on: date, decision: str = "transition") -> Evaluation:
    return Evaluation.objects.create(
        employee=person,
        evaluated_on=on,
        needs_support=decision != "transition",
        package_still_correct=True,
        decision=decision,
    )


@dataclass
class Chain:
    person: Employee
    referral: Referral
    trajectory: Trajectory | None


def chain(
    partner: Organisation,
    *,
    referred_on: date,
    started_on: date | None = None,
    ended_on: date | None = None,
    outcome: str | None = None,
    suspended: tuple[date, date] | None = None,
    municipality: str = GENT,
    framework: str = "maatwerk",
    groups: tuple[str, ...] = (),
) -> Chain:
    """Evaluation (long ago) → referral → trajectory → suspension and outcome, as asked."""
    person = employee(municipality=municipality, framework=framework, groups=groups)
    referral = Referral.objects.create(
        evaluation=evaluation(person, LONG_AGO),
        employee=person,
        partner=partner,
        referred_on=referred_on,
        due_on=referred_on,
        chosen_rank=1,
        ranking=[],
    )
    if started_on is None:
        return Chain(person, referral, None)
    trajectory = Trajectory.objects.create(
        referral=referral,
        employee=person,
        partner=partner,
        started_on=started_on,
        ended_on=ended_on,
    )
    if suspended is not None:
        Suspension.objects.create(
            trajectory=trajectory, starts_on=suspended[0], ends_on=suspended[1], reason="Ziekte"
        )
    if outcome is not None:
        assert ended_on is not None
        Outcome.objects.create(trajectory=trajectory, kind=outcome, on=ended_on)
    return Chain(person, referral, trajectory)


def mandate_decision(
    organisation: Organisation,
    *,
    due_on: date | None,
    decided_on: date,
    outcome: str = "approved",
) -> Decision:
    application = MandateApplication.objects.create(
        organisation=organisation,
        kind="new",
        frameworks="maatwerk",
        decision_due_on=due_on,
        status=outcome,
    )
    return Decision.objects.create(application=application, outcome=outcome, decided_on=decided_on)


@pytest.fixture
def dataset(organisation: Organisation, other_organisation: Organisation) -> list[Employee]:
    """The hand-built dataset of test_monitoring_indicators.py (period 2024-03-01..03-31).

    `organisation` (Jobkracht Gent vzw) is partner A, `other_organisation` (Werkpunt Hasselt
    vzw) partner B. Returns every employee, so tests can look for their personal data.
    """
    a, b = organisation, other_organisation
    gent_worker = employee()
    hasselt_worker = employee(municipality=HASSELT, framework="lde")
    evaluation(gent_worker, date(2024, 2, 29))  # from − 1: not counted
    evaluation(gent_worker, date(2024, 3, 1))  # from: counted, transition
    evaluation(gent_worker, date(2024, 3, 31), "no_transition")  # to: counted
    evaluation(gent_worker, date(2024, 4, 1))  # to + 1: not counted
    evaluation(hasselt_worker, date(2024, 3, 15))  # counted, transition, Limburg, lde
    chains = [
        # T1: A, referred and started on `from` − 1, open, suspended on `to` → active and
        # suspended, but neither referred nor started in the period.
        chain(
            a,
            referred_on=date(2024, 2, 29),
            started_on=date(2024, 2, 29),
            suspended=(date(2024, 3, 20), date(2024, 3, 31)),
        ),
        # T2: A, started on `from`, hired on `to` (30 days); ended on `to` → not active,
        # so its suspension on `to` does not count either.
        chain(
            a,
            referred_on=date(2024, 3, 1),
            started_on=date(2024, 3, 1),
            ended_on=date(2024, 3, 31),
            outcome="hired",
            suspended=(date(2024, 3, 31), date(2024, 3, 31)),
        ),
        # T3: A, referred on `to`, starts `to` + 1 → neither started nor active.
        chain(a, referred_on=date(2024, 3, 31), started_on=date(2024, 4, 1)),
        # T4: B, Limburg lde, ends `to` + 1 (returned, not counted) → active; suspension
        # ends the day before `to` → not suspended.
        chain(
            b,
            referred_on=date(2024, 1, 10),
            started_on=date(2024, 1, 15),
            ended_on=date(2024, 4, 1),
            outcome="returned",
            suspended=(date(2024, 3, 1), date(2024, 3, 30)),
            municipality=HASSELT,
            framework="lde",
        ),
        # T5: B, Limburg lde, stopped 2024-03-10 (69 days).
        chain(
            b,
            referred_on=date(2023, 12, 1),
            started_on=date(2024, 1, 1),
            ended_on=date(2024, 3, 10),
            outcome="stopped",
            municipality=HASSELT,
            framework="lde",
        ),
        # T6: A, Gent lde, hired on `from` − 1: not counted.
        chain(
            a,
            referred_on=date(2024, 2, 1),
            started_on=date(2024, 2, 1),
            ended_on=date(2024, 2, 29),
            outcome="hired",
            framework="lde",
        ),
        # T7: B, referred and started on `to`, open → started and active.
        chain(b, referred_on=date(2024, 3, 31), started_on=date(2024, 3, 31)),
        # T8: A, Limburg maatwerk, hired 2024-03-02 (31 days).
        chain(
            a,
            referred_on=date(2024, 1, 20),
            started_on=date(2024, 1, 31),
            ended_on=date(2024, 3, 2),
            outcome="hired",
            municipality=HASSELT,
        ),
        # T9: B, referred `to` + 1: nothing counts.
        chain(b, referred_on=date(2024, 4, 1), started_on=date(2024, 4, 2)),
        # A referral without a trajectory (yet), in the period: counts as a referral only.
        chain(b, referred_on=date(2024, 3, 15), municipality=HASSELT),
    ]
    mandate_decision(a, due_on=date(2024, 3, 15), decided_on=date(2024, 3, 15))  # on due: timely
    mandate_decision(a, due_on=date(2024, 3, 10), decided_on=date(2024, 3, 11))  # late
    mandate_decision(a, due_on=None, decided_on=date(2024, 3, 20))  # no due date: not timely
    mandate_decision(b, due_on=date(2024, 5, 1), decided_on=date(2024, 3, 31))  # timely, on `to`
    mandate_decision(b, due_on=date(2024, 4, 30), decided_on=date(2024, 4, 1))  # to + 1
    return [gent_worker, hasselt_worker, *(c.person for c in chains)]
