"""Applicant pages: who may open them, scoping to the own organisation, the work queue.

The builders at the top (a partner with a referral and a trajectory) are shared by the other
test_web_applicant_* files and the browser journey.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.privacy.models import AccessLog
from doorstroom.referrals.models import Referral
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.services import trajectory_start
from tests import factories
from tests.conftest import renewal_draft
from tests.factories import enterprise_number, make_partner

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "Gunstig: motivatie en regio kloppen."}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}
_numbers = itertools.count(1)


def national_number() -> str:
    """A fresh valid Belgian national number (born 1985-07-30, check digits mod 97)."""
    return factories.national_number(100 + next(_numbers) * 2)


def make_employee(given_name: str = "Sofie", family_name: str = "Claes") -> Employee:
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(7_000_000 + next(_numbers)),
        name=f"Maatwerkbedrijf {given_name}",
        postal_code="9000",
    )
    return employee_create(
        national_number=national_number(),
        given_name=given_name,
        family_name=family_name,
        postal_code="9000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2020, 3, 1),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )


def make_referral(
    partner: Organisation,
    *,
    referred_on: date | None = None,
    given_name: str = "Sofie",
    family_name: str = "Claes",
) -> Referral:
    """An employee evaluated favourably and referred to ``partner`` (R7, R10)."""
    referred_on = referred_on or clock.today() - timedelta(days=60)
    evaluation = evaluation_create(
        employee=make_employee(given_name, family_name),
        evaluated_on=referred_on,
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
    )
    return referral_create(
        evaluation=evaluation,
        partner=partner,
        referred_on=referred_on,
        override_reason="Kent de werkgevers in de regio goed.",
    )


def make_trajectory(partner: Organisation, **kwargs: Any) -> Trajectory:
    referral = make_referral(partner, **kwargs)
    return trajectory_start(referral=referral, started_on=referral.due_on)


def make_partner_org(name: str = "Dichtbij Gent vzw") -> Organisation:
    return make_partner(name, "9000", network=("44021",))


def draft_application(organisation: Organisation) -> MandateApplication:
    return mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="An Peeters", function="voorzitter")],
    )


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def partner(db: Any) -> Organisation:
    return make_partner_org()


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], partner: Organisation) -> Client:
    client.force_login(make_user("applicant", partner))
    return client


# --- access -------------------------------------------------------------------------------

PAGES = [
    "applicant:home",
    "applicant:organisation",
    "applicant:site_add",
    "applicant:local_network",
    "applicant:applications",
    "applicant:application_new",
    "applicant:mandates",
    "applicant:projects",
    "applicant:project_new",
    "applicant:referrals",
    "applicant:trajectories",
]
RECORD_PAGES = [
    "applicant:application",
    "applicant:evidence_add",
    "applicant:application_send",
]
TRAJECTORY_PAGES = [
    "applicant:trajectory",
    "applicant:activity_add",
    "applicant:internship_add",
    "applicant:suspension_add",
    "applicant:outcome_record",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_the_applicant(staff: Client, name: str) -> None:
    response = staff.get(reverse(name))
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_record_pages_open_for_the_own_organisation(staff: Client, partner: Organisation) -> None:
    application = draft_application(partner)
    for name in RECORD_PAGES:
        assert staff.get(reverse(name, args=[application.pk])).status_code == 200, name
    trajectory = make_trajectory(partner)
    for name in TRAJECTORY_PAGES:
        assert staff.get(reverse(name, args=[trajectory.pk])).status_code == 200, name
    referral = trajectory.referral
    assert staff.get(reverse("applicant:referral", args=[referral.pk])).status_code == 200


@pytest.mark.parametrize("role", ["reviewer", "consultant", "esf_officer"])
def test_other_roles_get_403(
    client: Client, make_user: Callable[..., User], partner: Organisation, role: str
) -> None:
    application = draft_application(partner)
    trajectory = make_trajectory(partner)
    client.force_login(make_user(role))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    for name in RECORD_PAGES:
        assert client.get(reverse(name, args=[application.pk])).status_code == 403, name
    for name in TRAJECTORY_PAGES:
        assert client.get(reverse(name, args=[trajectory.pk])).status_code == 403, name
    response = client.post(reverse("applicant:site_add"), {"name": "X", "postal_code": "9000"})
    assert response.status_code == 403


def test_signed_out_goes_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("applicant:home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")


def test_another_organisations_records_are_404(
    staff: Client, partner: Organisation, other_organisation: Organisation
) -> None:
    foreign_application = draft_application(other_organisation)
    other_partner = make_partner_org("Werkpunt Gent vzw")
    foreign_trajectory = make_trajectory(other_partner, given_name="Jan", family_name="Smet")
    foreign_referral = make_referral(other_partner, given_name="Lien", family_name="Wouters")
    for name in RECORD_PAGES:
        assert staff.get(reverse(name, args=[foreign_application.pk])).status_code == 404, name
    for name in TRAJECTORY_PAGES:
        assert staff.get(reverse(name, args=[foreign_trajectory.pk])).status_code == 404, name
    assert staff.get(reverse("applicant:referral", args=[foreign_referral.pk])).status_code == 404
    # Writes are scoped the same way: nothing is recorded on another partner's trajectory.
    response = staff.post(
        reverse("applicant:activity_add", args=[foreign_trajectory.pk]),
        {"on": clock.today().isoformat(), "kind": "guidance", "hours": "2"},
    )
    assert response.status_code == 404
    assert not foreign_trajectory.activities.exists()
    # And lists do not show them.
    assert b"Jan Smet" not in staff.get(reverse("applicant:trajectories")).content
    assert (
        foreign_application.reference.encode()
        not in staff.get(reverse("applicant:applications")).content
    )


# --- the work queue -----------------------------------------------------------------------


def test_home_shows_what_is_missing_mandates_referrals_and_deadlines(
    staff: Client, partner: Organisation
) -> None:
    application = draft_application(partner)
    make_referral(partner, given_name="Lien", family_name="Wouters")
    trajectory = make_trajectory(partner, given_name="Jan", family_name="Smet")
    response = staff.get(reverse("applicant:home"))
    html = response.content.decode()
    assert application.reference in html
    # What is missing, in the words of the rules (R14 and R13).
    assert "nog niet per e-mail ontvangen" in html
    assert "werd geen bewijsstuk opgeladen" in html
    # The mandate of make_partner, with its validity and status as text.
    assert "actief" in html
    # The new referral and the running trajectory with its next phase deadline.
    assert "Lien Wouters" in html
    assert "Jan Smet" in html
    assert reverse("applicant:trajectory", args=[trajectory.pk]) in html
    # Reads of people are logged.
    assert AccessLog.objects.filter(purpose="referral_list").exists()
    assert AccessLog.objects.filter(purpose="trajectory_list").exists()


def test_home_prompts_renewal_within_the_reminder_lead_time(
    staff: Client, partner: Organisation
) -> None:
    mandate = partner.mandates.get()
    # Decided 2024-01-10: valid until 2030-01-09; the reminder comes 180 days before.
    clock_today = mandate.valid_until - timedelta(days=10)
    with mock.patch("doorstroom.common.clock.today", return_value=clock_today):
        html = staff.get(reverse("applicant:home")).content.decode()
    assert "Vernieuwing aanvragen" in html
    assert f"mandaat={mandate.pk}" in html
    html = staff.get(reverse("applicant:home")).content.decode()
    assert "Vernieuwing aanvragen" not in html


def test_english_pages_use_the_catalogue(staff: Client) -> None:
    staff.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = staff.get(reverse("applicant:home")).content.decode()
    assert "Overview" in html
    assert "New referrals" in html


def test_renewal_prompt_follows_the_rule_a_withdrawn_renewal_does_not_count(
    staff: Client, partner: Organisation
) -> None:
    """R3 ``renewal_due``: a renewal on its way stops the prompt, a withdrawn one does not."""
    mandate = partner.mandates.get()
    in_lead_time = mandate.valid_until - timedelta(days=10)
    renewal = renewal_draft(mandate)
    with mock.patch("doorstroom.common.clock.today", return_value=in_lead_time):
        pending = staff.get(reverse("applicant:home")).content.decode()
        mandates.application_withdraw(
            application=renewal, withdrawn_on=in_lead_time, today=in_lead_time
        )
        withdrawn = staff.get(reverse("applicant:home")).content.decode()
    # The renewal prompt above the tables (the mandate table links the renewal either way).
    assert '<div class="prompt">' not in pending
    assert '<div class="prompt">' in withdrawn
