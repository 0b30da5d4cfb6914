"""Builders for the transition tests: partners in every eligibility state, an employee."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import PackageInput, employee_create
from doorstroom.esf import services as esf
from doorstroom.esf.models import Call
from doorstroom.mandates import services as mandates
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.rules.calendar import add_years
from tests.conftest import ALL_MET, SUBJECT

NATIONAL_NUMBER = "85073003328"  # 85.07.30-033.28, valid checksum
_counter = iter(range(1, 100_000))


def enterprise_number(base: int) -> str:
    return f"{base:08d}{97 - base % 97:02d}"


def make_partner(
    name: str,
    postal_code: str,
    *,
    frameworks: tuple[str, ...] = ("maatwerk",),
    mandate_decided: date | None = None,
    esf_project: bool = True,
    network: tuple[str, ...] = (),
    call: Call | None = None,
) -> Organisation:
    """A partner with a recognition, a mandate decided on a day, and (optionally) an ESF project.

    By default the mandate is decided on 2024-01-10 (the fixed-date stories start then); on a
    day less than a year after that (``--today`` before 2025-01-10), two years before today
    instead, so that the stories told relative to today (a referral 200 days ago) find a valid
    mandate on every day the suite is run at.
    """
    if mandate_decided is None:
        mandate_decided = date(2024, 1, 10)
        if add_years(clock.today(), -1) < mandate_decided:
            mandate_decided = add_years(clock.today(), -2)
    org = organisations.organisation_create(
        enterprise_number=enterprise_number(5_000_000 + next(_counter)),
        name=name,
        postal_code=postal_code,
    )
    organisations.recognition_create(
        organisation=org,
        label_number="L",
        registration_number="R",
        valid_from=date(2015, 1, 1),
        valid_until=None,
    )
    organisations.site_create(organisation=org, name="Zetel", postal_code=postal_code)
    if network:
        organisations.local_network_set(organisation=org, municipalities=list(network))
    app = mandates.application_create(
        organisation=org,
        kind="new",
        frameworks=list(frameworks),
        signatories=[mandates.SignatoryInput(name="A")],
    )
    mandates.receipt_register(
        application=app,
        channel="email",
        received_on=mandate_decided.replace(day=1),
        subject=SUBJECT,
        eid_signed_by=["A"],
    )
    mandates.decision_create(
        application=app, decided_on=mandate_decided, starts_on=None, conditions=ALL_MET
    )
    if esf_project:
        call = (
            call
            or Call.objects.first()
            or esf.call_create(
                code="432",
                title="Doorstroom",
                opens_on=date(2015, 1, 1),
                closes_on=date(2030, 1, 1),
            )
        )
        project = esf.project_create(organisation=org, call=call, submitted_on=mandate_decided)
        esf.project_decide(
            project=project,
            approved=True,
            decided_on=mandate_decided,
            starts_on=mandate_decided,
            ends_on=date(2029, 12, 31),
        )
    return org


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
