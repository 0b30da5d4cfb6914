"""The exports' rows: one query each, read in chunks (`values_list` over `.iterator()`), so
neither model instances nor all rows are ever held in memory.

Each export holds only what it needs. The trajectory export (ESF monitoring) describes an
employee by province, framework and target group only: never a name or a national number.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ParamSpec

from django.db import connection, transaction
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Manager,
    Q,
    QuerySet,
    Sum,
)

from doorstroom.accounts.models import Role, User
from doorstroom.common.identifiers import enterprise_number_display
from doorstroom.exports.writers import Column
from doorstroom.mandates.models import Frameworks, Mandate, MandateApplication
from doorstroom.rules.codes import target_groups_ordered
from doorstroom.rules.mandates import mandate_status
from doorstroom.trajectories.models import Activity, Internship, Suspension, Trajectory

CHUNK_SIZE = 2000

Row = tuple[Any, ...]
P = ParamSpec("P")


@dataclass(frozen=True)
class TrajectoryFilter:
    """Trajectories that run on at least one day of [date_from, date_to] (either end optional),
    of one partner, and of employees in one province or framework."""

    date_from: date | None = None
    date_to: date | None = None
    partner_id: int | None = None
    province_code: str | None = None
    framework: str | None = None


def _in_one_snapshot(rows_of: Callable[P, Iterator[Row]]) -> Callable[P, Iterator[Row]]:
    """On PostgreSQL, the rows are read in one read-only REPEATABLE READ transaction: the
    trajectories and their aggregates come from one snapshot, and Django's server-side
    cursors are declared inside a transaction, so without ``WITH HOLD`` (outside one,
    PostgreSQL computes the whole result before the first row). It ends when the download
    ends or is abandoned (the generator is closed: rolled back, nothing was written). On
    SQLite no transaction is opened: it would be IMMEDIATE, holding the write lock for the
    whole download."""

    @functools.wraps(rows_of)
    def read(*args: P.args, **kwargs: P.kwargs) -> Iterator[Row]:
        rows = rows_of(*args, **kwargs)
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            yield from rows
            return
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield from rows

    return read


def _own_organisation(user: User) -> int | None:
    """An applicant's organisation (0 when it has none: matches nothing); None for staff."""
    return (user.organisation_id or 0) if user.role == Role.APPLICANT else None


def _frameworks(value: str) -> str:
    return ", ".join(Frameworks.from_db(value))


# --- mandate register ----------------------------------------------------------------------------

MANDATE_COLUMNS = (
    Column("Organisatie", "text"),
    Column("Ondernemingsnummer", "text"),
    Column("Kaders", "text"),
    Column("Geldig vanaf", "date"),
    Column("Geldig tot en met", "date"),
    Column("Status", "text"),
)


@_in_one_snapshot
def mandate_rows(user: User, *, today: date) -> Iterator[Row]:
    """Every mandate (an applicant: its own), by organisation and start, with today's status."""
    queryset = Mandate.objects.order_by("organisation__name", "valid_from", "id")
    own = _own_organisation(user)
    if own is not None:
        queryset = queryset.filter(organisation_id=own)
    for name, number, frameworks, valid_from, valid_until in queryset.values_list(
        "organisation__name",
        "organisation__enterprise_number",
        "frameworks",
        "valid_from",
        "valid_until",
    ).iterator(chunk_size=CHUNK_SIZE):
        yield (
            name,
            enterprise_number_display(number),
            _frameworks(frameworks),
            valid_from,
            valid_until,
            mandate_status(valid_from=valid_from, valid_until=valid_until, today=today),
        )


# --- applications ------------------------------------------------------------------------------

APPLICATION_COLUMNS = (
    Column("Referentie", "text"),
    Column("Organisatie", "text"),
    Column("Soort", "text"),
    Column("Status", "text"),
    Column("Ontvangen op", "date"),
    Column("Volledig op", "date"),
    Column("Beslissen uiterlijk op", "date"),
    Column("Beslist op", "date"),
    Column("Beslissing", "text"),
    Column("Beslist binnen termijn", "yesno"),
)


@_in_one_snapshot
def application_rows(user: User) -> Iterator[Row]:
    """Every application (an applicant: its own organisation's), oldest first.

    "Beslist binnen termijn" is empty while undecided, "nee" for a decision without a due date.
    """
    queryset = MandateApplication.objects.order_by("id")
    own = _own_organisation(user)
    if own is not None:
        queryset = queryset.filter(organisation_id=own)
    for row in queryset.values_list(
        "id",
        "organisation__name",
        "kind",
        "status",
        "received_on",
        "completed_on",
        "decision_due_on",
        "decision__decided_on",
        "decision__outcome",
    ).iterator(chunk_size=CHUNK_SIZE):
        pk, name, kind, status, received, completed, due, decided, outcome = row
        within = None if decided is None else due is not None and decided <= due
        yield (
            f"MDB-{pk:06d}",
            name,
            kind,
            status,
            received,
            completed,
            due,
            decided,
            outcome,
            within,
        )


# --- trajectories (ESF monitoring) ---------------------------------------------------------------

TRAJECTORY_COLUMNS = (
    Column("Traject", "int"),
    Column("Partner", "text"),
    Column("Ondernemingsnummer partner", "text"),
    Column("Provincie werknemer", "text"),
    Column("Kader", "text"),
    Column("Doelgroep", "text"),
    Column("Toegeleid op", "date"),
    Column("Gestart op", "date"),
    Column("Afgesloten op", "date"),
    Column("Uitstroom", "text"),
    Column("Uitstroom op", "date"),
    Column("Duur (dagen)", "int"),
    Column("Uren activiteiten", "decimal"),
    Column("Stages", "int"),
    Column("Geschorste dagen", "int"),
)


def _per_trajectory(
    queryset: QuerySet[Any] | Manager[Any], trajectories: QuerySet[Trajectory], **aggregate: Any
) -> Iterator[tuple[Any, ...]]:
    """Aggregates over the child rows of ``trajectories``, one grouped query: rows
    (started_on, trajectory id, *aggregates) in the export's order, so they are merged with
    the trajectories as both stream (`_Aligned`). A query per kind of child, so activities,
    internships and suspensions never multiply each other."""
    order = ("trajectory__started_on", "trajectory_id")
    return iter(
        queryset.filter(trajectory__in=trajectories.values("pk"))
        .values(*order)
        .annotate(**aggregate)
        .order_by(*order)
        .values_list(*order, *aggregate)
        .iterator(chunk_size=CHUNK_SIZE)
    )


class _Aligned:
    """A stream of (started_on, trajectory id, *values) read alongside the trajectories in
    the same order: ``take(key)`` gives the values of that trajectory, or None when it has
    no child rows. Keys the trajectories do not have (a row written between the queries on
    SQLite, which reads them outside one snapshot) are skipped."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._head = next(rows, None)

    def take(self, key: tuple[date, int]) -> tuple[Any, ...] | None:
        while self._head is not None and (self._head[0], self._head[1]) < key:
            self._head = next(self._rows, None)
        if self._head is None or (self._head[0], self._head[1]) != key:
            return None
        found, self._head = self._head[2:], next(self._rows, None)
        return found


def trajectory_queryset(user: User, f: TrajectoryFilter) -> QuerySet[Trajectory]:
    """The trajectories the user may see (an applicant: its own as partner), filtered."""
    queryset = Trajectory.objects.all()
    own = _own_organisation(user)
    if own is not None:
        queryset = queryset.filter(partner_id=own)
    elif user.role not in (Role.REVIEWER, Role.CONSULTANT, Role.ESF_OFFICER, Role.ADMIN):
        queryset = queryset.none()
    if f.partner_id is not None:
        queryset = queryset.filter(partner_id=f.partner_id)
    if f.date_to is not None:
        queryset = queryset.filter(started_on__lte=f.date_to)
    if f.date_from is not None:
        queryset = queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=f.date_from))
    if f.province_code is not None:
        queryset = queryset.filter(employee__municipality__province_code=f.province_code)
    if f.framework is not None:
        queryset = queryset.filter(employee__framework=f.framework)
    return queryset


@_in_one_snapshot
def trajectory_rows(user: User, f: TrajectoryFilter) -> Iterator[Row]:
    """One row per trajectory, oldest start first.

    Duration: from start to end (empty while open). Suspended days: every day of every
    suspension, both ends included.
    """
    trajectories = trajectory_queryset(user, f)
    suspension_length = ExpressionWrapper(
        F("ends_on") - F("starts_on"), output_field=DurationField()
    )
    rows = (
        trajectories.order_by("started_on", "id")
        .values_list(
            "id",
            "partner__name",
            "partner__enterprise_number",
            "employee__municipality__province_name_nl",
            "employee__framework",
            "employee__target_groups",
            "referral__referred_on",
            "started_on",
            "ended_on",
            "outcome__kind",
            "outcome__on",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    first = next(rows, None)
    if first is None:
        return
    hours = _Aligned(_per_trajectory(Activity.objects, trajectories, total=Sum("hours")))
    internships = _Aligned(_per_trajectory(Internship.objects, trajectories, n=Count("id")))
    suspensions = _Aligned(
        _per_trajectory(
            Suspension.objects,
            trajectories,
            n=Count("id"),
            total=Sum(suspension_length, output_field=DurationField()),
        )
    )
    for row in itertools.chain((first,), rows):
        (
            pk,
            partner,
            number,
            province,
            framework,
            target_groups,
            referred_on,
            started_on,
            ended_on,
            outcome,
            outcome_on,
        ) = row
        key = (started_on, pk)
        (total_hours,) = hours.take(key) or (None,)
        (n_internships,) = internships.take(key) or (0,)
        n_suspensions, suspended = suspensions.take(key) or (0, None)
        suspended_days = n_suspensions + (suspended or timedelta()).days
        yield (
            pk,
            partner,
            enterprise_number_display(number),
            province,
            framework,
            # every group of the employee ("en/of"), codes in catalogue order
            ", ".join(target_groups_ordered(target_groups or ())),
            referred_on,
            started_on,
            ended_on,
            outcome,
            outcome_on,
            None if ended_on is None else (ended_on - started_on).days,
            total_hours or 0,
            n_internships,
            suspended_days,
        )
