"""The REFERENCE implementation of the monitoring indicators (R5), straight from the raw tables.

Kept with the tests (the application does not use it) so that the property tests compare
the tally-based `selectors` with it: the same answers for every period and filter. What
follows is the original description.

The monitoring indicators (R5): counts and rates, never people.

"De monitoring … gebeurt door ESF Vlaanderen in overleg met VDAB." ESF officers and VDAB staff
see the same indicators; a partner sees its own (the view forces its `partner_id`).

Every count is an SQL aggregate, grouped once per source table by (partner, province,
framework) and rolled up here into the totals and the three breakdowns: counts are additive
over disjoint groups, so the roll-up is exact. The median duration needs the values, so one
query fetches only the two dates per outcome. The number of queries is fixed (at most six),
whatever the number of rows.

What a metric does not apply to is `null`, never a misleading number:
- evaluations are not tied to a partner: `null` in the per-partner rows and, when a partner
  filter is set, everywhere;
- mandate decisions belong to an organisation, not to an employee: `null` in the per-province
  and per-framework rows and, when a province or framework filter is set, everywhere.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from doorstroom.employees.models import Decision as EvaluationDecision
from doorstroom.employees.models import Evaluation
from doorstroom.mandates.models import Decision as MandateDecision

# The names and the filter are the application's own: only the computation is the reference.
from doorstroom.monitoring.selectors import (
    COUNTS,
    EVALUATION_METRICS,
    MANDATE_METRICS,
    OUTCOME_KINDS,
    IndicatorFilter,
    Rows,
)
from doorstroom.referrals.models import Referral
from doorstroom.rules.codes import ALL_TARGET_GROUPS
from doorstroom.trajectories.models import Outcome, OutcomeKind, Suspension, Trajectory

# --- the grouped SQL aggregates, one query each -------------------------------------------


def _employee_scope(queryset: QuerySet[Any], f: IndicatorFilter, prefix: str) -> QuerySet[Any]:
    """Apply the province and framework filters through the employee at `prefix`."""
    if f.province_code is not None:
        queryset = queryset.filter(**{f"{prefix}municipality__province_code": f.province_code})
    if f.framework is not None:
        queryset = queryset.filter(**{f"{prefix}framework": f.framework})
    return queryset


def _grouped(queryset: QuerySet[Any], employee: str, partner: str | None) -> QuerySet[Any]:
    """Group by the employee's province and framework and, when given, by the partner.

    The group keys carry a `g_` prefix so they never clash with a model's own field names.
    """
    fields = {
        "g_province": F(f"{employee}municipality__province_code"),
        "g_province_name": F(f"{employee}municipality__province_name_nl"),
        "g_framework": F(f"{employee}framework"),
        "g_groups": F(f"{employee}target_groups"),
    }
    if partner is not None:
        fields["g_partner"] = F(f"{partner}_id")
        fields["g_partner_name"] = F(f"{partner}__name")
    return queryset.values(**fields).order_by()


def _evaluation_rows(f: IndicatorFilter) -> Rows:
    queryset = _employee_scope(
        Evaluation.objects.filter(evaluated_on__range=(f.date_from, f.date_to)), f, "employee__"
    )
    rows: Rows = _grouped(queryset, "employee__", None).annotate(
        evaluations=Count("id"),
        transition_decisions=Count("id", filter=Q(decision=EvaluationDecision.TRANSITION)),
    )
    return rows


def _referral_rows(f: IndicatorFilter) -> Rows:
    queryset = Referral.objects.filter(referred_on__range=(f.date_from, f.date_to))
    if f.partner_id is not None:
        queryset = queryset.filter(partner_id=f.partner_id)
    queryset = _employee_scope(queryset, f, "employee__")
    rows: Rows = _grouped(queryset, "employee__", "partner").annotate(referrals=Count("id"))
    return rows


def _trajectory_rows(f: IndicatorFilter) -> Rows:
    """Started in the period; active (and suspended) on its last day."""
    started = Q(started_on__range=(f.date_from, f.date_to))
    active = Q(started_on__lte=f.date_to) & (Q(ended_on__isnull=True) | Q(ended_on__gt=f.date_to))
    suspended_on_to = Exists(
        Suspension.objects.filter(
            trajectory=OuterRef("pk"), starts_on__lte=f.date_to, ends_on__gte=f.date_to
        )
    )
    queryset = Trajectory.objects.filter(started | active)
    if f.partner_id is not None:
        queryset = queryset.filter(partner_id=f.partner_id)
    queryset = _employee_scope(queryset, f, "employee__")
    rows: Rows = _grouped(queryset, "employee__", "partner").annotate(
        started=Count("id", filter=started),
        active=Count("id", filter=active),
        suspended=Count("id", filter=active & Q(suspended_on_to)),
    )
    return rows


def _outcomes_in_period(f: IndicatorFilter) -> QuerySet[Outcome]:
    queryset = Outcome.objects.filter(on__range=(f.date_from, f.date_to))
    if f.partner_id is not None:
        queryset = queryset.filter(trajectory__partner_id=f.partner_id)
    return _employee_scope(queryset, f, "trajectory__employee__")


def _outcome_rows(f: IndicatorFilter) -> Rows:
    rows: Rows = _grouped(
        _outcomes_in_period(f), "trajectory__employee__", "trajectory__partner"
    ).annotate(**{f"outcome_{kind}": Count("id", filter=Q(kind=kind)) for kind in OUTCOME_KINDS})
    return rows


def _duration_rows(f: IndicatorFilter) -> Rows:
    """Only what the median needs: the groups and the two dates of each outcome."""
    rows: Rows = _grouped(
        _outcomes_in_period(f), "trajectory__employee__", "trajectory__partner"
    ).annotate(d_start=F("trajectory__started_on"), d_end=F("on"))
    return rows


def _mandate_rows(f: IndicatorFilter) -> Rows:
    # A withdrawal ends the dossier but is no decision (R15); inadmissibility counts.
    queryset = MandateDecision.objects.filter(decided_on__range=(f.date_from, f.date_to)).exclude(
        outcome="withdrawn"
    )
    if f.partner_id is not None:
        queryset = queryset.filter(application__organisation_id=f.partner_id)
    rows: Rows = (
        queryset.values(
            g_partner=F("application__organisation_id"),
            g_partner_name=F("application__organisation__name"),
        )
        .order_by()
        .annotate(
            mandate_decisions=Count("id"),
            mandate_decisions_within_target=Count(
                "id", filter=Q(decided_on__lte=F("application__decision_due_on"))
            ),
        )
    )
    return rows


# --- the roll-up ------------------------------------------------------------------------------


@dataclass
class _Bucket:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    durations: list[int] = field(default_factory=list)


@dataclass
class _Rollup:
    totals: _Bucket = field(default_factory=_Bucket)
    partners: dict[int, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    provinces: dict[str, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    frameworks: dict[str, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    target_groups: dict[str, _Bucket] = field(default_factory=lambda: defaultdict(_Bucket))
    partner_names: dict[int, str] = field(default_factory=dict)
    province_names: dict[str, str] = field(default_factory=dict)

    def buckets(self, row: dict[str, Any]) -> Iterable[_Bucket]:
        yield self.totals
        # An employee counts in each of their target groups ("en/of"), the totals once.
        for group in set(row.get("g_groups") or ()):
            yield self.target_groups[group]
        if "g_partner" in row:
            self.partner_names[row["g_partner"]] = row["g_partner_name"]
            yield self.partners[row["g_partner"]]
        if "g_province" in row:
            self.province_names[row["g_province"]] = row["g_province_name"]
            yield self.provinces[row["g_province"]]
        if "g_framework" in row:
            yield self.frameworks[row["g_framework"]]

    def add(self, rows: Iterable[dict[str, Any]], metrics: Iterable[str]) -> None:
        names = tuple(metrics)
        for row in rows:
            for bucket in self.buckets(row):
                for name in names:
                    bucket.counts[name] += row[name]

    def add_durations(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            days = (row["d_end"] - row["d_start"]).days
            for bucket in self.buckets(row):
                bucket.durations.append(days)


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
        "median_duration_days": (
            float(statistics.median(bucket.durations)) if bucket.durations else None
        ),
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


def _collect(f: IndicatorFilter, *, evaluations: bool, mandates: bool) -> _Rollup:
    rollup = _Rollup()
    if evaluations:
        rollup.add(_evaluation_rows(f), EVALUATION_METRICS)
    rollup.add(_referral_rows(f), ("referrals",))
    rollup.add(_trajectory_rows(f), ("started", "active", "suspended"))
    rollup.add(_outcome_rows(f), tuple(f"outcome_{kind}" for kind in OUTCOME_KINDS))
    rollup.add_durations(_duration_rows(f))
    if mandates:
        rollup.add(_mandate_rows(f), MANDATE_METRICS)
    return rollup


def indicators(f: IndicatorFilter) -> dict[str, Any]:
    """The R5 indicators for the closed period `date_from`..`date_to`, JSON-ready.

    No personal data: only counts, rates, a median, and organisation and province names.
    """
    evaluations = f.partner_id is None
    mandates = not f.by_employee
    rollup = _collect(f, evaluations=evaluations, mandates=mandates)
    return {
        "period": {"from": f.date_from.isoformat(), "to": f.date_to.isoformat()},
        "filters": {
            "partner": f.partner_id,
            "province": f.province_code,
            "framework": f.framework,
        },
        "totals": _metrics(rollup.totals, evaluations=evaluations, mandates=mandates),
        "per_partner": [
            {
                "partner": partner_id,
                "partner_name": rollup.partner_names[partner_id],
                **_metrics(bucket, evaluations=False, mandates=mandates),
            }
            for partner_id, bucket in sorted(
                rollup.partners.items(), key=lambda item: (rollup.partner_names[item[0]], item[0])
            )
        ],
        "per_province": [
            {
                "province_code": code or None,
                "province_name": rollup.province_names[code] or None,
                **_metrics(bucket, evaluations=evaluations, mandates=False),
            }
            for code, bucket in sorted(rollup.provinces.items())
        ],
        "per_framework": [
            {"framework": framework, **_metrics(bucket, evaluations=evaluations, mandates=False)}
            for framework, bucket in sorted(rollup.frameworks.items())
        ],
        "per_target_group": [
            {"target_group": group, **_metrics(bucket, evaluations=evaluations, mandates=False)}
            for group, bucket in sorted(
                rollup.target_groups.items(), key=lambda item: ALL_TARGET_GROUPS.index(item[0])
            )
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


def monthly_series(f: IndicatorFilter) -> list[dict[str, Any]]:
    """Per calendar month of the period: trajectories started and outcomes per kind (R5).

    Two grouped SQL queries (by `TruncMonth`), whatever the number of rows. Every month the
    period touches is present, with zeros where nothing happened; a month cut by the period
    counts only its days inside the period, so the months add up to the totals of
    `indicators(f)` (`started` and `outcomes`). No personal data: counts only.
    """
    trajectories = Trajectory.objects.filter(started_on__range=(f.date_from, f.date_to))
    if f.partner_id is not None:
        trajectories = trajectories.filter(partner_id=f.partner_id)
    trajectories = _employee_scope(trajectories, f, "employee__")
    started = {
        row["month"]: row["n"]
        for row in trajectories.order_by()
        .annotate(month=TruncMonth("started_on"))
        .values("month")
        .annotate(n=Count("id"))
    }
    outcomes: dict[date, dict[str, Any]] = {
        row["month"]: dict(row)
        for row in _outcomes_in_period(f)
        .order_by()
        .annotate(month=TruncMonth("on"))
        .values("month")
        .annotate(**{f"n_{kind}": Count("id", filter=Q(kind=kind)) for kind in OUTCOME_KINDS})
    }
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
    (`max_days` is `None` for the last). One query fetching only the two dates per outcome.
    """
    counts = [0] * (len(bounds) + 1)
    for started_on, ended_on in (
        _outcomes_in_period(f).order_by().values_list("trajectory__started_on", "on")
    ):
        days = (ended_on - started_on).days
        counts[next((i for i, bound in enumerate(bounds) if days <= bound), len(bounds))] += 1
    lows = (0, *(bound + 1 for bound in bounds))
    highs: tuple[int | None, ...] = (*bounds, None)
    return [
        {"min_days": low, "max_days": high, "count": n}
        for low, high, n in zip(lows, highs, counts, strict=True)
    ]
