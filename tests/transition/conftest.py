"""Fixtures for the transition tests: an employer and an employee (builders: tests/factories.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from doorstroom.employees.models import Employee
from doorstroom.employees.services import PackageInput, employee_create
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from tests.factories import NATIONAL_NUMBER, enterprise_number, make_partner


@pytest.fixture
def partner_factory(db: Any) -> Callable[..., Organisation]:
    return make_partner


@pytest.fixture
def employer(db: Any) -> Organisation:
    return organisations.organisation_create(
        enterprise_number=enterprise_number(6_000_001),
        name="Maatwerkbedrijf Gent",
        postal_code="9000",
    )


@pytest.fixture
def employee(employer: Organisation) -> Employee:
    return employee_create(
        national_number=NATIONAL_NUMBER,
        given_name="Sofie",
        family_name="Claes",
        postal_code="9000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2020, 3, 1),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )
