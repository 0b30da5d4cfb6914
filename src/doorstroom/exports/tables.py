"""The exports' rows: one query each, read in chunks (`values_list` over `.iterator()`), so
neither model instances nor all rows are ever held in memory.

Each export holds only what it needs. The trajectory export (ESF monitoring) describes an
employee by province, framework and target group only: never a name or a national number.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ParamSpec, TypeVar

from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    Manager,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from doorstroom.accounts.models import Role, User
from doorstroom.common.dbfunctions import DaysBetween
from doorstroom.common.identifiers import enterprise_number_display
from doorstroom.exports.writers import Column, csv_field, csv_head, decimal_comma
from doorstroom.mandates.models import Frameworks, Mandate, MandateApplication
from doorstroom.rules.codes import target_groups_ordered
from doorstroom.rules.mandates import mandate_status
from doorstroom.trajectories.models import Activity, Internship, Suspension, Trajectory

CHUNK_SIZE = 2000

Row = tuple[Any, ...]
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class TrajectoryFilter:
    """Trajectories that run on at least one day of [date_from, date_to] (either end optional),
    of one partner, and of employees in one province or framework."""

    date_from: date | None = None
    date_to: date | None = None
    partner_id: int | None = None
    province_code: str | None = None
    framework: str | None = None


def _in_one_snapshot(rows_of: Callable[P, Iterator[T]]) -> Callable[P, Iterator[T]]:
    """On PostgreSQL, the rows are read in one read-only REPEATABLE READ transaction: the
    trajectories and their aggregates come from one snapshot, and Django's server-side
    cursors are declared inside a transaction, so without ``WITH HOLD`` (outside one,
    PostgreSQL computes the whole result before the first row). It ends when the download
    ends or is abandoned (the generator is closed: rolled back, nothing was written). On
    SQLite no transaction is opened: it would be IMMEDIATE, holding the write lock for the
    whole download."""

    @functools.wraps(rows_of)
    def read(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        rows = rows_of(*args, **kwargs)
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            yield from rows
            return
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                # A streamed read gains nothing from JIT, which compiled the trajectory CSV's
                # query (its planned cost is high) for seconds before the first row.
                cursor.execute("SET LOCAL jit = off")
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


# --- the trajectory CSV: one query, each value formatted once -----------------------------------

CSV_BATCH = 500  # rows fetched, and written as one chunk of the CSV (about 75 KB)
MEMO_LIMIT = 10_000  # distinct values kept per memo before it starts again (memory stays flat)


class _IsoDate(Func):
    """A date as its ISO text, YYYY-MM-DD (SQLite stores it so), or '' for none."""

    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # an expression, not the bare column: sqlite3 would parse a column declared "date"
        template = "COALESCE(%(expressions)s || '', '')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "COALESCE(to_char(%(expressions)s, 'YYYY-MM-DD'), '')"
        return self.as_sql(compiler, connection, template=template, **extra)


class _Memo(dict[Any, str]):
    """``memo[key]`` is ``compute(key)``, computed once per distinct key: a dict lookup for
    every row after the first. At most MEMO_LIMIT keys are kept."""

    def __init__(self, compute: Callable[[Any], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: Any) -> str:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        value = self[key] = self._compute(key)
        return value


def _groups(stored: str) -> str:
    """The employee's stored target groups (JSON text) as the export writes them."""
    return ", ".join(target_groups_ordered(json.loads(stored) or ()))


def _trajectory_csv_query(user: User, f: TrajectoryFilter) -> QuerySet[Any]:
    """The CSV's one query: dates as ISO text and whole days in SQL, the hours, internships
    and suspended days as kept on the trajectory's row (`trajectories.totals`), '' for an
    empty cell."""
    text = TextField()
    return (
        trajectory_queryset(user, f)
        .annotate(
            groups_json=Cast("employee__target_groups", text),
            referred=_IsoDate("referral__referred_on"),
            started=_IsoDate("started_on"),
            ended=_IsoDate("ended_on"),
            outcome_kind=Coalesce("outcome__kind", Value(""), output_field=text),
            outcome_day=_IsoDate("outcome__on"),
            days=Coalesce(
                Cast(DaysBetween("ended_on", "started_on"), text), Value(""), output_field=text
            ),
        )
        .order_by("started_on", "id")
        .values_list(
            "id",
            "partner__name",
            "partner__enterprise_number",
            "employee__municipality__province_name_nl",
            "employee__framework",
            "groups_json",
            "referred",
            "started",
            "ended",
            "outcome_kind",
            "outcome_day",
            "days",
            "hours_total",
            "internship_count",
            "suspended_days",
        )
    )


@_in_one_snapshot
def _trajectory_csv_chunks(user: User, f: TrajectoryFilter) -> Iterator[str]:
    """The rows of `trajectory_rows` as CSV text, a chunk per CSV_BATCH rows. The query's raw
    values are written as they come (Django's converters would parse dates only to format
    them again); a text is neutralised and quoted once per distinct value (`_Memo`)."""
    sql, params = _trajectory_csv_query(user, f).query.sql_with_params()
    text = _Memo(csv_field)
    numbers = _Memo(lambda number: csv_field(enterprise_number_display(number)))
    groups = _Memo(lambda stored: csv_field(_groups(stored)))
    hours = _Memo(lambda total: decimal_comma(total or 0))
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CSV_BATCH):
            yield "".join(
                [
                    f"{pk};{text[partner]};{numbers[number]};{text[province]};"
                    f"{text[framework]};{groups[json_groups]};{referred};{started};{ended};"
                    f"{text[outcome]};{outcome_on};{days};{hours[total_hours]};"
                    f"{internships};{suspended}\r\n"
                    for (
                        pk,
                        partner,
                        number,
                        province,
                        framework,
                        json_groups,
                        referred,
                        started,
                        ended,
                        outcome,
                        outcome_on,
                        days,
                        total_hours,
                        internships,
                        suspended,
                    ) in batch
                ]
            )


def trajectory_csv(user: User, f: TrajectoryFilter) -> Iterator[str]:
    """The trajectory export as CSV text (`TRAJECTORY_COLUMNS`): byte for byte what the
    generic writer makes of `trajectory_rows`, in chunks of CSV_BATCH rows."""
    yield from csv_head([c.label for c in TRAJECTORY_COLUMNS])
    yield from _trajectory_csv_chunks(user, f)
