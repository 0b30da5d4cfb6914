"""The processing log's writer: one row per person read, the same columns whatever the path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from doorstroom.accounts.models import User
from doorstroom.employees.models import Employee
from doorstroom.privacy import services
from doorstroom.privacy.models import AccessLog
from tests.monitoring.conftest import dataset  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_one_row_per_person_with_who_why_and_when(
    dataset: list[Employee],  # noqa: F811
    make_user: Callable[..., User],
) -> None:
    reader = make_user("consultant")
    ids = [e.pk for e in dataset[:3]]
    before = timezone.now()
    written = services.access_log_record(
        user=reader, employee_ids=[ids[0], *ids, ids[1]], purpose="employee_search", path="/p" * 200
    )
    assert written == 3
    rows = list(AccessLog.objects.order_by("id"))
    assert [r.employee_id for r in rows] == ids
    for row in rows:
        assert row.user_id == reader.pk
        assert row.purpose == "employee_search"
        assert row.path == ("/p" * 200)[:300]
        assert timezone.is_aware(row.at)
        assert before - timedelta(seconds=1) <= row.at <= timezone.now()
    assert len({r.at for r in rows}) == 1


def test_nobody_read_writes_nothing() -> None:
    assert services.access_log_record(user=None, employee_ids=[], purpose="x") == 0
    assert not AccessLog.objects.exists()


def test_long_lists_are_written_in_chunks(
    dataset: list[Employee],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services, "CHUNK", 2)
    ids = [e.pk for e in dataset[:5]]
    assert services.access_log_record(user=None, employee_ids=ids, purpose="export") == 5
    assert sorted(AccessLog.objects.values_list("employee_id", flat=True)) == sorted(ids)
    assert set(AccessLog.objects.values_list("user_id", flat=True)) == {None}
