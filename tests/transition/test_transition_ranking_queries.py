"""Ranking one employee against many partners runs a fixed, small number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import evaluation_create
from doorstroom.esf.models import Call, Project, ProjectDecision
from doorstroom.mandates.models import Mandate, MandateApplication
from doorstroom.organisations.models import Organisation, Recognition, ServedMunicipality, Site
from tests.factories import enterprise_number

pytestmark = pytest.mark.django_db

BUDGET = 14
# Once this process holds the partner facts (referrals.ranking.PartnerFactsCache), a ranking
# reads only the stamp of those facts besides the request's own queries (was 14 every time).
BUDGET_WARM = 6


def bulk_partners(n: int) -> None:
    """n eligible partners, inserted in bulk (test data only: the services are tested elsewhere)."""
    orgs = Organisation.objects.bulk_create(
        Organisation(
            enterprise_number=enterprise_number(7_000_000 + i),
            name=f"Partner {i}",
            postal_code="9000" if i % 2 else "2000",
        )
        for i in range(n)
    )
    Recognition.objects.bulk_create(
        Recognition(
            organisation=o, label_number="L", registration_number="R", valid_from=date(2015, 1, 1)
        )
        for o in orgs
    )
    Site.objects.bulk_create(
        Site(organisation=o, name="Zetel", postal_code=o.postal_code) for o in orgs
    )
    ServedMunicipality.objects.bulk_create(
        ServedMunicipality(organisation=o, municipality_id="44021") for o in orgs[::3]
    )
    apps = MandateApplication.objects.bulk_create(
        MandateApplication(organisation=o, kind="new", frameworks="maatwerk") for o in orgs
    )
    Mandate.objects.bulk_create(
        Mandate(
            organisation=o,
            application=a,
            frameworks="maatwerk",
            valid_from=date(2024, 1, 1),
            valid_until=date(2029, 12, 31),
        )
        for o, a in zip(orgs, apps, strict=True)
    )
    call = Call.objects.create(
        code=f"C{n}", title="x", opens_on=date(2020, 1, 1), closes_on=date(2030, 1, 1)
    )
    projects = Project.objects.bulk_create(
        Project(organisation=o, call=call, submitted_on=date(2024, 1, 2), status="approved")
        for o in orgs
    )
    ProjectDecision.objects.bulk_create(
        ProjectDecision(
            project=p,
            approved=True,
            decided_on=date(2024, 1, 3),
            starts_on=date(2024, 1, 3),
            ends_on=date(2029, 12, 31),
        )
        for p in projects
    )


@pytest.mark.parametrize("partners", [5, 500])
def test_ranking_queries_do_not_grow_with_partners(
    api_for: Any, employee: Employee, django_assert_max_num_queries: Any, partners: int
) -> None:
    bulk_partners(partners)
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=clock.today() - timedelta(days=1),
        needs_support=False,
        package_still_correct=True,
        criteria={
            c: {"favourable": True, "motivation": "ok"}
            for c in ("personal_situation", "employer_continuity", "regional_prospects")
        },
    )
    consultant = api_for("consultant")
    with django_assert_max_num_queries(BUDGET):
        response = consultant.get(f"/api/v1/evaluations/{evaluation.pk}/ranking/")
    assert response.status_code == 200
    assert response.json()["eligible_count"] == partners
    assert len(response.json()["eligible"]) == min(partners, 20)
    with django_assert_max_num_queries(BUDGET_WARM):
        again = consultant.get(f"/api/v1/evaluations/{evaluation.pk}/ranking/")
    assert again.json() == response.json()
