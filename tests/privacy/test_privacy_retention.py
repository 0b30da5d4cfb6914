"""Retention: a dry run by default; --apply pseudonymises people whose trajectories all closed
before the cut-off and who have nothing open; the monitoring indicators do not change."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from doorstroom.employees.models import Employee
from doorstroom.monitoring.selectors import IndicatorFilter, indicators
from doorstroom.operations.retention import PURPOSE, retention_plan
from doorstroom.privacy.models import AccessLog
from doorstroom.trajectories.models import Activity, Outcome
from tests.monitoring.conftest import dataset  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def everything() -> dict[str, object]:
    periods = [(date(2024, 3, 1), date(2024, 3, 31)), (date(2023, 1, 1), date(2025, 12, 31))]
    return {f"{a}..{b}": indicators(IndicatorFilter(date_from=a, date_to=b)) for a, b in periods}


def closed_people() -> list[int]:
    return sorted(Outcome.objects.values_list("trajectory__employee_id", flat=True))


def test_dry_run_lists_and_changes_nothing(dataset: list[Employee]) -> None:  # noqa: F811
    names = sorted(Employee.objects.values_list("family_name", flat=True))
    out = run("--today", "2034-12-31")  # retention_years = 10 → cut-off 2024-12-31
    assert "retention: 10 years (parameter retention_years in force since 2019-01-01)" in out
    assert "cut-off 2024-12-31" in out
    assert "due: 5 employees, 5 closed trajectories" in out
    assert "dry run: nothing changed" in out
    assert sorted(Employee.objects.values_list("family_name", flat=True)) == names
    assert not AccessLog.objects.filter(purpose=PURPOSE).exists()


@pytest.mark.parametrize(
    ("today", "due"),
    [
        ("2034-03-30", 3),  # outcomes on 02-29, 03-02 and 03-10 are on or before the cut-off
        ("2034-03-31", 4),  # the cut-off day itself counts (hired on 2024-03-31)
        ("2034-04-01", 5),  # returned on 2024-04-01
        ("2034-02-28", 0),
    ],
)
def test_cut_off_is_inclusive(dataset: list[Employee], today: str, due: int) -> None:  # noqa: F811
    assert len(retention_plan(today=date.fromisoformat(today)).employee_ids) == due


def test_apply_pseudonymises_keeps_counts_and_logs(dataset: list[Employee]) -> None:  # noqa: F811
    before = everything()
    due = closed_people()
    kept = [e for e in dataset if e.pk not in due]
    Activity.objects.create(
        trajectory=Outcome.objects.first().trajectory,  # type: ignore[union-attr]
        on=date(2024, 2, 1),
        kind="guidance",
        hours=1,
        note="Gesprek over de thuissituatie van de werknemer",
    )
    out = run("--today", "2034-12-31", "--apply")
    assert "pseudonymised: 5 employees" in out
    assert everything() == before  # counts, rates and medians unchanged
    for person in Employee.objects.filter(pk__in=due):
        assert person.given_name == person.family_name == "Geanonimiseerd"
        assert person.national_number_masked == "**.**.**-***.**"
        assert person.national_number_hash.startswith("anon:")
        original = next(e for e in dataset if e.pk == person.pk)
        assert person.national_number_hash != original.national_number_hash
        assert not Employee.history.filter(family_name=original.family_name).exists()
    assert not Activity.objects.exclude(note="").exists()
    assert not Activity.history.exclude(note="").exists()
    logged = AccessLog.objects.filter(purpose=PURPOSE)
    assert sorted(logged.values_list("employee_id", flat=True)) == due
    for person in kept:  # open trajectories, waiting referrals, no trajectory: untouched
        person.refresh_from_db()
        assert person.family_name.startswith("Familienaamx")
    assert "due: 0 employees" in run("--today", "2034-12-31", "--apply")  # idempotent


def test_a_later_evaluation_keeps_the_person(dataset: list[Employee]) -> None:  # noqa: F811
    from tests.monitoring.conftest import evaluation

    person = Employee.objects.get(pk=closed_people()[0])
    evaluation(person, date(2025, 6, 1))  # evaluated again after the cut-off
    assert person.pk not in retention_plan(today=date(2034, 12, 31)).employee_ids
    assert len(retention_plan(today=date(2034, 12, 31)).employee_ids) == 4


def test_years_can_be_given() -> None:
    out = run("--years", "3", "--today", "2030-01-01")
    assert "retention: 3 years (--years); cut-off 2027-01-01" in out
    with pytest.raises(Exception, match="at least one year"):
        run("--years", "0")
