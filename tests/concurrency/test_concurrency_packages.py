"""Support packages added at the same moment to one employee get consecutive versions, no 500."""

from __future__ import annotations

import threading
from datetime import date

from django.db import connection

from doorstroom.employees.models import SupportPackage
from doorstroom.employees.services import PackageInput, employee_create, support_package_add
from doorstroom.organisations.services import organisation_create
from tests.concurrency.conftest import POSTGRES_ONLY, TRANSACTIONAL
from tests.factories import enterprise_number, national_number

pytestmark = [TRANSACTIONAL, POSTGRES_ONLY]

WRITERS = 8


def test_simultaneous_package_versions_are_numbered_without_gaps_or_errors() -> None:
    employer = organisation_create(
        enterprise_number=enterprise_number(6_950_001), name="Maatwerk", postal_code="9000"
    )
    employee = employee_create(
        national_number=national_number(900),
        given_name="Sofie",
        family_name="Claes",
        postal_code="9000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2020, 3, 1),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def add() -> None:
        try:
            barrier.wait(timeout=30)
            support_package_add(
                employee=employee,
                package=PackageInput(wage_premium_percent=50, guidance_level="low"),
                valid_from=date(2026, 1, 1),
                reason="herziening",
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    versions = sorted(
        SupportPackage.objects.filter(employee=employee).values_list("version", flat=True)
    )
    assert versions == list(range(1, WRITERS + 2))
