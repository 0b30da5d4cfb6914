"""Keeping `IndicatorTally` equal to the facts (R5).

`facts(scope)` counts the tally's keys from the raw tables, for everything (`rebuild`,
`verify`) or for one object's facts (the signal handlers below). A write moves the tally by
the difference between the object's facts after and before it, so one function defines what
the tally holds, and an employee who moves or changes framework moves all their facts.

The handlers run on `pre_save`/`post_save`/`pre_delete`/`post_delete` of the source models:
inside the service's transaction (every service write is atomic), and also for writes that do
not go through a service (tests' builders, the admin). Bulk loads (`bench_data`) bypass the
signals and call `rebuild` once at the end.
"""

# ruff: noqa: S608 (raw SQL here names only tables and columns of the models; values are parameters)
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from doorstroom.common.dbfunctions import DaysBetween
from doorstroom.monitoring.models import CROSS, PARTNER
from doorstroom.rules.codes import ALL_TARGET_GROUPS, target_groups_ordered
from doorstroom.rules.mandates import decided_within_target

# (day, metric, partner_id, province_code, framework, days)
Key = tuple[date, str, int | None, str | None, str | None, int | None]
# A row of the tally: a Key and the target group (None: the row counts each fact once; a code:
# the same fact counted once more for each target group of the employee, R6–R8 "en/of").
TallyKey = tuple[date, str, int | None, str | None, str | None, int | None, str | None]
TRANSITION = "transition"
#: Endings of a mandate dossier that are no decision by VDAB (R15): a withdrawal by the
#: applicant. Approvals, rejections and declarations of inadmissibility count as decisions.
NOT_DECISIONS = ("withdrawn",)


@dataclass(frozen=True)
class Scope:
    """Which facts to count: a filter per source table, None to skip that table."""

    evaluations: Q | None = None
    referrals: Q | None = None
    trajectories: Q | None = None
    outcomes: Q | None = None
    decisions: Q | None = None


EVERYTHING = Scope(Q(), Q(), Q(), Q(), Q())


def _models(apps: Any = None) -> dict[str, Any]:
    """The current models, or a migration's historical ones."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    return {
        "Evaluation": apps.get_model("employees", "Evaluation"),
        "Referral": apps.get_model("referrals", "Referral"),
        "Trajectory": apps.get_model("trajectories", "Trajectory"),
        "Outcome": apps.get_model("trajectories", "Outcome"),
        "Decision": apps.get_model("mandates", "Decision"),
        "IndicatorTally": apps.get_model("monitoring", "IndicatorTally"),
        **{
            # absent before migration monitoring.0003 (an older migration rebuilds the tally)
            name: _model_or_none(apps, name)
            for name in (
                "IndicatorGroup",
                "IndicatorPrefix",
                "IndicatorDurationYear",
                "IndicatorDurationBreakdownYear",  # from monitoring.0004
                "IndicatorMonthTotal",  # from monitoring.0005
                "IndicatorDurationMonth",  # from monitoring.0007
                "IndicatorDurationBreakdownMonth",  # from monitoring.0007
            )
        },
    }


def _model_or_none(apps: Any, name: str) -> Any:
    try:
        return apps.get_model("monitoring", name)
    except LookupError:
        return None


def _group(prefix: str) -> dict[str, F]:
    return {
        "g_province": F(f"{prefix}municipality__province_code"),
        "g_framework": F(f"{prefix}framework"),
        "g_groups": F(f"{prefix}target_groups"),
    }


def facts(scope: Scope, apps: Any = None) -> Counter[TallyKey]:  # noqa: C901 (one branch per table)
    """The tally's counts for the facts in `scope`, from the raw tables (zero counts left out)."""
    m = _models(apps)
    out: Counter[Key] = Counter()
    grouped: Counter[TallyKey] = Counter()

    def count(key: Key, n: int, groups: list[str] | None) -> None:
        """A fact of an employee: once, and once more per target group of the employee."""
        out[key] += n
        for group in target_groups_ordered(groups or ()):
            grouped[(*key, group)] += n

    if scope.evaluations is not None:
        for r in (
            m["Evaluation"]
            .objects.filter(scope.evaluations)
            .values("evaluated_on", "decision", **_group("employee__"))
            .annotate(n=Count("id"))
            .order_by()
        ):
            key = (r["g_province"], r["g_framework"], None)
            count((r["evaluated_on"], "evaluations", None, *key), r["n"], r["g_groups"])
            if r["decision"] == TRANSITION:
                count(
                    (r["evaluated_on"], "transition_decisions", None, *key), r["n"], r["g_groups"]
                )
    if scope.referrals is not None:
        for r in (
            m["Referral"]
            .objects.filter(scope.referrals)
            .values("referred_on", "partner_id", **_group("employee__"))
            .annotate(n=Count("id"))
            .order_by()
        ):
            count(
                (
                    r["referred_on"],
                    "referrals",
                    r["partner_id"],
                    r["g_province"],
                    r["g_framework"],
                    None,
                ),
                r["n"],
                r["g_groups"],
            )
    if scope.trajectories is not None:
        trajectories = m["Trajectory"].objects.filter(scope.trajectories)
        for field, metric in (("started_on", "started"), ("ended_on", "ended")):
            for r in (
                trajectories.filter(**{f"{field}__isnull": False})
                .values(field, "partner_id", **_group("employee__"))
                .annotate(n=Count("id"))
                .order_by()
            ):
                count(
                    (r[field], metric, r["partner_id"], r["g_province"], r["g_framework"], None),
                    r["n"],
                    r["g_groups"],
                )
    if scope.outcomes is not None:
        for r in (
            m["Outcome"]
            .objects.filter(scope.outcomes)
            .values(
                "on",
                "kind",
                g_partner=F("trajectory__partner_id"),
                g_start=F("trajectory__started_on"),
                **_group("trajectory__employee__"),
            )
            .annotate(n=Count("id"))
            .order_by()
        ):
            days = (r["on"] - r["g_start"]).days
            count(
                (
                    r["on"],
                    f"outcome_{r['kind']}",
                    r["g_partner"],
                    r["g_province"],
                    r["g_framework"],
                    days,
                ),
                r["n"],
                r["g_groups"],
            )
    if scope.decisions is not None:
        for r in (
            m["Decision"]
            .objects.filter(scope.decisions)
            .exclude(outcome__in=NOT_DECISIONS)
            .values(
                "decided_on",
                g_partner=F("application__organisation_id"),
                g_due=F("application__decision_due_on"),
            )
            .annotate(n=Count("id"))
            .order_by()
        ):
            out[(r["decided_on"], "mandate_decisions", r["g_partner"], None, None, None)] += r["n"]
            if decided_within_target(decided_on=r["decided_on"], due_on=r["g_due"]):
                out[
                    (
                        r["decided_on"],
                        "mandate_decisions_within_target",
                        r["g_partner"],
                        None,
                        None,
                        None,
                    )
                ] += r["n"]
    counted: Counter[TallyKey] = Counter({(*key, None): n for key, n in out.items()})
    counted.update(grouped)
    return counted


def _fields(key: TallyKey) -> dict[str, Any]:
    day, metric, partner_id, province_code, framework, days, target_group = key
    return {
        "day": day,
        "metric": metric,
        "partner_id": partner_id,
        "province_code": province_code,
        "framework": framework,
        "days": days,
        "target_group": target_group,
    }


def apply(delta: Counter[TallyKey] | dict[TallyKey, int]) -> None:
    """Add `delta` to the tally: one UPDATE per key, an INSERT for a key not yet there.

    Keys are applied in one fixed order, so two transactions that touch the same rows lock
    them in the same order and cannot deadlock each other. A key's count goes to its first
    row by id: two writers that raced to insert the same key leave two rows, and adding to
    both would count every later fact twice. (Per key, not in one statement like
    `add_to_rows`: a match on nullable columns would not use the tally's index on
    PostgreSQL.)"""
    from doorstroom.monitoring.models import IndicatorTally

    for key, n in sorted(delta.items(), key=lambda item: repr(item[0])):
        if not n:
            continue
        fields = _fields(key)
        lookup = {
            f"{k}__isnull" if v is None else k: True if v is None else v for k, v in fields.items()
        }
        first = (
            IndicatorTally.objects.filter(**lookup)
            .order_by()
            .values("metric")
            .annotate(first=Min("pk"))
            .values("first")
        )
        if not IndicatorTally.objects.filter(pk=Subquery(first)).update(n=F("n") + n):
            IndicatorTally.objects.create(n=n, **fields)
    # The writer's transaction, or one of its own for a write outside any (the group lock of
    # `select_for_update` needs one on PostgreSQL).
    with transaction.atomic():
        _move_prefixes(delta)


# --- prefix sums and yearly histograms (read by the selectors for whole months and years) ----

GroupFields = tuple[int | None, str | None, str | None, str | None]
Sql = tuple[str, list[Any]]


def group_key(
    partner_id: int | None, province: str | None, framework: str | None, target: str | None
) -> str:
    """The unique spelling of a group: "~" for a null field ("" stays "", no province)."""
    return "|".join("~" if v is None else str(v) for v in (partner_id, province, framework, target))


def month_of(day: date) -> date:
    return day.replace(day=1)


def _move_prefixes(delta: Counter[TallyKey] | dict[TallyKey, int]) -> None:
    """Move the prefix sums and the yearly and monthly histograms by `delta`, in the writer's
    transaction.

    Per group (in key order, so concurrent writers lock groups in the same order): lock the
    group's row, give each month of the delta a row if it has none (a copy of the group's
    latest row before it: the prefix sums do not change by adding a row), then add the delta
    to that month's row and every later one. The group lock makes the copy and the additions
    of two writers of the same group happen one after the other."""
    from doorstroom.monitoring.models import (
        PREFIX_METRICS,
        IndicatorDurationMonth,
        IndicatorDurationYear,
    )

    per_group: dict[GroupFields, Counter[tuple[date, str]]] = {}
    durations: dict[GroupFields, Counter[tuple[int, int]]] = {}
    month_durations: dict[GroupFields, Counter[tuple[date, int]]] = {}
    for (day, metric, partner_id, province, framework, days, target), n in delta.items():
        if not n or metric not in PREFIX_METRICS:
            continue
        fields = (partner_id, province, framework, target)
        per_group.setdefault(fields, Counter())[(month_of(day), metric)] += n
        if days is not None:
            durations.setdefault(fields, Counter())[(day.year, days)] += n
            month_durations.setdefault(fields, Counter())[(month_of(day), days)] += n
    per_partner: dict[int, Counter[tuple[date, str]]] = {}
    years: Counter[tuple[int, int, int]] = Counter()
    months: Counter[tuple[int, date, int]] = Counter()
    for fields in sorted(per_group, key=lambda g: group_key(*g)):
        partner_id, province, framework, target = fields
        group = _locked_group(group_key(*fields), partner_id, province, framework, target)
        _move_group(group, per_group[fields])
        for (year, days), n in durations.get(fields, Counter()).items():
            years[(group.pk, year, days)] += n
        for (month, days), n in month_durations.get(fields, Counter()).items():
            months[(group.pk, month, days)] += n
        if partner_id is not None and target is None:
            per_partner.setdefault(partner_id, Counter()).update(per_group[fields])
    # The groups' own histograms, under their locks (a unique key: one row per key).
    add_to_rows(IndicatorDurationYear, ("group", "year", "days"), years, lock=False)
    add_to_rows(IndicatorDurationMonth, ("group", "month", "days"), months, lock=False)
    # The partners' roll-ups after every cross group (one lock order for all writers).
    for partner_id in sorted(per_partner, key=partner_key):
        group = _locked_group(partner_key(partner_id), partner_id, None, None, None, PARTNER)
        _move_group(group, per_partner[partner_id])
    _move_breakdowns(durations, "IndicatorDurationBreakdownYear", "year")
    _move_breakdowns(month_durations, "IndicatorDurationBreakdownMonth", "month")
    _move_month_totals(per_group)


def partner_key(partner_id: int) -> str:
    """The key of a partner's roll-up group (`IndicatorGroup.kind` "partner"): no cross
    group's key has a ":"."""
    return f"partner:{partner_id}"


def _locked_group(
    key: str,
    partner_id: int | None,
    province: str | None,
    framework: str | None,
    target: str | None,
    kind: str = CROSS,
) -> Any:
    """The group of `key` (created if new), its row locked until the transaction ends: read
    with `FOR UPDATE`, or inserted (a new row is the inserter's until it commits; a writer
    that raced to insert it too waits on the unique key, then reads it locked)."""
    from doorstroom.monitoring.models import IndicatorGroup

    group, _ = IndicatorGroup.objects.select_for_update().get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "partner_id": partner_id,
            "province_code": province,
            "framework": framework,
            "target_group": target,
        },
    )
    return group


def _move_month_totals(per_group: dict[GroupFields, Counter[tuple[date, str]]]) -> None:
    """Add the groups' monthly counts to the breakdowns' roll-up (`breakdown_rows`: the
    totals, provinces and frameworks over the groups that count each fact once, a target
    group over its own): one INSERT of one row per breakdown row and month moved, after the
    groups' locks. Insert-only deltas, no lock and no UPDATE: a row lock here would be taken
    by every writer (one totals row for all)."""
    from doorstroom.monitoring.models import IndicatorMonthTotal

    rows: dict[tuple[str, str, str, date], Counter[str]] = {}
    for (_partner, province, framework, target), counts in per_group.items():
        for scope in filter_scopes(province, framework):
            for dimension, key in breakdown_rows(province, framework, target):
                for (month, metric), n in counts.items():
                    rows.setdefault((scope, dimension, key, month), Counter())[metric] += n
    IndicatorMonthTotal.objects.bulk_create(
        IndicatorMonthTotal(
            scope=scope,
            dimension=dimension,
            key=key,
            month=month,
            **{k: n for k, n in counts.items() if n},
        )
        for (scope, dimension, key, month), counts in sorted(rows.items())
        if any(counts.values())
    )


def breakdown_rows(
    province: str | None, framework: str | None, target: str | None
) -> list[tuple[str, str]]:
    """The (dimension, key) rows of `IndicatorDurationBreakdownYear` a group's durations count
    in: a target group's rows only in that group's, the others in the totals and in their
    province and framework (none where null), as the selectors' breakdowns count them."""
    if target is not None:
        return [("target_groups", target)]
    rows = [("totals", "")]
    if province is not None:
        rows.append(("provinces", province))
    if framework is not None:
        rows.append(("frameworks", framework))
    return rows


def filter_scopes(province: str | None, framework: str | None) -> list[str]:
    """The filters of the indicators (no partner) under which a group's facts count, spelled
    as `IndicatorMonthTotal.scope` and the breakdowns' histograms' (`models.Scoped`): always
    unfiltered (""), and by its province, its framework and both where it has them (mandate
    decisions have neither: a province or framework filter leaves them out)."""
    out = [""]
    if province is not None:
        out.append(filter_scope(province, None))
    if framework is not None:
        out.append(filter_scope(None, framework))
    if province is not None and framework is not None:
        out.append(filter_scope(province, framework))
    return out


def filter_scope(province: str | None, framework: str | None) -> str:
    """The scope of a filter by `province` and/or `framework` (None: not filtered on it)."""
    parts = [] if province is None else [f"p:{province}"]
    return "|".join(parts + ([] if framework is None else [f"f:{framework}"]))


#: `filter_scopes` in SQL over the groups' table aliased `g`: (the scope, which groups count
#: in it).
FILTER_SCOPES_SQL = (
    ("''", "1 = 1"),
    ("'p:' || g.province_code", "g.province_code IS NOT NULL"),
    ("'f:' || g.framework", "g.framework IS NOT NULL"),
    (
        "'p:' || g.province_code || '|f:' || g.framework",
        "g.province_code IS NOT NULL AND g.framework IS NOT NULL",
    ),
)


def _move_breakdowns(
    durations: dict[GroupFields, Counter[tuple[Any, int]]], model_name: str, period: str
) -> None:
    """Add the groups' durations per `period` ("year" or "month") to the breakdowns'
    histograms `model_name` (after the groups' locks, like the tally's own rows; rows only
    ever summed). Every writer adds to the same few rows (the totals'), so they are locked
    in one order (`add_to_rows`)."""
    from django.apps import apps

    moved: Counter[tuple[str, str, str, Any, int]] = Counter()
    for (_partner, province, framework, target), counts in durations.items():
        for scope in filter_scopes(province, framework):
            for dimension, key in breakdown_rows(province, framework, target):
                for (when, days), n in counts.items():
                    moved[(scope, dimension, key, when, days)] += n
    model = apps.get_model("monitoring", model_name)
    add_to_rows(model, ("scope", "dimension", "key", period, "days"), moved, lock=True)


#: Keys per statement of `add_to_rows`: well within the parameters a statement may have
#: (SQLite 32,766, PostgreSQL 65,535) at seven a key.
ROWS_PER_STATEMENT = 500


def add_to_rows(
    model: Any, columns: tuple[str, ...], moved: Counter[tuple[Any, ...]], *, lock: bool
) -> None:
    """Add each count of `moved` (by its values of the key `columns`) to `n` of one row of
    `model` with that key, and insert a row for a key that has none: three statements for up
    to `ROWS_PER_STATEMENT` keys, where one UPDATE per key and an INSERT for a new one took up
    to 82 for an outcome (docs/performance.md, "the tally's write cost").

    - One row per key: where two writers raced to insert the same key (the breakdowns'
      histograms have no unique key: a duplicate is harmless to readers who sum), the count
      goes to the first row by id, not to every copy (which would count it twice).
    - `lock`: the UPDATE locks its rows in id order before it changes them, so two writers
      that move the same rows (every outcome moves the totals') take their locks in one order
      and cannot deadlock. Not needed where the caller holds a lock that covers the rows (a
      group's own histograms, under the group's lock); SQLite has one writer at a time.
    """
    moved = Counter({key: n for key, n in moved.items() if n})
    if not moved:
        return
    fields = [model._meta.get_field(column) for column in columns]
    keys = sorted(moved, key=repr)
    hits: list[tuple[Any, ...]] = []
    for start in range(0, len(keys), ROWS_PER_STATEMENT):
        hits += _first_rows(model, fields, keys[start : start + ROWS_PER_STATEMENT], moved)
    hits.sort()
    for start in range(0, len(hits), ROWS_PER_STATEMENT):
        _add_by_id(model, hits[start : start + ROWS_PER_STATEMENT], lock=lock)
    there = {tuple(f.to_python(v) for f, v in zip(fields, row[2:], strict=True)) for row in hits}
    model.objects.bulk_create(
        (
            model(n=moved[key], **{f.attname: v for f, v in zip(fields, key, strict=True)})
            for key in keys
            if key not in there
        ),
        batch_size=ROWS_PER_STATEMENT,
    )


def _first_rows(
    model: Any, fields: list[Any], keys: list[tuple[Any, ...]], moved: Counter[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """(id, count to add, key values) of the first row by id of each of `keys` that has one."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    values, params = _values_cte(
        "v", [*fields, model._meta.get_field("n")], [(*k, moved[k]) for k in keys]
    )
    match = " AND ".join(f"d.{qn(f.column)} = v.{qn(f.column)}" for f in fields)
    key = ", ".join(f"v.{qn(f.column)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{values} SELECT MIN(d.id), v.n, {key} FROM v JOIN {table} d ON {match} "
            f"GROUP BY {key}, v.n",
            params,
        )
        return [tuple(row) for row in cursor.fetchall()]


def _add_by_id(model: Any, hits: list[tuple[Any, ...]], *, lock: bool) -> None:
    """Add each hit's count to its row (by id); `lock`: lock the rows in id order first."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    values, params = _values_cte(
        "x", [model._meta.pk, model._meta.get_field("n")], [(row[0], row[1]) for row in hits]
    )
    rows = "SELECT x.id FROM x"
    if lock and connection.features.has_select_for_update:
        rows = f"SELECT l.id FROM {table} l WHERE l.id IN ({rows}) ORDER BY l.id FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(
            f"{values} UPDATE {table} SET n = n + (SELECT x.n FROM x WHERE x.id = {table}.id) "
            f"WHERE id IN ({rows})",
            params,
        )


def _values_cte(name: str, fields: list[Any], rows: list[tuple[Any, ...]]) -> Sql:
    """`WITH name (columns) AS (VALUES …)`: `rows` as a table named like `fields`' columns,
    each value cast to its column's type on PostgreSQL (a parameter in VALUES is text there)."""
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        marks = [f"CAST(%s AS {f.cast_db_type(connection)})" for f in fields]
    else:
        marks = ["%s"] * len(fields)
    row = f"({', '.join(marks)})"
    names = ", ".join(qn(f.column) for f in fields)
    sql = f"WITH {name} ({names}) AS (VALUES {', '.join([row] * len(rows))})"
    return sql, [value for values in rows for value in values]


def _move_group(group: Any, counts: Counter[tuple[date, str]]) -> None:
    """Add one (locked) group's monthly counts to its prefix sums."""
    from doorstroom.monitoring.models import PREFIX_METRICS, IndicatorPrefix

    months: dict[date, dict[str, int]] = {}
    for (month, metric), n in counts.items():
        if n:
            months.setdefault(month, {})[metric] = n
    for month in sorted(months):
        if not IndicatorPrefix.objects.filter(group=group, month=month).exists():
            before = (
                IndicatorPrefix.objects.filter(group=group, month__lt=month)
                .order_by("-month")
                .values(*PREFIX_METRICS)
                .first()
            )
            IndicatorPrefix.objects.create(group=group, month=month, **(before or {}))
        IndicatorPrefix.objects.filter(group=group, month__gte=month).update(
            **{metric: F(metric) + n for metric, n in months[month].items()}
        )


def _insert_select(model: Any, columns: dict[str, str], queryset: Any) -> int:
    """`INSERT INTO model (columns) SELECT aliases FROM (queryset)`: the rows stay in the
    database. `columns` maps the table's columns to the queryset's aliases."""
    qn = connection.ops.quote_name
    sql, params = queryset.query.sql_with_params()
    statement = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
        f"SELECT {', '.join(qn(a) for a in columns.values())} FROM ({sql}) AS source"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(int(cursor.rowcount), 0)


TALLY_COLUMNS = {
    "day": "t_day",
    "metric": "t_metric",
    "partner_id": "t_partner",
    "province_code": "t_province",
    "framework": "t_framework",
    "days": "t_days",
    "target_group": "t_target",
    "n": "t_n",
}


def _fact_sources(m: dict[str, Any]) -> list[tuple[str, Any, str, Any, str, Any]]:
    """Per metric: (metric, rows, day field, partner, employee path, days), as `facts` counts
    them. The mandate decisions within target restate R15 (`decided_within_target`) in SQL:
    decided on or before the due day, never without one; `verify` checks the two agree."""
    evaluations = m["Evaluation"].objects.all()
    trajectories = m["Trajectory"].objects.all()
    decisions = m["Decision"].objects.exclude(outcome__in=NOT_DECISIONS)
    # Typed NULLs: PostgreSQL resolves an untyped NULL in a grouped SELECT to text, which
    # an INSERT into an integer column refuses.
    none = Cast(Value(None), IntegerField())
    return [
        ("evaluations", evaluations, "evaluated_on", none, "employee__", none),
        (
            "transition_decisions",
            evaluations.filter(decision=TRANSITION),
            "evaluated_on",
            none,
            "employee__",
            none,
        ),
        (
            "referrals",
            m["Referral"].objects.all(),
            "referred_on",
            F("partner_id"),
            "employee__",
            none,
        ),
        (
            "started",
            trajectories.filter(started_on__isnull=False),
            "started_on",
            F("partner_id"),
            "employee__",
            none,
        ),
        (
            "ended",
            trajectories.filter(ended_on__isnull=False),
            "ended_on",
            F("partner_id"),
            "employee__",
            none,
        ),
        *(
            (
                f"outcome_{kind}",
                m["Outcome"].objects.filter(kind=kind),
                "on",
                F("trajectory__partner_id"),
                "trajectory__employee__",
                DaysBetween(F("on"), F("trajectory__started_on")),
            )
            for kind in ("hired", "returned", "stopped")
        ),
        ("mandate_decisions", decisions, "decided_on", F("application__organisation_id"), "", none),
        (
            "mandate_decisions_within_target",
            decisions.filter(decided_on__lte=F("application__decision_due_on")),
            "decided_on",
            F("application__organisation_id"),
            "",
            none,
        ),
    ]


def _insert_per_target_group(model: Any, columns: dict[str, str], queryset: Any) -> int:
    """`_insert_select` once more per target group, in one scan: `queryset` also selects
    `t_groups` (the JSON text of the employee's list); each of its rows is spread over the
    known codes of that list (`json_each` on SQLite, `jsonb_array_elements_text` on PostgreSQL),
    a code listed twice counting once (`target_groups_ordered`), and summed per key and code.

    One pass over the facts instead of one per target group: the rebuild of scale 100 read
    every fact table five times before."""
    qn = connection.ops.quote_name
    sql, params = queryset.query.sql_with_params()
    if connection.vendor == "postgresql":
        spread = "CROSS JOIN LATERAL jsonb_array_elements_text(source.t_groups::jsonb) AS g(value)"
    else:
        spread = "CROSS JOIN json_each(source.t_groups) AS g"
    keys = [alias for alias in columns.values() if alias not in ("t_target", "t_n")]
    picked = ", ".join(
        "e.value" if alias == "t_target" else "SUM(e.t_n)" if alias == "t_n" else f"e.{qn(alias)}"
        for alias in columns.values()
    )
    codes = ", ".join(["%s"] * len(ALL_TARGET_GROUPS))
    statement = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
        f"SELECT {picked} FROM (SELECT DISTINCT "
        f"{', '.join(f'source.{qn(a)}' for a in keys)}, source.t_groups, source.t_n, g.value "
        f"FROM ({sql}) AS source {spread} WHERE g.value IN ({codes})) AS e "
        f"GROUP BY {', '.join(f'e.{qn(a)}' for a in keys)}, e.value"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*params, *ALL_TARGET_GROUPS))
        return max(int(cursor.rowcount), 0)


def _rebuild_tally(m: dict[str, Any]) -> int:
    """The tally from the raw tables: per metric one `INSERT … SELECT` counting each fact once,
    and for the facts of an employee one more spreading them over the target groups."""
    text = Value(None, output_field=CharField())
    rows = 0
    for metric, queryset, day, partner, employee, days in _fact_sources(m):
        where = (
            {
                "t_province": F(f"{employee}municipality__province_code"),
                "t_framework": F(f"{employee}framework"),
            }
            if employee
            else {"t_province": text, "t_framework": text}
        )
        fields = {"t_day": F(day), "t_metric": Value(metric), "t_partner": partner, "t_days": days}
        rows += _insert_select(
            m["IndicatorTally"],
            TALLY_COLUMNS,
            queryset.values(**fields, t_target=text, **where).annotate(t_n=Count("pk")).order_by(),
        )
        if employee:
            # The employee's groups are a JSON list: grouped by its text, spread in SQL.
            rows += _insert_per_target_group(
                m["IndicatorTally"],
                TALLY_COLUMNS,
                queryset.values(
                    **fields, t_groups=Cast(f"{employee}target_groups", TextField()), **where
                )
                .annotate(t_n=Count("pk"))
                .order_by(),
            )
    return rows


def _group_key_sql() -> Concat:
    """`group_key` in SQL (the same spelling)."""
    parts: list[Any] = []
    for field in ("partner_id", "province_code", "framework", "target_group"):
        value = Cast(field, CharField()) if field == "partner_id" else F(field)
        parts += [Coalesce(value, Value("~")), Value("|")]
    return Concat(*parts[:-1], output_field=CharField())


def _has_field(model: Any, name: str) -> bool:
    """Whether a (historical) model has the field: older migrations rebuild with theirs."""
    return model is not None and any(f.name == name for f in model._meta.get_fields())


def _rebuild_prefixes(m: dict[str, Any]) -> None:
    """Groups, prefix sums and yearly histograms from the tally, in the database: the prefix
    sum of a month is a running sum (window) over the group's monthly totals."""
    tally = m["IndicatorTally"].objects.order_by()
    _insert_select(
        m["IndicatorGroup"],
        {c: f"t_{c}" for c in ("key", "partner_id", "province_code", "framework", "target_group")},
        tally.values(
            t_key=_group_key_sql(),
            t_partner_id=F("partner_id"),
            t_province_code=F("province_code"),
            t_framework=F("framework"),
            t_target_group=F("target_group"),
        ).distinct(),
    )
    _insert_prefixes(m, tally, _group_key_sql())
    qn = connection.ops.quote_name
    yearly = (
        tally.filter(days__isnull=False)
        .values(t_key=_group_key_sql(), t_year=ExtractYear("day"), t_days=F("days"))
        .annotate(t_n=Sum("n"))
    )
    sql, params = yearly.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(m['IndicatorDurationYear']._meta.db_table)} "
            f"({qn('group_id')}, {qn('year')}, {qn('days')}, {qn('n')}) "
            f"SELECT g.id, source.t_year, source.t_days, source.t_n FROM ({sql}) AS source "
            f"JOIN {qn(m['IndicatorGroup']._meta.db_table)} g ON g.{qn('key')} = source.t_key",
            params,
        )
    if m["IndicatorDurationMonth"] is not None:
        rebuild_duration_months(m)
    if m["IndicatorDurationBreakdownYear"] is not None:
        rebuild_breakdowns(m)
    if m["IndicatorMonthTotal"] is not None:
        rebuild_month_totals(m)
    if _has_field(m["IndicatorGroup"], "kind"):
        rebuild_partner_rollups(m)


def rebuild_duration_months(m: dict[str, Any]) -> None:
    """The groups' monthly histograms from the tally (INSERT … SELECT, joined to the groups
    by key, like the yearly ones), then the breakdowns' (`rebuild_breakdowns`, months)."""
    qn = connection.ops.quote_name
    monthly = (
        m["IndicatorTally"]
        .objects.order_by()
        .filter(days__isnull=False)
        .values(t_key=_group_key_sql(), t_month=TruncMonth("day"), t_days=F("days"))
        .annotate(t_n=Sum("n"))
        .exclude(t_n=0)
    )
    sql, params = monthly.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(m['IndicatorDurationMonth']._meta.db_table)} "
            f"({qn('group_id')}, {qn('month')}, {qn('days')}, {qn('n')}) "
            f"SELECT g.id, source.t_month, source.t_days, source.t_n FROM ({sql}) AS source "
            f"JOIN {qn(m['IndicatorGroup']._meta.db_table)} g ON g.{qn('key')} = source.t_key",
            params,
        )
    rebuild_breakdowns(m, months=True)


def _insert_prefixes(m: dict[str, Any], tally: Any, key: Any) -> None:
    """The prefix rows of the groups whose key the tally's rows `tally` give by `key` (SQL):
    a running sum over each group's monthly counts, joined to the group by its key."""
    from doorstroom.monitoring.models import PREFIX_METRICS

    qn = connection.ops.quote_name
    monthly = tally.values(t_key=key, t_month=TruncMonth("day")).annotate(
        **{
            f"t_{metric}": Coalesce(Sum("n", filter=Q(metric=metric)), 0)
            for metric in PREFIX_METRICS
        }
    )
    sql, params = monthly.query.sql_with_params()
    running = ", ".join(
        f"SUM(source.{qn('t_' + metric)}) OVER (PARTITION BY g.id ORDER BY source.t_month "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        for metric in PREFIX_METRICS
    )
    columns = ", ".join(qn(c) for c in ("group_id", "month", *PREFIX_METRICS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(m['IndicatorPrefix']._meta.db_table)} ({columns}) "
            f"SELECT g.id, source.t_month, {running} FROM ({sql}) AS source "
            f"JOIN {qn(m['IndicatorGroup']._meta.db_table)} g ON g.{qn('key')} = source.t_key",
            params,
        )


def _partner_key_sql() -> Concat:
    """`partner_key` in SQL (the same spelling)."""
    return Concat(Value("partner:"), Cast("partner_id", CharField()), output_field=CharField())


def rebuild_partner_rollups(m: dict[str, Any]) -> None:
    """The partners' roll-up groups and their prefix rows from the tally (its rows with a
    partner that count each fact once), set-based like the cross groups'."""
    tally = (
        m["IndicatorTally"]
        .objects.filter(partner_id__isnull=False, target_group__isnull=True)
        .order_by()
    )
    _insert_select(
        m["IndicatorGroup"],
        {"key": "t_key", "kind": "t_kind", "partner_id": "t_partner_id"},
        tally.values(
            t_key=_partner_key_sql(), t_kind=Value(PARTNER), t_partner_id=F("partner_id")
        ).distinct(),
    )
    _insert_prefixes(m, tally, _partner_key_sql())


def rebuild_month_totals(m: dict[str, Any]) -> None:
    """The breakdowns' roll-up from the tally: one row per breakdown row and month (no zeros),
    over the tally rows `breakdown_rows` counts in each; the totals only, for a table without
    the `dimension` column (an older migration)."""
    from doorstroom.monitoring.models import PREFIX_METRICS

    tally = m["IndicatorTally"].objects.order_by()
    unique = Q(target_group__isnull=True)
    dimensions = {
        "totals": (Value(""), unique),
        "provinces": (F("province_code"), unique & Q(province_code__isnull=False)),
        "frameworks": (F("framework"), unique & Q(framework__isnull=False)),
        "target_groups": (F("target_group"), Q(target_group__isnull=False)),
    }
    keyed = _has_field(m["IndicatorMonthTotal"], "dimension")
    scoped = _has_field(m["IndicatorMonthTotal"], "scope")
    scopes: list[tuple[Any, Q]] = [(Value(""), Q())]
    if scoped:  # `filter_scopes`
        scopes += [
            (Concat(Value("p:"), F("province_code")), Q(province_code__isnull=False)),
            (Concat(Value("f:"), F("framework")), Q(framework__isnull=False)),
            (
                Concat(Value("p:"), F("province_code"), Value("|f:"), F("framework")),
                Q(province_code__isnull=False, framework__isnull=False),
            ),
        ]
    for (dimension, (key, rows)), (scope, within) in product(dimensions.items(), scopes):
        if not keyed and dimension != "totals":
            continue
        columns = {"dimension": "t_dimension", "key": "t_key"} if keyed else {}
        if scoped:
            columns["scope"] = "t_scope"
        monthly = (
            tally.filter(rows & within)
            .values(
                **({"t_dimension": Value(dimension), "t_key": key} if keyed else {}),
                **({"t_scope": scope} if scoped else {}),
                t_month=TruncMonth("day"),
            )
            .annotate(
                **{
                    f"t_{metric}": Coalesce(Sum("n", filter=Q(metric=metric)), 0)
                    for metric in PREFIX_METRICS
                }
            )
            .exclude(**{f"t_{metric}": 0 for metric in PREFIX_METRICS})
        )
        _insert_select(
            m["IndicatorMonthTotal"],
            {
                **columns,
                "month": "t_month",
                **{metric: f"t_{metric}" for metric in PREFIX_METRICS},
            },
            monthly,
        )


def rebuild_breakdowns(m: dict[str, Any], *, months: bool = False) -> None:
    """The breakdowns' yearly histograms from the groups' (`breakdown_rows` in SQL); with
    `months`, the monthly ones from the groups' monthly ones."""
    qn = connection.ops.quote_name
    period = "month" if months else "year"
    source = m["IndicatorDurationMonth" if months else "IndicatorDurationYear"]
    target = m["IndicatorDurationBreakdownMonth" if months else "IndicatorDurationBreakdownYear"]
    where = {
        "totals": ("''", "g.target_group IS NULL"),
        "provinces": ("g.province_code", "g.target_group IS NULL AND g.province_code IS NOT NULL"),
        "frameworks": ("g.framework", "g.target_group IS NULL AND g.framework IS NOT NULL"),
        "target_groups": ("g.target_group", "g.target_group IS NOT NULL"),
    }
    scopes = FILTER_SCOPES_SQL if _has_field(target, "scope") else FILTER_SCOPES_SQL[:1]
    selects = " UNION ALL ".join(
        f"SELECT {scope} AS s, '{dimension}' AS dimension, {key} AS k, "
        f"d.{period} AS p, d.days, d.n FROM {qn(source._meta.db_table)} d "
        f"JOIN {qn(m['IndicatorGroup']._meta.db_table)} g ON g.id = d.group_id "
        f"WHERE {rows} AND {within}"
        for dimension, (key, rows) in where.items()
        for scope, within in scopes
    )
    scope_column = f"{qn('scope')}, " if len(scopes) > 1 else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(target._meta.db_table)} ({scope_column}"
            f"{qn('dimension')}, {qn('key')}, {qn(period)}, {qn('days')}, {qn('n')}) "
            f"SELECT {'x.s, ' if scope_column else ''}x.dimension, x.k, x.p, x.days, SUM(x.n) "
            f"FROM ({selects}) x GROUP BY x.s, x.dimension, x.k, x.p, x.days HAVING SUM(x.n) <> 0"
        )


def rebuild(apps: Any = None) -> int:
    """Recount the tally, its groups, prefix sums and yearly histograms from the raw tables,
    set-based in the database (nothing per key in Python); returns the tally's row count.

    The apps registry is a parameter so that a migration can pass its historical models."""
    m = _models(apps)
    with transaction.atomic():
        for name in (
            "IndicatorMonthTotal",
            "IndicatorDurationBreakdownMonth",
            "IndicatorDurationMonth",
            "IndicatorDurationBreakdownYear",
            "IndicatorDurationYear",
            "IndicatorPrefix",
            "IndicatorGroup",
            "IndicatorTally",
        ):
            if m[name] is not None:
                m[name].objects.all().delete()
        rows = _rebuild_tally(m)
        if m["IndicatorGroup"] is not None:
            _rebuild_prefixes(m)
    return rows


def stored() -> Counter[TallyKey]:
    """What the tally holds, summed per key (zero counts left out)."""
    from doorstroom.monitoring.models import IndicatorTally

    out: Counter[TallyKey] = Counter()
    for r in (
        IndicatorTally.objects.values(
            "day", "metric", "partner_id", "province_code", "framework", "days", "target_group"
        )
        .annotate(total=Sum("n"))
        .order_by()
    ):
        if r["total"]:
            out[
                (
                    r["day"],
                    r["metric"],
                    r["partner_id"],
                    r["province_code"],
                    r["framework"],
                    r["days"],
                    r["target_group"],
                )
            ] += r["total"]
    return out


def verify() -> list[str]:
    """The keys where the tally differs from a recount, and the groups whose prefix sums or
    yearly histograms differ from the tally (no personal data: keys and counts)."""
    expected = {k: v for k, v in facts(EVERYTHING).items() if v}
    actual = dict(stored())
    return [
        f"{key[1]} on {key[0].isoformat()} partner {key[2]} province {key[3]} framework "
        f"{key[4]} days {key[5]} target group {key[6]}: "
        f"tally {actual.get(key, 0)}, facts {expected.get(key, 0)}"
        for key in sorted(set(expected) | set(actual), key=str)
        if expected.get(key, 0) != actual.get(key, 0)
    ] + verify_prefixes(actual)


def _expected_rollups(
    tallied: dict[TallyKey, int],
) -> tuple[
    dict[str, Counter[tuple[date, str]]],
    Counter[tuple[str, int, int]],
    Counter[tuple[str, str, str, date, str]],
    Counter[tuple[str, Any, int]],
]:
    """From the tally's counts: the monthly counts per group key (the cross groups' and the
    partners' roll-up groups'), the yearly durations per cross group, the monthly counts
    per breakdown row (`breakdown_rows`), and the monthly durations per cross group."""
    monthly: dict[str, Counter[tuple[date, str]]] = {}
    yearly: Counter[tuple[str, Any, int]] = Counter()
    month_durations: Counter[tuple[str, Any, int]] = Counter()
    breakdowns: Counter[tuple[str, str, str, date, str]] = Counter()
    for (day, metric, partner_id, province, framework, days, target), n in tallied.items():
        key = group_key(partner_id, province, framework, target)
        month = (month_of(day), metric)
        monthly.setdefault(key, Counter())[month] += n
        if partner_id is not None and target is None:  # the partner's roll-up group
            monthly.setdefault(partner_key(partner_id), Counter())[month] += n
        for scope in filter_scopes(province, framework):
            for dimension, row in breakdown_rows(province, framework, target):
                breakdowns[(scope, dimension, row, *month)] += n
        if days is not None:
            yearly[(key, day.year, days)] += n
            month_durations[(key, month_of(day), days)] += n
    return monthly, yearly, breakdowns, month_durations


def verify_prefixes(tallied: dict[TallyKey, int]) -> list[str]:
    """Where the prefix sums at any month's end, or the yearly histograms, differ from the
    tally's counts `tallied`."""
    from doorstroom.monitoring.models import PREFIX_METRICS, IndicatorPrefix

    monthly, yearly, breakdowns, month_durations = _expected_rollups(tallied)
    rows: dict[str, dict[date, dict[str, int]]] = {}
    for row in IndicatorPrefix.objects.values("group__key", "month", *PREFIX_METRICS):
        rows.setdefault(row.pop("group__key"), {})[row.pop("month")] = row
    problems = []
    for key in sorted(set(monthly) | set(rows)):
        counts, stored_rows = monthly.get(key, Counter()), rows.get(key, {})
        running: Counter[str] = Counter()
        last: dict[str, int] = {}
        for month in sorted({m for m, _ in counts} | set(stored_rows)):
            running.update({metric: n for (m, metric), n in counts.items() if m == month})
            last = stored_rows.get(month, last)
            for metric in PREFIX_METRICS:
                if last.get(metric, 0) != running[metric]:
                    problems.append(
                        f"prefix {key} {month.isoformat()} {metric}: "
                        f"{last.get(metric, 0)}, tally {running[metric]}"
                    )
    return (
        problems
        + _verify_month_totals(breakdowns)
        + _verify_durations(yearly, "year")
        + _verify_durations(month_durations, "month")
    )


def _verify_month_totals(expected: Counter[tuple[str, str, str, date, str]]) -> list[str]:
    """Where the breakdowns' roll-up differs from the tally's monthly counts `expected` per
    (scope, dimension, key, month, metric), summed."""
    from doorstroom.monitoring.models import PREFIX_METRICS, IndicatorMonthTotal

    stored_rows: Counter[tuple[str, str, str, date, str]] = Counter()
    for row in IndicatorMonthTotal.objects.values(
        "scope", "dimension", "key", "month", *PREFIX_METRICS
    ):
        where = (row.pop("scope"), row.pop("dimension"), row.pop("key"), row.pop("month"))
        stored_rows.update({(*where, metric): n for metric, n in row.items()})
    return [
        f"month totals {entry[0]!r} {entry[1]} {entry[2]!r} {entry[3].isoformat()} {entry[4]}: "
        f"{stored_rows[entry]}, tally {expected[entry]}"
        for entry in sorted(set(expected) | set(stored_rows))
        if expected[entry] != stored_rows[entry]
    ]


#: Per period of the duration histograms: the groups' model, the breakdowns' model.
DURATION_MODELS = {
    "year": ("IndicatorDurationYear", "IndicatorDurationBreakdownYear"),
    "month": ("IndicatorDurationMonth", "IndicatorDurationBreakdownMonth"),
}


def _verify_durations(expected: Counter[tuple[str, Any, int]], period: str) -> list[str]:
    """Where the groups' histograms per `period` ("year" or "month") differ from the tally's
    (group key, period, days) counts `expected`, then the breakdowns' from the groups'."""
    from django.apps import apps

    model = apps.get_model("monitoring", DURATION_MODELS[period][0])
    stored_rows: Counter[tuple[str, Any, int]] = Counter()
    for key, when, days, n in model.objects.values_list("group__key", period, "days", "n"):
        stored_rows[(key, when, days)] += n
    return [
        f"durations {period} {entry}: {stored_rows[entry]}, tally {expected[entry]}"
        for entry in sorted(set(expected) | set(stored_rows))
        if expected[entry] != stored_rows[entry]
    ] + _verify_breakdowns(period)


def _verify_breakdowns(period: str) -> list[str]:
    """Where the breakdowns' histograms per `period` differ from the groups' (summed per
    key)."""
    from django.apps import apps

    groups, breakdowns = (apps.get_model("monitoring", name) for name in DURATION_MODELS[period])
    expected: Counter[tuple[str, str, str, Any, int]] = Counter()
    for province, framework, target, when, days, n in groups.objects.values_list(
        "group__province_code", "group__framework", "group__target_group", period, "days", "n"
    ):
        for scope in filter_scopes(province, framework):
            for dimension, key in breakdown_rows(province, framework, target):
                expected[(scope, dimension, key, when, days)] += n
    stored_rows: Counter[tuple[str, str, str, Any, int]] = Counter()
    for scope, dimension, key, when, days, n in breakdowns.objects.values_list(
        "scope", "dimension", "key", period, "days", "n"
    ):
        stored_rows[(scope, dimension, key, when, days)] += n
    return [
        f"duration breakdown {period} {entry}: {stored_rows[entry]}, groups {expected[entry]}"
        for entry in sorted(set(expected) | set(stored_rows))
        if expected[entry] != stored_rows[entry]
    ]


# --- keeping it current --------------------------------------------------------------------


def _scope_for(instance: Any) -> Scope | None:
    """The facts that depend on this row (by its primary key)."""
    label = instance._meta.label
    pk = instance.pk
    if pk is None:
        return None
    if label == "employees.Evaluation":
        return Scope(evaluations=Q(pk=pk))
    if label == "referrals.Referral":
        return Scope(referrals=Q(pk=pk))
    if label == "trajectories.Trajectory":
        return Scope(trajectories=Q(pk=pk), outcomes=Q(trajectory_id=pk))
    if label == "trajectories.Outcome":
        return Scope(outcomes=Q(pk=pk))
    if label == "mandates.Decision":
        return Scope(decisions=Q(pk=pk))
    if label == "mandates.MandateApplication":
        return Scope(decisions=Q(application_id=pk))
    if label == "employees.Employee":
        return Scope(
            evaluations=Q(employee_id=pk),
            referrals=Q(employee_id=pk),
            trajectories=Q(employee_id=pk),
            outcomes=Q(trajectory__employee_id=pk),
        )
    return None


SOURCES = (
    "employees.Evaluation",
    "employees.Employee",
    "referrals.Referral",
    "trajectories.Trajectory",
    "trajectories.Outcome",
    "mandates.Decision",
    "mandates.MandateApplication",
)
_BEFORE = "_indicator_facts_before"


def _own_scope(instance: Any) -> Scope | None:
    """The facts a deleted row takes with it: only its own, as a cascade deletes (and
    signals) the dependent rows one by one."""
    label = instance._meta.label
    if label == "trajectories.Trajectory":
        return Scope(trajectories=Q(pk=instance.pk))
    if label in ("employees.Employee", "mandates.MandateApplication"):
        return None
    return _scope_for(instance)


def _before(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    scope = _scope_for(instance)
    setattr(instance, _BEFORE, facts(scope) if scope is not None else Counter())


def _before_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    scope = _own_scope(instance)
    setattr(instance, _BEFORE, facts(scope) if scope is not None else Counter())


def _after_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    scope = _scope_for(instance)
    if scope is None:
        return
    delta = facts(scope)
    delta.subtract(getattr(instance, _BEFORE, Counter()))
    apply(delta)


def _after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    before: dict[TallyKey, int] = getattr(instance, _BEFORE, {})
    apply({key: -n for key, n in before.items()})


def connect() -> None:
    """Connect the handlers (from `MonitoringConfig.ready`)."""
    from django.apps import apps

    for label in SOURCES:
        model = apps.get_model(label)
        uid = f"indicator-tally-{label}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-post-delete")
