"""Rotating NATIONAL_NUMBER_HASH_KEY: `national_number_rehash` moves the hashes of the numbers
given from the old key to the current one (issue 12; docs/security.md T3)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from doorstroom.employees.models import Employee
from doorstroom.privacy.national_numbers import national_number_hash
from tests.factories import national_number
from tests.monitoring.conftest import employee

pytestmark = pytest.mark.django_db

OLD = "old-key-for-the-rehash-tests-0123456789abcdef"
NEW = "new-key-for-the-rehash-tests-0123456789abcdef"


def person(number: str, key: str) -> Employee:
    someone = employee()
    Employee.objects.filter(pk=someone.pk).update(
        national_number_hash=national_number_hash(number, key)
    )
    return someone


def rehash(monkeypatch: Any, lines: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    out = io.StringIO()
    call_command("national_number_rehash", *args, stdout=out)
    return out.getvalue()


def hash_of(someone: Employee) -> str:
    return Employee.objects.get(pk=someone.pk).national_number_hash


@override_settings(NATIONAL_NUMBER_HASH_KEY=NEW)
def test_rotation_moves_the_given_numbers_to_the_new_key(monkeypatch: Any) -> None:
    monkeypatch.setenv("OLD_NATIONAL_NUMBER_HASH_KEY", OLD)
    n1, n2, n3, unknown = (national_number(s) for s in (1, 2, 3, 4))
    a, b, c = person(n1, OLD), person(n2, OLD), person(n3, OLD)
    gone = person(national_number(5), OLD)
    Employee.objects.filter(pk=gone.pk).update(national_number_hash="anon:x")  # pseudonymised
    lines = f"{n1}\n {n2} \n\n12345678901\n{unknown}\n"

    dry = rehash(monkeypatch, lines)
    assert "to rehash (dry run): 2; already under the current key: 0; unknown: 1; invalid" in dry
    assert "invalid lines: 1" in dry and "not covered by the numbers given: 1" in dry
    assert hash_of(a) == national_number_hash(n1, OLD)  # nothing changed
    for number in (n1, n2, unknown):
        assert number not in dry

    done = rehash(monkeypatch, lines, "--apply")
    assert "rehashed: 2; already under the current key: 0" in done
    assert hash_of(a) == national_number_hash(n1) == national_number_hash(n1, NEW)
    assert hash_of(b) == national_number_hash(n2)
    assert hash_of(c) == national_number_hash(n3, OLD)  # not given: still the old hash
    assert hash_of(gone) == "anon:x"

    again = rehash(monkeypatch, f"{n1}\n{n3}\n", "--apply")  # idempotent; the rest follows
    assert "rehashed: 1; already under the current key: 1; unknown: 0" in again
    assert hash_of(c) == national_number_hash(n3)
    assert "not covered by the numbers given: 1" in again  # b, not given this time


@override_settings(NATIONAL_NUMBER_HASH_KEY=NEW)
@pytest.mark.parametrize("old", ["", NEW])
def test_rotation_needs_a_different_old_key(monkeypatch: Any, old: str) -> None:
    monkeypatch.setenv("OLD_NATIONAL_NUMBER_HASH_KEY", old)
    with pytest.raises(CommandError, match="OLD_NATIONAL_NUMBER_HASH_KEY"):
        rehash(monkeypatch, national_number(1), "--apply")


@override_settings(NATIONAL_NUMBER_HASH_KEY=NEW)
def test_the_old_key_may_come_from_another_variable(monkeypatch: Any) -> None:
    monkeypatch.setenv("DOORSTROOM_PREVIOUS_KEY", OLD)
    someone = person(national_number(7), OLD)
    rehash(monkeypatch, national_number(7), "--apply", "--old-key-env", "DOORSTROOM_PREVIOUS_KEY")
    assert hash_of(someone) == national_number_hash(national_number(7))
