"""The monitoring indicators (R5): counts and rates, never people.

"De monitoring … gebeurt door ESF Vlaanderen in overleg met VDAB." ESF officers and VDAB staff
see the same indicators; a partner sees its own (the view forces its `partner_id`).

Every count is an SQL aggregate, grouped once per source table by (partner, province,
framework) and rolled up here into the totals and the three breakdowns: counts are additive
over disjoint groups, so the roll-up is exact. The fourth breakdown, per target group, counts
an employee in each of their groups (R6–R8 "en/of"), so its rows may add up to more than the
totals, which count everyone once. The median duration needs the values: one query groups
the period's histogram of durations per breakdown row in SQL. The per-partner breakdown is
paged (`PartnerPage`): every partner's counts, the medians of the page's partners only. The
number of queries is fixed (at most five), whatever the number of rows.

What a metric does not apply to is `null`, never a misleading number:
- evaluations are not tied to a partner: `null` in the per-partner rows and, when a partner
  filter is set, everywhere;
- mandate decisions belong to an organisation, not to an employee: `null` in the per-province
  and per-framework rows and, when a province or framework filter is set, everywhere.
"""

# ruff: noqa: S608 (raw SQL here names only tables and columns of the models; values are parameters)
from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from doorstroom.mandates.models import Mandate
from doorstroom.monitoring.models import (
    BREAKDOWN_DIMENSIONS,
    CROSS,
    PARTNER,
    PREFIX_METRICS,
    IndicatorDurationBreakdownMonth,
    IndicatorDurationBreakdownYear,
    IndicatorDurationMonth,
    IndicatorDurationYear,
    IndicatorGroup,
    IndicatorMonthTotal,
    IndicatorPrefix,
    IndicatorTally,
)
from doorstroom.monitoring.tally import Sql, filter_scope
from doorstroom.organisations.models import Organisation
from doorstroom.places.models import Municipality
from doorstroom.referrals.models import Referral
from doorstroom.rules.codes import target_groups_ordered
from doorstroom.trajectories.models import OutcomeKind, Suspension, Trajectory

OUTCOME_KINDS: tuple[str, ...] = tuple(OutcomeKind.values)
COUNTS: tuple[str, ...] = (
    "evaluations",
    "transition_decisions",
    "referrals",
    "started",
    "active",
    "suspended",
    *(f"outcome_{kind}" for kind in OUTCOME_KINDS),
    "mandate_decisions",
    "mandate_decisions_within_target",
)
EVALUATION_METRICS = ("evaluations", "transition_decisions")
MANDATE_METRICS = ("mandate_decisions", "mandate_decisions_within_target")
# Grouped rows: one dict per (partner, province, framework) group with its counts.
Rows = QuerySet[Any, Any]


@dataclass(frozen=True)
class IndicatorFilter:
    """The period (closed interval of days) and the optional filters of the indicators."""

    date_from: date
    date_to: date
    partner_id: int | None = None
    province_code: str | None = None
    framework: str | None = None

    @property
    def by_employee(self) -> bool:
        return self.province_code is not None or self.framework is not None


# --- the tally, summed in SQL (see monitoring/tally.py) -------------------------------------

GROUP = {
    "g_partner": F("partner_id"),
    "g_partner_name": F("partner__name"),
    "g_province": F("province_code"),
    "g_framework": F("framework"),
    "g_group": F("target_group"),
}
PERIOD_METRICS: tuple[str, ...] = (
    *EVALUATION_METRICS,
    "referrals",
    "started",
    *(f"outcome_{kind}" for kind in OUTCOME_KINDS),
    *MANDATE_METRICS,
)


def _tally(f: IndicatorFilter, *, per_group: bool = True) -> QuerySet[IndicatorTally]:
    """The tally rows the filter selects; without `per_group`, only the rows that count each
    fact once (the per-target-group rows would count an employee in several groups twice)."""
    queryset = IndicatorTally.objects.all()
    if not per_group:
        queryset = queryset.filter(target_group__isnull=True)
    if f.partner_id is not None:
        queryset = queryset.filter(partner_id=f.partner_id)
    if f.province_code is not None:
        queryset = queryset.filter(province_code=f.province_code)
    if f.framework is not None:
        queryset = queryset.filter(framework=f.framework)
    return queryset


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _last_whole_month(day: date) -> tuple[date, tuple[date, date] | None]:
    """Up to and including `day` = the prefix sums of the last whole month on or before it
    (by its first day) + the daily rows of `day`'s month up to `day` (None when `day` is a
    month's last day)."""
    first = _month_start(day)
    if (day + timedelta(days=1)).month != day.month:
        return first, None
    before = first - timedelta(days=1)
    return _month_start(before), (first, day)


def _group_filter(
    f: IndicatorFilter, alias: str, partner_ids: Sequence[int] | None = None
) -> tuple[str, list[Any]]:
    """The filter on a group's fields, in SQL (`alias` is the group table or the tally);
    `partner_ids` keeps only those partners' groups (none when empty)."""
    clauses, params = [], []
    for column, value in (
        ("partner_id", f.partner_id),
        ("province_code", f.province_code),
        ("framework", f.framework),
    ):
        if value is not None:
            clauses.append(f"{alias}.{column} = %s")
            params.append(value)
    if partner_ids is not None:
        marks = ", ".join(["%s"] * len(partner_ids)) or "NULL"
        clauses.append(f"{alias}.partner_id IN ({marks})")
        params += partner_ids
    return " AND ".join(clauses) or "1 = 1", params


def _prefix_sql(f: IndicatorFilter, ends: Sequence[date], kind: str) -> Sql:
    """`_prefix_rows`' query: (partner_id, name, province, framework, target group, then the
    metrics at each end)."""
    qn = connection.ops.quote_name
    prefix = qn(IndicatorPrefix._meta.db_table)
    joins, columns, params = [], [], []
    for i, end in enumerate(ends):
        latest = (
            f"SELECT {{}} FROM {prefix} q WHERE q.group_id = g.id AND q.month <= %s "
            "ORDER BY q.month DESC LIMIT 1"
        )
        if connection.vendor == "postgresql":
            # A lateral lookup: PostgreSQL planned the `id = (subquery)` join below as a hash
            # of the whole prefix table per end (1.2 s each at scale 100) around the lookups.
            joins.append(f"LEFT JOIN LATERAL ({latest.format('q.*')}) p{i} ON TRUE")
        else:
            joins.append(f"LEFT JOIN {prefix} p{i} ON p{i}.id = ({latest.format('q.id')})")
        params.append(end)
        columns += [f"COALESCE(p{i}.{qn(metric)}, 0) AS e{i}_{metric}" for metric in PREFIX_METRICS]
    where, where_params = _group_filter(f, "g")
    sql = (
        f"SELECT g.partner_id, o.name, g.province_code, g.framework, g.target_group, "
        f"{', '.join(columns)} FROM {qn(IndicatorGroup._meta.db_table)} g "
        f"LEFT JOIN {qn(Organisation._meta.db_table)} o ON o.id = g.partner_id "
        f"{' '.join(joins)} WHERE g.kind = %s AND {where}"
    )
    return sql, [*params, kind, *where_params]


def _ends(values: Sequence[Any], count: int) -> list[dict[str, int]]:
    """The metrics at each of `count` ends, from a row's flat columns."""
    width = len(PREFIX_METRICS)
    return [
        dict(zip(PREFIX_METRICS, values[i * width : (i + 1) * width], strict=True))
        for i in range(count)
    ]


def _prefix_rows(f: IndicatorFilter, *ends: date, kind: str = CROSS) -> list[dict[str, Any]]:
    """One row per group of `kind`: its prefix sums at the end of each of `ends` (month
    starts), each the group's latest row on or before that month: one indexed lookup per
    group and end."""
    sql, params = _prefix_sql(f, ends, kind)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                "g_partner": row[0],
                "g_partner_name": row[1],
                "g_province": row[2],
                "g_framework": row[3],
                "g_group": row[4],
                "ends": _ends(row[5:], len(ends)),
            }
            for row in cursor.fetchall()
        ]


def _rollup_ends_sql(f: IndicatorFilter, to_month: date, from_month: date) -> Sql:
    """Per breakdown row, its counts up to the two ends (month starts) as rows of (dim, k,
    name, then each `PERIOD_METRICS` at `to_month` minus at `from_month`, then started minus
    ended at `to_month`): the partners' roll-up groups' prefix rows (one lookup per partner
    and end; filtered, their cross groups' summed per partner) and the other breakdowns'
    monthly deltas of the filter's scope summed up to each end (`IndicatorMonthTotal`)."""
    qn = connection.ops.quote_name
    ends = (to_month, from_month)
    if _unfiltered(f):
        partners, params = _prefix_sql(f, ends, PARTNER)
    else:
        # By province or framework: the partners' cross groups that count each fact once
        # (a partner's roll-up group knows no province or framework), summed below.
        partners, params = _prefix_sql(f, ends, CROSS)
        partners += " AND g.target_group IS NULL AND g.partner_id IS NOT NULL"
    moved = ", ".join(f"x.e0_{m} - x.e1_{m} AS c{i}" for i, m in enumerate(PERIOD_METRICS))
    sums = ", ".join(
        f"SUM(CASE WHEN t.month <= %s THEN t.{qn(m)} ELSE 0 END) - "
        f"SUM(CASE WHEN t.month <= %s THEN t.{qn(m)} ELSE 0 END)"
        for m in PERIOD_METRICS
    )
    active = f"SUM(CASE WHEN t.month <= %s THEN t.{qn('started')} - t.{qn('ended')} ELSE 0 END)"
    sql = (
        f"SELECT 'partners' AS dim, CAST(x.partner_id AS TEXT) AS k, x.name AS name, {moved}, "
        f"x.e0_started - x.e0_ended AS c{len(PERIOD_METRICS)} FROM ({partners}) x UNION ALL "
        f"SELECT t.dimension, t.{qn('key')}, NULL, {sums}, {active} "
        f"FROM {qn(IndicatorMonthTotal._meta.db_table)} t WHERE t.scope = %s AND t.month <= %s "
        f"GROUP BY t.dimension, t.{qn('key')}"
    )
    marks = [end for _metric in PERIOD_METRICS for end in ends]
    return sql, [*params, *marks, to_month, _scope(f), to_month]


#: The breakdown rows a tally row counts in, in SQL (`tally.breakdown_rows`, and the partner
#: for the rows with one that count each fact once): (dimension, key, which rows).
EDGE_ROLLUP = (
    (
        "partners",
        "CAST(t.partner_id AS TEXT)",
        "t.target_group IS NULL AND t.partner_id IS NOT NULL",
    ),
    ("totals", "''", "t.target_group IS NULL"),
    ("provinces", "t.province_code", "t.target_group IS NULL AND t.province_code IS NOT NULL"),
    ("frameworks", "t.framework", "t.target_group IS NULL AND t.framework IS NOT NULL"),
    ("target_groups", "t.target_group", "t.target_group IS NOT NULL"),
)


def _edge_rollup_sql(
    f: IndicatorFilter, to_edge: tuple[date, date] | None, from_edge: tuple[date, date] | None
) -> Sql | None:
    """Per breakdown row (as the roll-ups sum them), the filter's daily rows within the edges
    (the partial months at the ends), in the shape of `_rollup_ends_sql`: each metric's
    count within `to_edge` minus within `from_edge`, then started minus ended within
    `to_edge`. None without an edge. (The edges may overlap: a period inside one month.)"""
    present = [edge for edge in (to_edge, from_edge) if edge is not None]
    if not present:
        return None
    qn = connection.ops.quote_name
    within = " OR ".join(["(t.day >= %s AND t.day <= %s)"] * len(present))
    tally_where, tally_params = _group_filter(f, "t")
    rows = " UNION ALL ".join(
        f"SELECT '{dim}' AS dim, {key} AS k, t.day, t.metric, t.n "
        f"FROM {qn(IndicatorTally._meta.db_table)} t "
        f"WHERE ({within}) AND {which} AND {tally_where}"
        for dim, key, which in EDGE_ROLLUP
    )
    inside = "SUM(CASE WHEN x.metric = %s AND x.day >= %s AND x.day <= %s THEN x.n ELSE 0 END)"
    columns, params = [], []
    for metric in PERIOD_METRICS:
        column = "0"
        for edge, sign in ((to_edge, "+"), (from_edge, "-")):
            if edge is not None:
                column += f" {sign} {inside}"
                params += [metric, *edge]
        columns.append(column)
    if to_edge is None:
        columns.append("0")
    else:
        columns.append(f"{inside} - {inside}")
        params += ["started", *to_edge, "ended", *to_edge]
    days = [day for edge in present for day in edge]
    sql = f"SELECT x.dim, x.k, NULL, {', '.join(columns)} FROM ({rows}) x GROUP BY x.dim, x.k"
    return sql, [*params, *([*days, *tally_params] * len(EDGE_ROLLUP))]


#: The counts of a row of `_rolled_up_counts`, in order.
ROLLED_UP_METRICS = (*PERIOD_METRICS, "active")


def _rolled_up_counts(f: IndicatorFilter) -> list[tuple[str, Any, str | None, tuple[int, ...]]]:
    """Without a partner filter: one row per breakdown row (dimension, key, the partner's
    name, then its `ROLLED_UP_METRICS`: counts in the period and "active" on its last day),
    computed in SQL from the roll-ups up to the two ends and the daily rows of the partial
    months at the ends, in one query; rows with nothing in the period and nothing active are
    left out. Tuples, not dicts: 4,211 partner rows at scale 100."""
    to_month, to_edge = _last_whole_month(f.date_to)
    from_month, from_edge = _last_whole_month(f.date_from - timedelta(days=1))
    ends, params = _rollup_ends_sql(f, to_month, from_month)
    edges = _edge_rollup_sql(f, to_edge, from_edge)
    if edges is not None:
        ends = f"{ends} UNION ALL {edges[0]}"
        params += edges[1]
    width = len(ROLLED_UP_METRICS)
    sums = ", ".join(f"CAST(SUM(u.c{i}) AS INTEGER)" for i in range(width))
    nonzero = " OR ".join(f"SUM(u.c{i}) <> 0" for i in range(width))
    sql = (  # the union's columns are named by its first SELECT (c0, c1, …)
        f"SELECT u.dim, u.k, MAX(u.name), {sums} FROM ({ends}) u "
        f"GROUP BY u.dim, u.k HAVING {nonzero}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (dim, int(key) if dim == "partners" else key, name, tuple(counts))
            for dim, key, name, *counts in cursor.fetchall()
        ]


def _group_of(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["g_partner"], row["g_province"], row["g_framework"], row["g_group"])


def _edge_rows(
    f: IndicatorFilter, edges: list[tuple[date, date] | None]
) -> dict[tuple[Any, ...], list[dict[str, int]]]:
    """Per group, the daily rows' counts within each edge (a partial month), or zeros."""
    present = [(i, edge) for i, edge in enumerate(edges) if edge is not None]
    if not present:
        return {}
    rows: Rows = (
        _tally(f)
        .filter(reduce(operator.or_, (Q(day__range=edge) for _i, edge in present)))
        .values(**GROUP)
        .order_by()
        .annotate(
            **{
                f"{metric}__{i}": Coalesce(Sum("n", filter=Q(metric=metric, day__range=edge)), 0)
                for i, edge in present
                for metric in PREFIX_METRICS
            }
        )
    )
    out: dict[tuple[Any, ...], list[dict[str, int]]] = {}
    for row in rows:
        out[_group_of(row)] = [
            {metric: row.get(f"{metric}__{i}", 0) for metric in PREFIX_METRICS}
            for i in range(len(edges))
        ]
    return out


def _count_rows(f: IndicatorFilter) -> list[dict[str, Any]]:
    """A partner's read (`_rolled_up` is false; the others read `_rolled_up_counts`): one
    row per group, the period's counts and "active on `to`".

    A count over the period is (facts up to `to`) − (facts up to `from` − 1), each the prefix
    sums of the last whole month plus the daily rows of a partial month: two prefix rows per
    group and the daily rows of at most two months, whatever the period's length. Active on
    the last day = started up to `to` minus ended up to `to` (a trajectory ends on or after its
    start, so each ended one was also counted as started).
    """
    to_month, to_edge = _last_whole_month(f.date_to)
    from_month, from_edge = _last_whole_month(f.date_from - timedelta(days=1))
    zeros = dict.fromkeys(PREFIX_METRICS, 0)
    edges = _edge_rows(f, [to_edge, from_edge])
    rows = []
    for row in _prefix_rows(f, to_month, from_month):
        up_to, before = row.pop("ends")
        edge_to, edge_from = edges.get(_group_of(row), [zeros, zeros])
        until = {m: up_to[m] + edge_to[m] for m in PREFIX_METRICS}
        for metric in PERIOD_METRICS:
            row[metric] = until[metric] - before[metric] - edge_from[metric]
        row["active"] = until["started"] - until["ended"]
        rows.append(row)
    return rows


def _unfiltered(f: IndicatorFilter) -> bool:
    return f.partner_id is None and not f.by_employee


def _rolled_up(f: IndicatorFilter) -> bool:
    """Whether the breakdowns' roll-ups of the filter's scope answer it: any filter but a
    partner's (whose few groups are read directly)."""
    return f.partner_id is None


def _scope(f: IndicatorFilter) -> str:
    """The filter's scope in the breakdowns' roll-ups (`models.Scoped`)."""
    return filter_scope(f.province_code, f.framework)


def _whole_years(f: IndicatorFilter) -> tuple[int, int]:
    """The first and the last calendar year wholly inside the period (first > last: none)."""
    first_year = f.date_from.year + (f.date_from != date(f.date_from.year, 1, 1))
    last_year = f.date_to.year - (f.date_to != date(f.date_to.year, 12, 31))
    return first_year, last_year


@dataclass(frozen=True)
class _Grains:
    """A period cut for the duration histograms: whole calendar years (`years`, first and
    last, or None), the whole months outside them (`months`: ranges of first days), and the
    days of at most two partial months (`days`: closed ranges) read from the daily rows."""

    years: tuple[int, int] | None
    months: tuple[tuple[date, date], ...]
    days: tuple[tuple[date, date], ...]


def _grains(f: IndicatorFilter) -> _Grains:
    whole = _whole_months(f)
    if whole is None:
        return _Grains(None, (), ((f.date_from, f.date_to),))
    first, last = whole
    days = []
    if f.date_from < first:
        days.append((f.date_from, first - timedelta(days=1)))
    if f.date_to >= _next_month(last):
        days.append((_next_month(last), f.date_to))
    first_year, last_year = _whole_years(f)
    if first_year > last_year:
        return _Grains(None, ((first, last),), tuple(days))
    months = []
    if first < date(first_year, 1, 1):
        months.append((first, date(first_year - 1, 12, 1)))
    if last > date(last_year, 12, 1):
        months.append((date(last_year + 1, 1, 1), last))
    return _Grains((first_year, last_year), tuple(months), tuple(days))


def _ranges(column: str, ranges: Sequence[tuple[date, date]]) -> Sql:
    """`column` within any of the closed `ranges` (one indexable range each)."""
    sql = " OR ".join([f"({column} >= %s AND {column} <= %s)"] * len(ranges)) or "1 = 0"
    return f"({sql})", [day for pair in ranges for day in pair]


def _grouped_histogram(table: str, bounds: Sql, group_where: str, *, lateral: bool) -> str:
    """The rows of a groups' histogram `table` (yearly or monthly, alias `d`) within `bounds`
    for the groups `group_where` selects: a join, or on PostgreSQL for a page's
    partners (a few hundred groups) a lateral lookup per group through the (group, period,
    days) index. PostgreSQL planned the join as a hash of the whole table (150 ms at scale 100
    for 100 partners' 394 groups, yearly); `OFFSET 0` keeps it from flattening the lateral
    subquery into that same join."""
    qn = connection.ops.quote_name
    columns = "g.partner_id, g.province_code, g.framework, g.target_group"
    if lateral:
        return (
            f"SELECT {columns}, d.days, d.n FROM {qn(IndicatorGroup._meta.db_table)} g "
            f"CROSS JOIN LATERAL (SELECT d.days, d.n FROM {qn(table)} d "
            f"WHERE d.group_id = g.id AND {bounds[0]} OFFSET 0) d WHERE {group_where}"
        )
    return (
        f"SELECT {columns}, d.days, d.n FROM {qn(table)} d "
        f"JOIN {qn(IndicatorGroup._meta.db_table)} g ON g.id = d.group_id "
        f"WHERE {bounds[0]} AND {group_where}"
    )


def _histogram_sql(
    f: IndicatorFilter, partner_ids: Sequence[int] | None = None, *, edges_only: bool = False
) -> tuple[str, list[Any]]:
    """The durations of the outcomes in the period per group: (partner_id, province_code,
    framework, target_group, days, n). Whole calendar years from the yearly histograms, the
    whole months outside them from the monthly ones, and the days of the partial months at
    the ends (at most two) from the daily rows (`_grains`). With `partner_ids`, only the
    groups of those partners; with `edges_only`, only those days (the whole years and months
    read elsewhere)."""
    qn = connection.ops.quote_name
    grains = _grains(f)
    tally_where, tally_params = _group_filter(f, "t", partner_ids)
    group_where, group_params = _group_filter(f, "g", partner_ids)
    outcomes = [f"outcome_{kind}" for kind in OUTCOME_KINDS]
    marks = ", ".join(["%s"] * len(outcomes))
    within, days = _ranges("t.day", grains.days)
    selects = [
        "SELECT t.partner_id, t.province_code, t.framework, t.target_group, t.days, t.n "
        f"FROM {qn(IndicatorTally._meta.db_table)} t WHERE t.metric IN ({marks}) "
        f"AND {within} AND {tally_where}"
    ]
    params: list[Any] = [*outcomes, *days, *tally_params]
    if edges_only:
        return selects[0], params
    lateral = partner_ids is not None and connection.vendor == "postgresql"
    if grains.months:
        bounds = _ranges("d.month", grains.months)
        selects.insert(
            0,
            _grouped_histogram(
                IndicatorDurationMonth._meta.db_table, bounds, group_where, lateral=lateral
            ),
        )
        params[:0] = [*bounds[1], *group_params]
    if grains.years is not None:
        bounds = ("d.year >= %s AND d.year <= %s", list(grains.years))
        selects.insert(
            0,
            _grouped_histogram(
                IndicatorDurationYear._meta.db_table, bounds, group_where, lateral=lateral
            ),
        )
        params[:0] = [*bounds[1], *group_params]
    return " UNION ALL ".join(selects), params


#: The breakdowns of the medians but the partners': (name, key in SQL, which rows of a
#: groups' histogram `h`), as `tally.breakdown_rows` spreads a group's durations over them.
MEDIAN_DIMENSIONS = (
    ("totals", "''", "h.target_group IS NULL"),  # one row: grouped by the days only
    ("provinces", "h.province_code", "h.target_group IS NULL AND h.province_code IS NOT NULL"),
    ("frameworks", "h.framework", "h.target_group IS NULL AND h.framework IS NOT NULL"),
    ("target_groups", "h.target_group", "h.target_group IS NOT NULL"),
)
#: The per-partner breakdown reads `hp`, the histogram of the partners asked for.
PARTNER_DURATIONS = (
    "SELECT 'partners' AS dim, CAST(hp.partner_id AS TEXT) AS k, hp.days AS days, hp.n AS n "
    "FROM hp WHERE hp.target_group IS NULL AND hp.partner_id IS NOT NULL"
)


def _breakdown_durations(
    f: IndicatorFilter, dimensions: Sequence[str] = BREAKDOWN_DIMENSIONS
) -> tuple[list[Sql], Sql]:
    """The CTEs and a SELECT of (dim, k, days, n) rows, to be summed per (dim, k, days), of
    the durations in the period per row of the breakdowns `dimensions` (not the partners').

    Without a partner filter, the whole years come from `IndicatorDurationBreakdownYear` and
    the whole months outside them from `IndicatorDurationBreakdownMonth`, the rows of the
    filter's scope (a few thousand rows whatever the number of partners), and only the days
    of the partial months at the ends from the groups' daily rows; a partner's read (or one
    without a whole month) groups the groups' histogram `h` (the breakdowns' histograms know
    no partner)."""
    qn = connection.ops.quote_name
    per_dimension = " UNION ALL ".join(
        f"SELECT '{name}' AS dim, {key} AS k, h.days AS days, h.n AS n FROM h WHERE {where}"
        for name, key, where in MEDIAN_DIMENSIONS
        if name in dimensions
    )
    grains = _grains(f)
    if not _rolled_up(f) or (grains.years is None and not grains.months):
        histogram, params = _histogram_sql(f)
        return [(f"h AS MATERIALIZED ({histogram})", params)], (per_dimension, [])
    edges = _histogram_sql(f, edges_only=True)
    marks = ", ".join(["%s"] * len(dimensions))
    selects, params = [], []
    for table, bounds in (
        (
            IndicatorDurationBreakdownYear._meta.db_table,
            ("d.year >= %s AND d.year <= %s", list(grains.years or ())),
        ),
        (IndicatorDurationBreakdownMonth._meta.db_table, _ranges("d.month", grains.months)),
    ):
        if bounds[1]:
            selects.append(
                f"SELECT d.dimension AS dim, d.{qn('key')} AS k, d.days AS days, d.n AS n "
                f"FROM {qn(table)} d WHERE d.scope = %s AND {bounds[0]} "
                f"AND d.dimension IN ({marks})"
            )
            params += [_scope(f), *bounds[1], *dimensions]
    return [(f"h AS MATERIALIZED ({edges[0]})", edges[1])], (
        " UNION ALL ".join([*selects, per_dimension]),
        params,
    )


def _with(ctes: list[Sql]) -> Sql:
    """`WITH` and the CTEs, with their parameters in order."""
    return "WITH " + ", ".join(sql for sql, _ in ctes), [p for _, params in ctes for p in params]


def _medians(
    f: IndicatorFilter, partner_ids: Sequence[int] | None = None
) -> dict[tuple[str, str], float]:
    """The exact median duration per breakdown row, computed in SQL: the histogram per row,
    a running sum over the sorted days, and the day(s) holding the middle one(s) (the mean of
    the two middle values if even). One query; at most two rows per breakdown row come back.

    Per partner only for `partner_ids` (a page of the breakdown: only their histogram rows
    are read for it, by a second, restricted histogram), or for every partner when None."""
    ctes, (rows, params) = _breakdown_durations(f)
    selects = [rows]
    if partner_ids is None or partner_ids:
        histogram, hp_params = _histogram_sql(f, partner_ids)
        ctes = [*ctes, (f"hp AS ({histogram})", hp_params)]
        selects.append(PARTNER_DURATIONS)
    with_sql, with_params = _with(ctes)
    sql = (
        f"{with_sql}, b AS (SELECT r.dim, r.k, r.days, CAST(SUM(r.n) AS INTEGER) AS n "
        f"FROM ({' UNION ALL '.join(selects)}) r "
        "GROUP BY r.dim, r.k, r.days HAVING SUM(r.n) <> 0), c AS ("
        "SELECT dim, k, days, n, SUM(n) OVER (PARTITION BY dim, k ORDER BY days "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto, "
        "SUM(n) OVER (PARTITION BY dim, k) AS total FROM b) "
        "SELECT dim, k, days, upto - n, upto, total FROM c "
        "WHERE ((total - 1) / 2 >= upto - n AND (total - 1) / 2 < upto) "
        "OR (total / 2 >= upto - n AND total / 2 < upto)"
    )
    middles: dict[tuple[str, str], list[int | None]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*with_params, *params])
        for dim, key, days, before, upto, total in cursor.fetchall():
            pair = middles.setdefault((dim, key), [None, None])
            for i, wanted in enumerate(((total - 1) // 2, total // 2)):
                if before <= wanted < upto:
                    pair[i] = days
    return {
        key: (lo + hi) / 2 for key, (lo, hi) in middles.items() if lo is not None and hi is not None
    }


def _suspended_rows(f: IndicatorFilter) -> Rows:
    """Active on the last day with a suspension covering it: from the raw tables, as a
    suspension is a state on one day, not an event; few rows cover any day (indexed)."""
    queryset = Trajectory.objects.filter(
        Q(started_on__lte=f.date_to) & (Q(ended_on__isnull=True) | Q(ended_on__gt=f.date_to)),
        Exists(
            Suspension.objects.filter(
                trajectory=OuterRef("pk"), starts_on__lte=f.date_to, ends_on__gte=f.date_to
            )
        ),
    )
    if f.partner_id is not None:
        queryset = queryset.filter(partner_id=f.partner_id)
    if f.province_code is not None:
        queryset = queryset.filter(employee__municipality__province_code=f.province_code)
    if f.framework is not None:
        queryset = queryset.filter(employee__framework=f.framework)
    rows: Rows = (
        queryset.values(
            g_partner=F("partner_id"),
            g_partner_name=F("partner__name"),
            g_province=F("employee__municipality__province_code"),
            g_framework=F("employee__framework"),
            g_groups=F("employee__target_groups"),
        )
        .order_by()
        .annotate(suspended=Count("id"))
    )
    return rows


def _province_names() -> dict[str, str]:
    return dict(
        Municipality.objects.order_by().values_list("province_code", "province_name_nl").distinct()
    )


# --- the roll-up ------------------------------------------------------------------------------


@dataclass
class _Bucket:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    median_duration: float | None = None


@dataclass
class _Rollup:
    totals: _Bucket = field(default_factory=_Bucket)
    partners: dict[int, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    provinces: dict[str, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    frameworks: dict[str, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    target_groups: dict[str, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    partner_names: dict[int, str] = field(default_factory=dict)
    province_names: dict[str, str] = field(default_factory=dict)
    partner_order: list[int] = field(default_factory=list)  # by name, then id
    partner_page: list[int] = field(default_factory=list)  # the partners shown

    def buckets(self, row: dict[str, Any]) -> Iterable[_Bucket]:
        """The totals and the breakdowns a group belongs to: none for a null key (no partner
        for evaluations, no province or framework for mandate decisions).

        A tally row of one target group (`g_group`) counts only in that group's breakdown; a
        raw row with the employee's set (`g_groups`) counts everywhere once and in each group.
        (A roll-up row, one whole breakdown row, is `put`.)"""
        if row.get("g_group") is not None:
            yield self.target_groups[row["g_group"]]
            return
        for group in target_groups_ordered(row.get("g_groups") or ()):
            yield self.target_groups[group]
        yield self.totals
        if row["g_partner"] is not None:
            self.partner_names[row["g_partner"]] = row["g_partner_name"]
            yield self.partners[row["g_partner"]]
        if row["g_province"] is not None:
            yield self.provinces[row["g_province"]]
        if row["g_framework"] is not None:
            yield self.frameworks[row["g_framework"]]

    def bucket(self, dimension: str, key: Any, partner_name: str | None) -> _Bucket:
        """The bucket of one breakdown row (a partner's with its name)."""
        if dimension == "totals":
            return self.totals
        if dimension == "partners":
            self.partner_names[key] = partner_name or self.partner_names.get(key, "")
        breakdown: dict[Any, _Bucket] = getattr(self, dimension)  # the attribute's name
        return breakdown[key]

    def add(self, rows: Iterable[dict[str, Any]], metrics: Iterable[str]) -> None:
        names = tuple(metrics)
        for row in rows:
            for bucket in self.buckets(row):
                for name in names:
                    bucket.counts[name] += row[name]

    def put(
        self, rows: Iterable[tuple[str, Any, str | None, tuple[int, ...]]], metrics: Sequence[str]
    ) -> None:
        """Rows of `_rolled_up_counts`, each a whole breakdown row (dimension, key, partner
        name, counts in the order of `metrics`): set, not summed row by row."""
        for dimension, key, partner_name, counts in rows:
            self.bucket(dimension, key, partner_name).counts.update(
                zip(metrics, counts, strict=True)
            )

    def add_medians(self, medians: dict[tuple[str, str], float]) -> None:
        """The medians of `_medians`, on the breakdown rows the counts opened (an outcome in
        the period is counted, so its rows are open)."""
        self.totals.median_duration = medians.get(("totals", ""))
        breakdowns: tuple[tuple[str, dict[Any, _Bucket]], ...] = (
            ("partners", self.partners),
            ("provinces", self.provinces),
            ("frameworks", self.frameworks),
            ("target_groups", self.target_groups),
        )
        for name, buckets in breakdowns:
            for key, bucket in buckets.items():
                bucket.median_duration = medians.get((name, str(key)))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _metrics(bucket: _Bucket, *, evaluations: bool, mandates: bool) -> dict[str, Any]:
    """One set of metrics; `evaluations`/`mandates` say whether those metrics apply here."""
    c = bucket.counts
    outcomes = {kind: c[f"outcome_{kind}"] for kind in OUTCOME_KINDS}
    return {
        "evaluations": c["evaluations"] if evaluations else None,
        "transition_decisions": c["transition_decisions"] if evaluations else None,
        "referrals": c["referrals"],
        "started": c["started"],
        "active": c["active"],
        "suspended": c["suspended"],
        "outcomes": outcomes,
        "share_hired": _share(outcomes[OutcomeKind.HIRED], sum(outcomes.values())),
        "median_duration_days": bucket.median_duration,
        "mandate_decisions": c["mandate_decisions"] if mandates else None,
        "mandate_decisions_within_target": (
            c["mandate_decisions_within_target"] if mandates else None
        ),
        "share_within_target": (
            _share(c["mandate_decisions_within_target"], c["mandate_decisions"])
            if mandates
            else None
        ),
    }


#: The per-partner breakdown's page size: by default, and at most (API `partner_page_size`).
PARTNER_PAGE_SIZE = 100
PARTNER_PAGE_SIZE_MAX = 500


@dataclass(frozen=True)
class PartnerPage:
    """Which rows of the per-partner breakdown (by partner name, then id) `indicators` gives:
    page `number` (1-based) of `size` rows, or every row when `size` is None."""

    number: int = 1
    size: int | None = PARTNER_PAGE_SIZE

    def of(self, ordered: list[int]) -> list[int]:
        if self.size is None:
            return ordered
        start = (self.number - 1) * self.size
        return ordered[start : start + self.size]


def _collect(f: IndicatorFilter, page: PartnerPage, *, partner_medians: bool) -> _Rollup:
    rollup = _Rollup()
    if _rolled_up(f):  # one row per breakdown row, in SQL (rows with nothing left out there)
        rollup.put(_rolled_up_counts(f), ROLLED_UP_METRICS)
    else:
        counts = [
            row
            for row in _count_rows(f)
            # A group with only facts before the period (all ended) is not in the breakdowns.
            if row["active"] or any(row[name] for name in PERIOD_METRICS)
        ]
        rollup.add(counts, ROLLED_UP_METRICS)
    rollup.add(_suspended_rows(f), ("suspended",))
    # The counts of every partner (exact, from the prefix rows) give the order and the count;
    # the medians are computed for the page's partners only.
    rollup.partner_order = sorted(rollup.partners, key=lambda p: (rollup.partner_names[p], p))
    rollup.partner_page = page.of(rollup.partner_order)
    if page.size is None and partner_medians:
        rollup.add_medians(_medians(f))
    else:
        rollup.add_medians(_medians(f, rollup.partner_page if partner_medians else []))
    rollup.province_names = _province_names()
    return rollup


def indicators(
    f: IndicatorFilter, page: PartnerPage | None = None, *, partner_medians: bool = True
) -> dict[str, Any]:
    """The R5 indicators for the closed period `date_from`..`date_to`, JSON-ready.

    The per-partner breakdown holds `page` of the partners (by name, then id; the first
    `PARTNER_PAGE_SIZE` by default, every partner with `PartnerPage(size=None)`), and
    `per_partner_count` how many partners it has in all. Without `partner_medians` the
    per-partner rows carry no median (`null`): for callers that show none (the dashboard).

    No personal data: only counts, rates, a median, and organisation and province names.
    """
    evaluations = f.partner_id is None
    mandates = not f.by_employee
    rollup = _collect(f, page or PartnerPage(), partner_medians=partner_medians)
    return {
        "period": {"from": f.date_from.isoformat(), "to": f.date_to.isoformat()},
        "filters": {
            "partner": f.partner_id,
            "province": f.province_code,
            "framework": f.framework,
        },
        "totals": _metrics(rollup.totals, evaluations=evaluations, mandates=mandates),
        "per_partner_count": len(rollup.partner_order),
        "per_partner": [
            {
                "partner": partner_id,
                "partner_name": rollup.partner_names[partner_id],
                **_metrics(rollup.partners[partner_id], evaluations=False, mandates=mandates),
            }
            for partner_id in rollup.partner_page
        ],
        "per_province": [
            {
                "province_code": code or None,
                "province_name": rollup.province_names.get(code) or None,
                **_metrics(bucket, evaluations=evaluations, mandates=False),
            }
            for code, bucket in sorted(rollup.provinces.items())
        ],
        "per_framework": [
            {"framework": framework, **_metrics(bucket, evaluations=evaluations, mandates=False)}
            for framework, bucket in sorted(rollup.frameworks.items())
        ],
        "per_target_group": [
            {
                "target_group": group,
                **_metrics(rollup.target_groups[group], evaluations=evaluations, mandates=False),
            }
            for group in target_groups_ordered(rollup.target_groups)
        ],
    }


# --- series and choices for the dashboard's charts and filters (R5) ---------------------------

DURATION_BOUNDS: tuple[int, ...] = (30, 90, 180, 365)


def _month_starts(date_from: date, date_to: date) -> list[date]:
    """The first day of every calendar month that the closed period touches."""
    months = []
    month = date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


SERIES_METRICS = ("started", *(f"outcome_{kind}" for kind in OUTCOME_KINDS))


def _whole_months(f: IndicatorFilter) -> tuple[date, date] | None:
    """The first days of the first and the last calendar month wholly inside the period."""
    first = f.date_from if f.date_from.day == 1 else _next_month(f.date_from)
    last, _edge = _last_whole_month(f.date_to)
    return (first, last) if first <= last else None


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _monthly_from_prefixes(f: IndicatorFilter, first: date, last: date) -> list[tuple[Any, ...]]:
    """(month, started, outcomes per kind) for the whole months `first`..`last`: per group the
    difference between a month's prefix row and the group's previous row, summed per month.
    Prefix rows only: no daily rows and no per-row date function. Without a partner filter,
    the totals' roll-up `IndicatorMonthTotal` of the filter's scope instead (a few rows per
    month, summed)."""
    qn = connection.ops.quote_name
    if _rolled_up(f):
        sql = (
            f"SELECT t.month, {', '.join(f'SUM(t.{qn(m)})' for m in SERIES_METRICS)} "
            f"FROM {qn(IndicatorMonthTotal._meta.db_table)} t WHERE t.scope = %s "
            "AND t.dimension = %s AND t.month >= %s AND t.month <= %s GROUP BY t.month"
        )
        params: list[Any] = [_scope(f), "totals", first, last]
    else:
        sql, params = _monthly_from_groups(f, first, last)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (month if isinstance(month, date) else date.fromisoformat(str(month)), *counts)
            for month, *counts in cursor.fetchall()
        ]


def _monthly_from_groups(f: IndicatorFilter, first: date, last: date) -> tuple[str, list[Any]]:
    """`_monthly_from_prefixes` over the groups the filter selects (a LAG over their rows)."""
    qn = connection.ops.quote_name
    where, params = _group_filter(f, "g")
    lagged = ", ".join(
        f"p.{qn(m)} - COALESCE(LAG(p.{qn(m)}) OVER (PARTITION BY p.group_id ORDER BY p.month), 0) "
        f"AS {qn(m)}"
        for m in SERIES_METRICS
    )
    sums = ", ".join(f"SUM(x.{qn(m)})" for m in SERIES_METRICS)
    sql = (
        f"SELECT x.month, {sums} FROM (SELECT p.month, {lagged} "
        f"FROM {qn(IndicatorPrefix._meta.db_table)} p "
        f"JOIN {qn(IndicatorGroup._meta.db_table)} g ON g.id = p.group_id "
        f"WHERE g.kind = %s AND g.target_group IS NULL AND p.month <= %s AND {where}) x "
        "WHERE x.month >= %s GROUP BY x.month"
    )
    return sql, [CROSS, last, *params, first]


def monthly_series(f: IndicatorFilter) -> list[dict[str, Any]]:
    """Per calendar month of the period: trajectories started and outcomes per kind (R5).

    The whole months from the prefix sums (one query), the months cut by the period from the
    daily rows of their days inside it (one query, only when the period cuts a month). Every
    month the period touches is present, with zeros where nothing happened, so the months add
    up to the totals of `indicators(f)` (`started` and `outcomes`). Counts only.
    """
    started: dict[date, int] = defaultdict(int)
    outcomes: dict[date, dict[str, Any]] = defaultdict(dict)
    whole = _whole_months(f)
    if whole is None:
        days = [(f.date_from, f.date_to)]
    else:
        days = []
        if f.date_from < whole[0]:
            days.append((f.date_from, whole[0] - timedelta(days=1)))
        after = _next_month(whole[1])
        if f.date_to >= after:
            days.append((after, f.date_to))
        for month, *counts in _monthly_from_prefixes(f, *whole):
            for metric, n in zip(SERIES_METRICS, counts, strict=True):
                if metric == "started":
                    started[month] += n
                else:
                    key = f"n_{metric.removeprefix('outcome_')}"
                    outcomes[month][key] = outcomes[month].get(key, 0) + n
    facts = (
        _tally(f, per_group=False)
        .filter(
            reduce(operator.or_, (Q(day__range=part) for part in days)),
            metric__in=SERIES_METRICS,
        )
        .annotate(month=TruncMonth("day"))
        .values("month", "metric")
        .order_by()
        .annotate(total=Sum("n"))
        if days
        else []
    )
    for fact in facts:
        if fact["metric"] == "started":
            started[fact["month"]] += fact["total"]
        else:
            key = f"n_{fact['metric'].removeprefix('outcome_')}"
            outcomes[fact["month"]][key] = outcomes[fact["month"]].get(key, 0) + fact["total"]
    series = []
    for month in _month_starts(f.date_from, f.date_to):
        row: dict[str, Any] = outcomes.get(month, {})
        kinds: dict[str, int] = {kind: row.get(f"n_{kind}", 0) for kind in OUTCOME_KINDS}
        series.append(
            {
                "month": month,
                "started": started.get(month, 0),
                "outcomes": kinds,
                "outcomes_total": sum(kinds.values()),
            }
        )
    return series


def duration_distribution(
    f: IndicatorFilter, bounds: tuple[int, ...] = DURATION_BOUNDS
) -> list[dict[str, Any]]:
    """How long the trajectories with an outcome in the period ran, in buckets of days (R5).

    The same trajectories and days as the median of `indicators(f)` (outcome date minus start
    date). Buckets are closed: with bounds (30, 90) they are 0–30, 31–90 and 91 or more
    (`max_days` is `None` for the last). One query over the totals' histogram of durations.
    """
    counts = [0] * (len(bounds) + 1)
    ctes, (rows, params) = _breakdown_durations(f, ("totals",))
    with_sql, with_params = _with(ctes)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{with_sql} SELECT r.days, SUM(r.n) FROM ({rows}) r GROUP BY r.days",
            [*with_params, *params],
        )
        for days, n in cursor.fetchall():
            length = days or 0  # outcome rows always carry their duration (never null)
            counts[next((i for i, bound in enumerate(bounds) if length <= bound), len(bounds))] += n
    lows = (0, *(bound + 1 for bound in bounds))
    highs: tuple[int | None, ...] = (*bounds, None)
    return [
        {"min_days": low, "max_days": high, "count": n}
        for low, high, n in zip(lows, highs, counts, strict=True)
    ]


def _partners(organisations: QuerySet[Any, Any], *order: str) -> QuerySet[Any, Any]:
    """Of `organisations` (rows of pk, name and what `order` names first), those the
    indicators can be filtered on: with a mandate, a referral or a trajectory, in `order`,
    then by name. One semi-join per table, UNION: the three EXISTS OR-ed in one WHERE cannot
    be planned as joins (a subplan per organisation)."""
    partner = OuterRef("pk")
    with_mandate, *others = (
        organisations.filter(Exists(Mandate.objects.filter(organisation=partner))),
        organisations.filter(Exists(Referral.objects.filter(partner=partner))),
        organisations.filter(Exists(Trajectory.objects.filter(partner=partner))),
    )
    return with_mandate.union(*others).order_by(*order, "name", "pk")


def partner_search(text: str, limit: int) -> list[tuple[int, str]]:
    """At most `limit` partners whose name holds `text`, any case: the one(s) named `text`
    exactly (any case) first, then by name. The dashboard's partner field searches instead
    of listing every partner (4,000 options at scale 100); the exact name first, so that a
    partner whose whole name is part of many others' can still be chosen by it. One query;
    `icontains` escapes the LIKE wildcards; organisation names are not personal data."""
    names = (
        Organisation.objects.order_by()
        .filter(name__icontains=text)
        .annotate(other=Case(When(name__iexact=text, then=Value(0)), default=Value(1)))
    )
    found = _partners(names.values_list("pk", "name", "other"), "other")[:limit]
    return [(pk, name) for pk, name, _other in found]


def partner_name(partner_id: int) -> str | None:
    """The name of the partner `partner_id`, or None when no such organisation can be filtered
    on (unknown, or without mandate, referral and trajectory). One query."""
    found = _partners(
        Organisation.objects.order_by().filter(pk=partner_id).values_list("pk", "name")
    )
    return next((name for _pk, name in found), None)


def province_choices() -> list[tuple[str, str]]:
    """The provinces (NIS code, Dutch name) the indicators can be filtered on. One query."""
    return list(
        Municipality.objects.exclude(province_code="")
        .order_by("province_code")
        .values_list("province_code", "province_name_nl")
        .distinct()
    )
