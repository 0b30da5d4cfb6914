"""A trajectory's totals, kept on its row: the hours of its activities, the number of its
internships and its suspended days (each suspension both ends included, never clipped).

The export reads them from the trajectory's row instead of counting the activities,
internships and suspensions per trajectory (docs/performance.md). `totals(...)` is the one
definition: `recount` writes it for one trajectory after every save or delete of an
activity, internship or suspension (signal handlers, inside the service's transaction and
under its lock on the trajectory; also for writes that bypass a service: tests' builders,
the admin), `rebuild` for all of them in one UPDATE (bulk loads, the data migration), and
`differences` compares the stored values with a recount (the integrity check).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Abs, Coalesce
from django.db.models.signals import post_delete, post_save

from doorstroom.common.dbfunctions import DaysBetween

FIELDS = ("hours_total", "internship_count", "suspended_days")
_HOURS = DecimalField(max_digits=10, decimal_places=2)


def _per_trajectory(model: Any, total: Any, zero: Any, output_field: Any) -> Coalesce:
    rows = model._default_manager.filter(trajectory=OuterRef("pk")).order_by()
    rows = rows.values("trajectory").annotate(total=total).values("total")
    return Coalesce(Subquery(rows, output_field=output_field), zero, output_field=output_field)


def totals(activity: Any = None, internship: Any = None, suspension: Any = None) -> dict[str, Any]:
    """The three totals as expressions over a trajectory queryset (the models may be given:
    the migration passes its historical ones)."""
    if activity is None:
        from doorstroom.trajectories.models import Activity, Internship, Suspension

        activity, internship, suspension = Activity, Internship, Suspension
    integer = IntegerField()
    days = DaysBetween("ends_on", "starts_on") + Value(1)
    return {
        "hours_total": _per_trajectory(activity, Sum("hours"), Value(Decimal(0)), _HOURS),
        "internship_count": _per_trajectory(internship, Count("id"), Value(0), integer),
        "suspended_days": _per_trajectory(
            suspension, Sum(days, output_field=integer), Value(0), integer
        ),
    }


def recount(trajectory_id: int) -> None:
    """Write the trajectory's totals from its rows (one UPDATE)."""
    from doorstroom.trajectories.models import Trajectory

    Trajectory.objects.filter(pk=trajectory_id).update(**totals())


def rebuild(trajectories: QuerySet[Any] | None = None) -> int:
    """Write every trajectory's totals in one set-based UPDATE; returns the rows written."""
    from doorstroom.trajectories.models import Trajectory

    return (Trajectory.objects.all() if trajectories is None else trajectories).update(**totals())


def differences(limit: int = 100) -> list[str]:
    """The trajectories whose stored totals differ from a recount (at most `limit`)."""
    from doorstroom.trajectories.models import Trajectory

    counted = {f"counted_{name}": expression for name, expression in totals().items()}
    differ = (
        Q(internship_count__gt=F("counted_internship_count"))
        | Q(internship_count__lt=F("counted_internship_count"))
        | Q(suspended_days__gt=F("counted_suspended_days"))
        | Q(suspended_days__lt=F("counted_suspended_days"))
        | Q(hours_gap__gt=Decimal("0.005"))  # SQLite sums the hours as floats
    )
    rows = (
        Trajectory.objects.annotate(**counted)
        .annotate(hours_gap=Abs(F("hours_total") - F("counted_hours_total")))
        .filter(differ)
        .order_by("id")
        .values_list("id", *FIELDS, *counted)[:limit]
    )
    return [
        f"trajectory {pk}: stored {_text(row[:3])} ≠ counted {_text(row[3:])}" for pk, *row in rows
    ]


def _text(values: list[Any]) -> str:
    hours, internships, days = values
    return f"{Decimal(hours):.2f} h, {internships} internships, {days} suspended days"


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    recount(instance.trajectory_id)


def connect() -> None:
    """Connect the handlers (from `TrajectoriesConfig.ready`)."""
    from doorstroom.trajectories.models import Activity, Internship, Suspension

    for model in (Activity, Internship, Suspension):
        uid = f"trajectory-totals-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
