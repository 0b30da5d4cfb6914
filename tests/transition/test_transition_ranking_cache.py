"""The per-process cache of the partner facts (referrals.ranking.PartnerFactsCache) never
serves facts older than the last committed change: each kind of change made through its
service bumps the stamp, a cache filled before the change (another process, as far as the
cache can tell: it only shares the database) ranks as a fresh read does afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import evaluation_create
from doorstroom.esf import services as esf
from doorstroom.esf.models import Call
from doorstroom.mandates import services as mandates
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation, Recognition
from doorstroom.organisations.partner_facts import stamp_bump, stamp_read
from doorstroom.referrals.ranking import PartnerFactsCache, ranking_for, ranking_uncached
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.services import outcome_record, trajectory_start
from tests.conftest import ALL_MET, SUBJECT
from tests.factories import enterprise_number, make_partner

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "ok"}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}
START = date(2024, 1, 10)


def _trace(employee: Employee, cache: PartnerFactsCache) -> dict[str, object]:
    return ranking_for(employee, on=clock.today(), cache=cache).as_trace()


def _assert_current(employee: Employee, warm: PartnerFactsCache) -> dict[str, object]:
    """The warm cache, a fresh cache and a read without cache give the same trace."""
    expected = ranking_uncached(employee, on=clock.today()).as_trace()
    assert _trace(employee, warm) == expected
    assert _trace(employee, PartnerFactsCache()) == expected
    return expected


def _bare_org(name: str, n: int) -> Organisation:
    return organisations.organisation_create(
        enterprise_number=enterprise_number(8_000_000 + n), name=name, postal_code="9000"
    )


def _ineligible_reasons(trace: dict[str, Any], pk: int) -> list[str] | None:
    for p in trace["ineligible"]:
        if p["partner_id"] == pk:
            return [r["code"] for r in p["reasons"]]
    return None


def _eligible(trace: dict[str, Any], pk: int) -> dict[str, Any] | None:
    return next((p for p in trace["eligible"] if p["partner_id"] == pk), None)


@pytest.fixture
def neighbour(employee: Employee) -> Organisation:
    """One eligible partner, so that no ranking is empty."""
    return make_partner("Buur vzw", "9000", network=("44021",))


def test_a_warm_cache_reads_only_the_stamp(
    employee: Employee, neighbour: Organisation, django_assert_num_queries: Any
) -> None:
    cache = PartnerFactsCache()
    cache.get(target_groups=employee.target_groups, on=clock.today())
    with django_assert_num_queries(1):
        cache.get(target_groups=employee.target_groups, on=clock.today())


def test_the_stamp_moves_only_with_a_commit(db: Any) -> None:
    before = stamp_read()
    with pytest.raises(RuntimeError), transaction.atomic():
        stamp_bump()
        assert stamp_read() != before  # the own transaction sees it
        raise RuntimeError("rolled back")
    assert stamp_read() == before
    stamp_bump()
    after = stamp_read()
    assert after is not None and before is not None
    assert after[0] == before[0] + 1 and after[1] != before[1]


def test_mandate_decided(employee: Employee, neighbour: Organisation) -> None:
    org = _bare_org("Nieuw mandaat vzw", 1)
    organisations.recognition_create(
        organisation=org, label_number="L", registration_number="R",
        valid_from=date(2015, 1, 1), valid_until=None,
    )  # fmt: skip
    app = mandates.application_create(
        organisation=org, kind="new", frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )  # fmt: skip
    mandates.receipt_register(
        application=app, channel="email", received_on=START.replace(day=1), subject=SUBJECT,
        eid_signed_by=["A"],
    )  # fmt: skip
    warm = PartnerFactsCache()
    before = _assert_current(employee, warm)
    assert org.pk not in {p["partner_id"] for p in [*before["eligible"], *before["ineligible"]]}  # type: ignore[attr-defined]
    mandates.decision_create(application=app, decided_on=START, starts_on=None, conditions=ALL_MET)
    after = _assert_current(employee, warm)
    assert _ineligible_reasons(after, org.pk) == ["esf_project_required"]


def test_recognition_added(employee: Employee, neighbour: Organisation) -> None:
    org = make_partner("Erkenning vzw", "9000")
    # Set-up only (not a service): the recognition ran out, so the partner is not eligible.
    Recognition.objects.filter(organisation=org).update(valid_until=date(2020, 12, 31))
    warm = PartnerFactsCache()
    assert _ineligible_reasons(_assert_current(employee, warm), org.pk) == ["recognition_missing"]
    organisations.recognition_create(
        organisation=org, label_number="L2", registration_number="R2",
        valid_from=date(2021, 1, 1), valid_until=None,
    )  # fmt: skip
    assert _eligible(_assert_current(employee, warm), org.pk) is not None


def test_esf_project_decided(employee: Employee, neighbour: Organisation) -> None:
    org = make_partner("Zonder project vzw", "9000", esf_project=False)
    warm = PartnerFactsCache()
    assert _ineligible_reasons(_assert_current(employee, warm), org.pk) == ["esf_project_required"]
    call = Call.objects.first() or esf.call_create(
        code="433", title="Doorstroom", opens_on=date(2015, 1, 1), closes_on=date(2030, 1, 1)
    )
    project = esf.project_create(organisation=org, call=call, submitted_on=START)
    assert _ineligible_reasons(_assert_current(employee, warm), org.pk) == ["esf_project_required"]
    esf.project_decide(
        project=project, approved=True, decided_on=START, starts_on=START,
        ends_on=date(2029, 12, 31),
    )  # fmt: skip
    assert _eligible(_assert_current(employee, warm), org.pk) is not None


def test_site_added(employee: Employee, neighbour: Organisation) -> None:
    org = make_partner("Ver weg vzw", "3500")  # Hasselt, far from Gent
    warm = PartnerFactsCache()
    far = _eligible(_assert_current(employee, warm), org.pk)
    organisations.site_create(organisation=org, name="Gent", postal_code="9000")
    near = _eligible(_assert_current(employee, warm), org.pk)
    assert far is not None and near is not None
    assert near["distance_km"] < far["distance_km"]


def test_local_network_changed(employee: Employee, neighbour: Organisation) -> None:
    org = make_partner("Netwerk vzw", "9000")
    warm = PartnerFactsCache()
    assert _eligible(_assert_current(employee, warm), org.pk)["local_network"] == "none"  # type: ignore[index]
    organisations.local_network_set(organisation=org, municipalities=["44021"])
    assert _eligible(_assert_current(employee, warm), org.pk)["local_network"] == "municipality"  # type: ignore[index]


def test_trajectory_started_and_outcome_recorded(
    employee: Employee, neighbour: Organisation
) -> None:
    start = clock.today() - timedelta(days=200)
    evaluation = evaluation_create(
        employee=employee, evaluated_on=start, needs_support=False,
        package_still_correct=True, criteria=FAVOURABLE,
    )  # fmt: skip
    referral = referral_create(evaluation=evaluation, partner=neighbour, referred_on=start)
    warm = PartnerFactsCache()
    assert _eligible(_assert_current(employee, warm), neighbour.pk)["current_load"] == 0  # type: ignore[index]
    trajectory = trajectory_start(referral=referral, started_on=start)
    assert _eligible(_assert_current(employee, warm), neighbour.pk)["current_load"] == 1  # type: ignore[index]
    outcome_record(
        trajectory=trajectory, kind="hired", on=clock.today() - timedelta(days=1),
        employer_enterprise_number="0202239951", employer_name="Werkgever nv",
    )  # fmt: skip
    after = _eligible(_assert_current(employee, warm), neighbour.pk)
    assert after is not None and after["current_load"] == 0
    assert "1 afgerond traject, 100 % aan het werk" in after["factors"][2]["explanation_nl"]


def test_a_cache_never_keeps_facts_without_a_stamp(
    employee: Employee, neighbour: Organisation, partner_factory: Callable[..., Organisation]
) -> None:
    from doorstroom.organisations.models import PartnerFactsStamp

    PartnerFactsStamp.objects.all().delete()  # as a flushed database would be
    warm = PartnerFactsCache()
    _assert_current(employee, warm)
    Recognition.objects.filter(organisation=neighbour).update(valid_until=date(2020, 12, 31))
    assert _ineligible_reasons(_assert_current(employee, warm), neighbour.pk) == [
        "recognition_missing"
    ]
