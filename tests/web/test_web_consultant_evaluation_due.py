"""The consultant's follow-up page lists employees whose support package reaches five years."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.organisations import services as organisations
from doorstroom.privacy.models import AccessLog
from tests.factories import NATIONAL_NUMBER, enterprise_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def ending(db: Any) -> Employee:
    """Hired five years minus about two months ago: the package ends within 90 days."""
    today = clock.today()
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(6_300_001), name="Maatwerk Brugge", postal_code="8000"
    )
    return employee_create(
        national_number=NATIONAL_NUMBER,
        given_name="Lotte",
        family_name="Maes",
        postal_code="8000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=today.replace(year=today.year - 5, day=1) + timedelta(days=60),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )


def test_home_lists_the_employee_until_evaluated(make_user: Any, ending: Employee) -> None:
    consultant = make_user("consultant")
    client = Client()
    client.force_login(consultant)
    html = client.get(reverse("consultant:home")).content.decode()
    section = html.split('id="evaluatie-nodig"')[1]
    assert "Lotte Maes" in section
    assert reverse("consultant:evaluation_new", args=[ending.pk]) in section
    assert "1 werknemer wacht op een evaluatie" in section
    assert AccessLog.objects.filter(employee=ending, purpose="followup_list").exists()
    evaluation_create(
        employee=ending,
        evaluated_on=clock.today(),
        needs_support=True,
        package_still_correct=True,
        criteria=None,
    )
    html = client.get(reverse("consultant:home")).content.decode()
    assert "Lotte Maes" not in html.split('id="evaluatie-nodig"')[1]
