"""The invariants of the data, checked after a crash, a restore or a migration.

Most invariants are also constraints in the database (a race or a bug hits them and fails);
this module checks them again from the outside, so that a restored dump, a database that ran
without its constraints, or a file store that lost a file is caught and named. Each check is
one function that returns its breaches; `check_integrity` runs them all. Reads only.

`python -m doorstroom check_integrity` prints the result and exits non-zero on any breach.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Count, F, Q

from doorstroom.employees.models import Employee
from doorstroom.mandates.models import (
    CLOSED_STATUSES,
    Decision,
    DecisionOutcome,
    Evidence,
    Mandate,
    MandateApplication,
)
from doorstroom.outbox.models import Notification
from doorstroom.rules.mandates import mandate_last_day, mandate_validity_years
from doorstroom.trajectories.models import Outcome, OutcomeKind, Trajectory

CHUNK = 1000


@dataclass(frozen=True)
class Breach:
    invariant: str
    record: str
    detail: str

    def __str__(self) -> str:
        return f"{self.invariant}: {self.record}: {self.detail}"


def one_decision_per_application() -> list[Breach]:
    """One decision per application, and the application's status and mandate agree with it."""
    name = "one_decision_per_application"
    breaches = [
        Breach(name, f"application {row['application_id']}", f"{row['n']} decisions")
        for row in Decision.objects.values("application_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("application_id")
    ]
    decisions = Decision.objects.values_list("application_id", "outcome", "application__status")
    mandated = set(Mandate.objects.values_list("application_id", flat=True))
    for application_id, outcome, status in decisions.order_by("application_id").iterator(CHUNK):
        record = f"application {application_id}"
        if status != outcome:
            breaches.append(Breach(name, record, f"status {status} but decision {outcome}"))
        has_mandate = application_id in mandated
        if outcome == DecisionOutcome.APPROVED and not has_mandate:
            breaches.append(Breach(name, record, "approved without a mandate"))
        if outcome != DecisionOutcome.APPROVED and has_mandate:
            breaches.append(Breach(name, record, f"{outcome} but holds a mandate"))
    undecided = (
        MandateApplication.objects.filter(status__in=CLOSED_STATUSES)
        .filter(decision__isnull=True)
        .values_list("id", "status")
    )
    breaches += [
        Breach(name, f"application {pk}", f"status {status} without a decision")
        for pk, status in undecided.order_by("id")
    ]
    orphans = Mandate.objects.filter(application__decision__isnull=True).values_list(
        "id", flat=True
    )
    breaches += [Breach(name, f"mandate {pk}", "no decision behind it") for pk in orphans]
    return breaches


def mandate_dates() -> list[Breach]:
    """R3: a mandate runs from its decision's start date to the day before the anniversary."""
    name = "mandate_dates"
    breaches = []
    rows = Mandate.objects.filter(application__decision__isnull=False).values_list(
        "id",
        "valid_from",
        "valid_until",
        "application__decision__starts_on",
        "application__decision__decided_on",
        "application__decision__trace",
    )
    for pk, valid_from, valid_until, starts_on, decided_on, trace in rows.iterator(CHUNK):
        start = starts_on or decided_on
        record = f"mandate {pk}"
        if valid_from != start:
            breaches.append(Breach(name, record, f"valid_from {valid_from} ≠ start {start}"))
        years = _validity_years(trace) or mandate_validity_years(valid_from=start)
        expected = mandate_last_day(starts_on=start, years=years)
        if valid_until != expected:
            breaches.append(
                Breach(name, record, f"valid_until {valid_until} ≠ {expected} ({years} years)")
            )
    return breaches


def _validity_years(trace: object) -> int | None:
    """The number of years the decision was made with (R16: decisions keep their values)."""
    if not isinstance(trace, dict):
        return None
    period = trace.get("mandate_period") or {}
    for p in period.get("parameters", []) if isinstance(period, dict) else []:
        if isinstance(p, dict) and p.get("name") == "mandate_validity_years":
            return int(p["value"])
    return None


def one_outcome_per_trajectory() -> list[Breach]:
    """R12: a trajectory ends with exactly one outcome, on the day it ended."""
    name = "one_outcome_per_trajectory"
    breaches = [
        Breach(name, f"trajectory {row['trajectory_id']}", f"{row['n']} outcomes")
        for row in Outcome.objects.values("trajectory_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("trajectory_id")
    ]
    ended_without = Trajectory.objects.filter(ended_on__isnull=False, outcome__isnull=True)
    breaches += [
        Breach(name, f"trajectory {pk}", "ended without an outcome")
        for pk in ended_without.values_list("id", flat=True).order_by("id")
    ]
    mismatched = Outcome.objects.filter(
        Q(trajectory__ended_on__isnull=True) | ~Q(trajectory__ended_on=F("on"))
    ).values_list("trajectory_id", "on", "trajectory__ended_on")
    breaches += [
        Breach(name, f"trajectory {pk}", f"outcome on {on} but ended_on {ended_on}")
        for pk, on, ended_on in mismatched.order_by("trajectory_id")
    ]
    unknown = Outcome.objects.exclude(kind__in=OutcomeKind.values).values_list("trajectory_id")
    breaches += [
        Breach(name, f"trajectory {pk}", "unknown outcome kind") for (pk,) in unknown.order_by()
    ]
    return breaches


def one_open_trajectory_per_employee() -> list[Breach]:
    """An employee is in at most one open trajectory at a time."""
    rows = (
        Trajectory.objects.filter(ended_on__isnull=True)
        .values("employee_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("employee_id")
    )
    return [
        Breach("one_open_trajectory_per_employee", f"employee {r['employee_id']}", f"{r['n']} open")
        for r in rows
    ]


def evidence_checksums() -> list[Breach]:
    """Every evidence file exists and still has the size and SHA-256 stored at upload."""
    name = "evidence_checksums"
    breaches = []
    for evidence in Evidence.objects.only("id", "file", "size", "sha256").iterator(CHUNK):
        record = f"evidence {evidence.pk}"
        try:
            digest, size = _sha256(evidence)
        except FileNotFoundError:
            breaches.append(Breach(name, record, f"file missing: {evidence.file.name}"))
            continue
        if digest != evidence.sha256:
            breaches.append(Breach(name, record, f"sha256 {digest[:12]}… ≠ stored"))
        elif size != evidence.size:
            breaches.append(Breach(name, record, f"size {size} ≠ stored {evidence.size}"))
    return breaches


def _sha256(evidence: Evidence) -> tuple[str, int]:
    if not evidence.file.name or not evidence.file.storage.exists(evidence.file.name):
        raise FileNotFoundError(evidence.file.name)
    digest = hashlib.sha256()
    size = 0
    with evidence.file.storage.open(evidence.file.name, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def outbox_consistent() -> list[Breach]:
    """A notification is sent, failed for good, or still waiting: never two at once."""
    name = "outbox_consistent"
    checks = {
        "both sent and failed permanently": Q(sent_at__isnull=False)
        & Q(failed_permanently_at__isnull=False),
        "sent without an attempt": Q(sent_at__isnull=False) & Q(attempts=0),
        "failed without an attempt": Q(failed_permanently_at__isnull=False) & Q(attempts=0),
    }
    breaches = []
    for detail, condition in checks.items():
        for pk in Notification.objects.filter(condition).values_list("id", flat=True)[:100]:
            breaches.append(Breach(name, f"notification {pk}", detail))
    return breaches


def employees_identified() -> list[Breach]:
    """Every employee keeps a national-number hash and a masked form (never the number)."""
    rows = Employee.objects.filter(
        Q(national_number_hash="") | Q(national_number_masked__regex=r"^[0-9]{11}$")
    ).values_list("id", flat=True)
    return [
        Breach("employees_identified", f"employee {pk}", "hash missing or number stored whole")
        for pk in rows.order_by("id")
    ]


def indicator_tally_equals_facts() -> list[Breach]:
    """The monitoring tally (R5) equals a recount from the raw tables (first 100 differences);
    a breach is repaired by `python -m doorstroom monitoring_rebuild`."""
    from doorstroom.monitoring.tally import verify

    return [
        Breach("indicator_tally_equals_facts", "indicator tally", detail)
        for detail in verify()[:100]
    ]


def trajectory_totals_equal_rows() -> list[Breach]:
    """Each trajectory's stored hours, internships and suspended days equal a recount of its
    activities, internships and suspensions (first 100 differences); a breach is repaired by
    `trajectories.totals.rebuild()`."""
    from doorstroom.trajectories.totals import differences

    return [Breach("trajectory_totals_equal_rows", "trajectory totals", d) for d in differences()]


CHECKS: dict[str, Callable[[], list[Breach]]] = {
    "one_decision_per_application": one_decision_per_application,
    "mandate_dates": mandate_dates,
    "one_outcome_per_trajectory": one_outcome_per_trajectory,
    "one_open_trajectory_per_employee": one_open_trajectory_per_employee,
    "evidence_checksums": evidence_checksums,
    "outbox_consistent": outbox_consistent,
    "employees_identified": employees_identified,
    "indicator_tally_equals_facts": indicator_tally_equals_facts,
    "trajectory_totals_equal_rows": trajectory_totals_equal_rows,
}


def check_integrity() -> Iterator[tuple[str, list[Breach]]]:
    """Every invariant with its breaches (an empty list: the invariant holds)."""
    for name, check in CHECKS.items():
        yield name, check()
