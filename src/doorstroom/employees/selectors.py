"""Every read of employees and evaluations, scoped to the consultant role (API.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    DateField,
    DurationField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from doorstroom.accounts.models import Role, User
from doorstroom.employees.models import Employee, Evaluation, SupportPackage
from doorstroom.privacy.national_numbers import national_number_compact, national_number_hash
from doorstroom.rules.params import ParameterValue, all_parameters


def employee_list_for_user(user: User) -> QuerySet[Employee]:
    """Consultants (and admins) work with people's records; other roles see none."""
    queryset = Employee.objects.select_related("employer", "municipality")
    if user.role not in (Role.CONSULTANT, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def employee_detail_for_user(user: User) -> QuerySet[Employee]:
    return employee_list_for_user(user).prefetch_related(
        Prefetch("packages", queryset=SupportPackage.objects.order_by("version")),
        Prefetch("evaluations", queryset=Evaluation.objects.order_by("-evaluated_on", "-id")),
        "trajectories",
    )


def employee_search(user: User, *, name: str = "") -> QuerySet[Employee]:
    """Search by name: every word is a part of the given or the family name,
    case-insensitive, the same on every database. Trigram indexes serve it on both: on
    PostgreSQL GIN indexes on the ``icontains`` expressions (migration employees 0003), on
    SQLite the FTS5 trigram table of migration 0005 (docs/performance.md, "Search by name")."""
    queryset = employee_list_for_user(user)
    vendor = connections[queryset.db].vendor
    for word in name.split():
        queryset = queryset.filter(_name_contains(word, vendor))
    return queryset


#: FTS5's trigram index matches phrases of three characters or more; shorter words are
#: looked for with ``icontains`` (a scan, but only for a word too short to narrow much).
FTS_MIN_WORD = 3


def _name_contains(word: str, vendor: str) -> Q:
    """One word of the search as a filter: ``icontains`` on either name, or on SQLite the
    same question asked of the FTS5 trigram table as a quoted phrase (so ``%``, ``_``,
    ``*`` and FTS5's operators are plain text; a ``"`` is doubled)."""
    if vendor != "sqlite" or len(word) < FTS_MIN_WORD:
        return Q(family_name__icontains=word) | Q(given_name__icontains=word)
    phrase = '"' + word.replace('"', '""') + '"'
    return Q(
        id__in=RawSQL(
            "SELECT rowid FROM employees_employee_name WHERE employees_employee_name MATCH %s",
            (phrase,),
        )
    )


#: What the API's list shape (``EmployeeOut``) reads: the employer by id, the municipality's
#: code and Dutch name (docs/performance.md, "Lists and details near their floor").
EMPLOYEE_LIST_COLUMNS = (
    "id",
    "national_number_masked",
    "given_name",
    "family_name",
    "postal_code",
    "municipality__nis_code",
    "municipality__name_nl",
    "employer_id",
    "framework",
    "target_groups",
    "hired_on",
)


def employee_rows(queryset: QuerySet[Employee]) -> QuerySet[Employee]:
    """These employees with only the list's columns and the one join it needs."""
    return queryset.select_related(None).select_related("municipality").only(*EMPLOYEE_LIST_COLUMNS)


def employee_values(queryset: QuerySet[Employee]) -> QuerySet[Employee, dict[str, Any]]:
    """:func:`employee_rows` as ``.values()`` rows of the same columns: no model instance per
    row of a page of 50 (``employees.api.employee_list_out`` renders them)."""
    rows: QuerySet[Employee, dict[str, Any]] = queryset.select_related(None).values(
        *EMPLOYEE_LIST_COLUMNS
    )
    return rows


def employee_by_national_number(user: User, national_number: str) -> QuerySet[Employee]:
    """Exact search through the keyed hash: the number itself is never compared or stored."""
    compact = national_number_compact(national_number)
    if compact is None:
        return Employee.objects.none()
    return employee_list_for_user(user).filter(national_number_hash=national_number_hash(compact))


def evaluation_list_for_user(user: User) -> QuerySet[Evaluation]:
    queryset = Evaluation.objects.select_related("employee", "adjusted_package").prefetch_related(
        "criteria"
    )
    if user.role not in (Role.CONSULTANT, Role.ADMIN):
        queryset = queryset.none()
    return queryset


def evaluation_awaiting_referral_for_user(user: User) -> QuerySet[Evaluation]:
    """Evaluations that decided transition (R7) but have no referral yet, oldest start first.

    The consultant's follow-up list: each needs a partner chosen from the ranking (R10).
    """
    return (
        evaluation_list_for_user(user)
        .select_related("employee__employer")
        .filter(decision="transition", referral__isnull=True)
        .order_by("transition_starts_on", "evaluated_on", "id")
    )


def _lead_history() -> list[ParameterValue]:
    return all_parameters()["package_evaluation_lead_days"]


def _longest_lead() -> timedelta:
    """The longest lead time ever in force: a cheap first filter before the exact one."""
    return timedelta(days=max(v.as_int() for v in _lead_history()))


def _lead_on(field: str) -> Case:
    """SQL: ``package_evaluation_lead_days`` in force on the date in ``field``, as a duration
    (the parameter's dated values as one CASE; a date before the first value takes it)."""
    history = _lead_history()
    return Case(
        *(
            When(**{f"{field}__gte": v.in_force_from}, then=Value(timedelta(days=v.as_int())))
            for v in reversed(history)
        ),
        default=Value(timedelta(days=history[0].as_int())),
        output_field=DurationField(),
    )


def employees_evaluation_due(
    queryset: QuerySet[Employee], *, today: date, ends_from: date | None = None
) -> QuerySet[Employee]:
    """Of these employees, those whose support package reaches its end: evaluate them (R6).

    On the list from ``package_evaluation_lead_days`` (in force on the package's last day, R16:
    the date the lead time is about, as `rules.packages.package_evaluation_due_on`) before the
    current package's last day (five years from hiring), also after it, until an evaluation is
    recorded on or after the day the list opened for that package; employees hired by a
    regular employer (a trajectory with outcome ``hired``) leave it. Annotated with
    ``package_until`` and ``evaluation_due_from``; the earliest end first. One query.
    ``ends_from``: only packages ending on or after that day (tick's catch-up window).
    """
    latest = SupportPackage.objects.filter(employee=OuterRef("pk")).order_by("-version")
    evaluated = Evaluation.objects.filter(
        employee=OuterRef("pk"), evaluated_on__gte=OuterRef("evaluation_due_from")
    )
    return (
        queryset.annotate(package_until=Subquery(latest.values("valid_until")[:1]))
        .filter(package_until__isnull=False, package_until__lte=today + _longest_lead())
        .filter(package_until__gte=ends_from or date.min)
        .annotate(
            evaluation_due_from=Cast(F("package_until") - _lead_on("package_until"), DateField())
        )
        .filter(evaluation_due_from__lte=today)
        .exclude(Exists(evaluated))
        .exclude(trajectories__outcome__kind="hired")
        .order_by("package_until", "family_name", "given_name", "id")
    )


def employee_evaluation_due_for_user(user: User, *, today: date) -> QuerySet[Employee]:
    """The consultant's evaluation-due list (see :func:`employees_evaluation_due`)."""
    return employees_evaluation_due(employee_list_for_user(user), today=today)
