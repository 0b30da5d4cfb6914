"""Support packages keep their history (docs/architecture.md: domain records keep history)."""

from __future__ import annotations

import pytest

from doorstroom.employees.models import Employee, SupportPackage

pytestmark = pytest.mark.django_db


def test_a_support_package_keeps_its_history(employee: Employee) -> None:
    package = SupportPackage.objects.get(employee=employee)
    assert [h.history_type for h in package.history.all()] == ["+"]
    package.reason = "Herzien"
    package.save()
    assert [h.reason for h in package.history.order_by("history_id")] == ["startpakket", "Herzien"]
