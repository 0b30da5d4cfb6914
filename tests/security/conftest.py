"""Two partner organisations with a record of every kind, and a signed-in user per role.

The world is built once per module inside a transaction that is rolled back at the end
(like Django's ``setUpTestData``); every test runs in its own savepoint on top of it, so a
write by one case never leaks into the next.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction

from doorstroom.accounts.services import token_create, user_create
from doorstroom.common import clock
from doorstroom.employees.services import evaluation_create
from doorstroom.esf.models import Call, Project
from doorstroom.intake.services import email_ingest
from doorstroom.letters.models import Letter
from doorstroom.letters.services import letter_create
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Mandate
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.services import internship_add, trajectory_start
from tests.conftest import make_pdf
from tests.factories import make_partner
from tests.security.authz_matrix import ROLES
from tests.web.test_web_applicant_pages import FAVOURABLE, make_employee

OWN, OTHER = "own", "other"


@dataclass
class Records:
    """The ids of one organisation's records (the ``record`` names of the matrix)."""

    ids: dict[str, int] = field(default_factory=dict)
    name: str = ""


@dataclass
class World:
    orgs: dict[str, Records]
    tokens: dict[str, str]  # role -> API token key ("" for anonymous)
    users: dict[str, int]  # role -> user id


def _organisation_records(org: Organisation, given_name: str) -> Records:
    records = Records(name=org.name)
    ids = records.ids
    ids["organisation"] = org.pk
    decided = org.applications.order_by("pk").first()  # type: ignore[attr-defined]
    ids["decided_application"] = decided.pk
    ids["mandate"] = Mandate.objects.get(organisation=org).pk
    letter = Letter.objects.filter(application=decided, referral__isnull=True).order_by(
        "pk"
    ).first() or letter_create(kind="decision", subject=decided.decision)
    ids["letter"] = letter.pk  # type: ignore[union-attr]
    ids["project"] = Project.objects.filter(organisation=org).order_by("pk")[0].pk
    draft = mandates.application_create(
        organisation=org,
        kind="renewal",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )
    ids["application"] = draft.pk
    ids["evidence"] = mandates.evidence_add(
        application=draft,
        condition="quality_management",
        file=io.BytesIO(make_pdf()),
        original_name="kwaliteit.pdf",
    ).pk
    today = clock.today()
    employee = make_employee(given_name, "Claes")
    ids["employee"] = employee.pk
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=today - timedelta(days=30),
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
    )
    ids["evaluation"] = evaluation.pk
    referral = referral_create(
        evaluation=evaluation,
        partner=org,
        referred_on=today - timedelta(days=30),
        override_reason="Kent de werkgevers in de regio goed.",
    )
    ids["referral"] = referral.pk
    trajectory = trajectory_start(referral=referral, started_on=referral.due_on)
    ids["trajectory"] = trajectory.pk
    ids["internship"] = internship_add(
        trajectory=trajectory,
        employer_enterprise_number="0202239951",
        employer_name="Bakkerij Peeters",
        vacancy="Verkoper",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=10),
    ).pk
    raw = (
        f"From: onbekend@example.invalid\r\nTo: doorstroom@vdab.be\r\n"
        f"Subject: Vraag\r\nMessage-ID: <authz-{org.pk}@example.invalid>\r\n"
        "Date: Mon, 6 Jan 2025 10:00:00 +0100\r\nContent-Type: text/plain\r\n\r\nHallo\r\n"
    ).encode()
    ids["incoming_email"] = email_ingest(raw=raw, received_by=None).pk  # unmatched: queued
    ids["call"] = Call.objects.order_by("pk").first().pk  # type: ignore[union-attr]
    return records


def build_world() -> World:
    own = make_partner("Eigen Partner Gent vzw", "9000", network=("44021",))
    other = make_partner("Andere Partner Hasselt vzw", "3500")
    orgs = {OWN: _organisation_records(own, "Sofie"), OTHER: _organisation_records(other, "Jan")}
    tokens: dict[str, str] = {"anonymous": ""}
    users: dict[str, int] = {}
    for role in ROLES:
        if role == "anonymous":
            continue
        base = "applicant" if role.startswith("applicant") else role
        organisation = {"applicant_own": own, "applicant_other": other}.get(role)
        user = user_create(
            username=f"authz_{role}",
            role=base,
            organisation_id=organisation.pk if organisation else None,
        )
        users[role] = user.pk
        tokens[role] = token_create(username=user.username).key
    orgs[OWN].ids["user"] = users["applicant_own"]  # the administrator's user pages
    return World(orgs=orgs, tokens=tokens, users=users)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
