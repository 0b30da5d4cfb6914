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

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from doorstroom.rules.codes import target_groups_ordered

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
    }


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
            if r["g_due"] is not None and r["decided_on"] <= r["g_due"]:
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
    them in the same order and cannot deadlock each other."""
    from doorstroom.monitoring.models import IndicatorTally

    for key, n in sorted(delta.items(), key=lambda item: repr(item[0])):
        if not n:
            continue
        fields = _fields(key)
        lookup = {
            f"{k}__isnull" if v is None else k: True if v is None else v for k, v in fields.items()
        }
        if not IndicatorTally.objects.filter(**lookup).update(n=F("n") + n):
            IndicatorTally.objects.create(n=n, **fields)


def rebuild(apps: Any = None) -> int:
    """Recount the whole tally from the raw tables; returns the number of rows.

    The apps registry is a parameter so that the migration can pass its historical models."""
    model = _models(apps)["IndicatorTally"]
    with transaction.atomic():
        model.objects.all().delete()
        counts = facts(EVERYTHING, apps)
        created = model.objects.bulk_create(
            (model(n=n, **_fields(key)) for key, n in counts.items() if n), batch_size=2000
        )
    return len(created)


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
    """The keys where the tally differs from a recount (no personal data: keys and counts)."""
    expected = {k: v for k, v in facts(EVERYTHING).items() if v}
    actual = dict(stored())
    return [
        f"{key[1]} on {key[0].isoformat()} partner {key[2]} province {key[3]} framework "
        f"{key[4]} days {key[5]} target group {key[6]}: "
        f"tally {actual.get(key, 0)}, facts {expected.get(key, 0)}"
        for key in sorted(set(expected) | set(actual), key=str)
        if expected.get(key, 0) != actual.get(key, 0)
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
