"""Builders shared by the test folders: valid Belgian identifiers and a partner with a mandate.

Import them from here (`from tests.factories import make_partner`); the folders' conftest
fixtures call them.
"""

from __future__ import annotations

from datetime import date

from doorstroom.common import clock
from doorstroom.common.identifiers import enterprise_number_for as enterprise_number
from doorstroom.common.identifiers import national_number_for
from doorstroom.esf import services as esf
from doorstroom.esf.models import Call
from doorstroom.mandates import services as mandates
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.rules.calendar import add_years
from tests.conftest import ALL_MET, SUBJECT

__all__ = ["NATIONAL_NUMBER", "enterprise_number", "make_partner", "national_number"]

NATIONAL_NUMBER = "85073003328"  # 85.07.30-033.28, valid checksum
_counter = iter(range(1, 100_000))


def national_number(serial: int, born: date = date(1985, 7, 30)) -> str:
    """A valid national number: by default of someone born on 30 July 1985 (serial 1–997)."""
    return national_number_for(born, serial)


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
