"""The reads added for the ESF pages: the dashboard's series and choices (monitoring) and the
projects with their organisation's mandate of the day (esf)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from doorstroom.accounts.models import User
from doorstroom.esf import services as esf
from doorstroom.esf.selectors import project_list_with_mandate_for_user
from doorstroom.monitoring.selectors import (
    IndicatorFilter,
    duration_distribution,
    indicators,
    monthly_series,
    partner_name,
    partner_search,
    province_choices,
)
from doorstroom.organisations.models import Organisation
from tests.factories import make_partner
from tests.monitoring import conftest as monitoring_data
from tests.monitoring.conftest import chain

pytestmark = pytest.mark.django_db

march = monitoring_data.dataset  # the hand-built dataset, period 2024-03-01..03-31


def test_monthly_series_adds_up_to_the_indicators(march: list[Any]) -> None:
    f = IndicatorFilter(date(2024, 1, 15), date(2024, 4, 10))
    series = monthly_series(f)
    assert [m["month"] for m in series] == [date(2024, m, 1) for m in (1, 2, 3, 4)]
    totals = indicators(f)["totals"]
    assert sum(m["started"] for m in series) == totals["started"]
    for kind, n in totals["outcomes"].items():
        assert sum(m["outcomes"][kind] for m in series) == n
    march_row = series[2]
    assert march_row["started"] == 2  # T2 on 03-01, T7 on 03-31
    assert march_row["outcomes"] == {"hired": 2, "returned": 0, "stopped": 1}
    assert march_row["outcomes_total"] == 3
    # January is cut at the 15th: T5 (started 01-01) is not counted, T4 (01-15) and T8 are
    assert series[0]["started"] == 2
    assert series[3]["outcomes"]["returned"] == 1  # T4 ends 04-01


def test_monthly_series_follows_the_filters(
    march: list[Any], other_organisation: Organisation
) -> None:
    f = IndicatorFilter(date(2024, 3, 1), date(2024, 3, 31), partner_id=other_organisation.pk)
    assert monthly_series(f)[0]["outcomes"] == {"hired": 0, "returned": 0, "stopped": 1}
    lde = IndicatorFilter(date(2024, 3, 1), date(2024, 3, 31), framework="lde")
    assert monthly_series(lde)[0]["outcomes_total"] == 1


def test_monthly_series_over_a_year_end_has_every_month(db: Any) -> None:
    series = monthly_series(IndicatorFilter(date(2023, 11, 30), date(2024, 2, 1)))
    assert [m["month"] for m in series] == [
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]
    assert all(m["started"] == 0 and m["outcomes_total"] == 0 for m in series)


def test_duration_distribution_matches_the_median_facts(march: list[Any]) -> None:
    # durations in March: 30 (T2), 31 (T8), 69 (T5)
    buckets = duration_distribution(IndicatorFilter(date(2024, 3, 1), date(2024, 3, 31)))
    assert buckets == [
        {"min_days": 0, "max_days": 30, "count": 1},
        {"min_days": 31, "max_days": 90, "count": 2},
        {"min_days": 91, "max_days": 180, "count": 0},
        {"min_days": 181, "max_days": 365, "count": 0},
        {"min_days": 366, "max_days": None, "count": 0},
    ]
    short = duration_distribution(IndicatorFilter(date(2024, 3, 1), date(2024, 3, 31)), (30,))
    assert [b["count"] for b in short] == [1, 2]


def test_choices(march: list[Any], organisation: Organisation) -> None:
    outsider = Organisation.objects.create(
        enterprise_number="0417497106", name="Geen partner vzw", postal_code="9000"
    )
    names = [name for _pk, name in partner_search("VZW", 10)]
    assert names == ["Jobkracht Gent vzw", "Werkpunt Hasselt vzw"]  # by name, any case
    assert [name for _pk, name in partner_search("vzw", 1)] == ["Jobkracht Gent vzw"]
    assert partner_search("gent", 10) == [(organisation.pk, "Jobkracht Gent vzw")]
    assert partner_search("%", 10) == partner_search("_", 10) == []  # no LIKE wildcards
    assert partner_name(organisation.pk) == "Jobkracht Gent vzw"
    assert partner_name(outsider.pk) is None  # no mandate, referral or trajectory
    assert partner_name(outsider.pk + 1000) is None


def test_a_partner_named_exactly_comes_first(db: Any) -> None:
    """Its whole name is part of many others' that sort before it: still offered first."""
    werk = make_partner("Werk", "9000", esf_project=False)
    for i in range(3):
        make_partner(f"Aalst Werk {i} vzw", "9300", esf_project=False)
    assert partner_search("WERK", 2) == [(werk.pk, "Werk"), *partner_search("aalst", 1)]
    assert [name for _pk, name in partner_search("werk ", 10)] == [
        "Aalst Werk 0 vzw",
        "Aalst Werk 1 vzw",
        "Aalst Werk 2 vzw",
    ]
    provinces = dict(province_choices())
    assert provinces["40000"] == "Provincie Oost-Vlaanderen"
    assert provinces["70000"] == "Provincie Limburg"
    assert "" not in provinces


def test_a_mandated_partner_without_trajectories_can_be_found(db: Any) -> None:
    brugge = make_partner("Jobkracht Brugge vzw", "8000", esf_project=False)
    assert partner_search("brugge", 10) == [(brugge.pk, "Jobkracht Brugge vzw")]
    assert partner_name(brugge.pk) == "Jobkracht Brugge vzw"


def test_projects_carry_whether_the_mandate_is_active(
    make_user: Callable[..., User], organisation: Organisation
) -> None:
    mandated = make_partner(
        "Jobkracht Brugge vzw", "8000", esf_project=False, mandate_decided=date(2024, 1, 10)
    )
    call = esf.call_create(
        code="432", title="Doorstroom", opens_on=date(2024, 1, 1), closes_on=date(2030, 1, 1)
    )
    for org in (mandated, organisation):
        esf.project_create(organisation=org, call=call, submitted_on=date(2024, 2, 1))
    officer = make_user("esf_officer")

    def flags(on: date) -> dict[str, bool]:
        return {
            p.organisation.name: p.has_active_mandate
            for p in project_list_with_mandate_for_user(officer, on=on)
        }

    assert flags(date(2024, 1, 10)) == {"Jobkracht Brugge vzw": True, "Jobkracht Gent vzw": False}
    assert flags(date(2024, 1, 9)) == {"Jobkracht Brugge vzw": False, "Jobkracht Gent vzw": False}
    assert flags(date(2030, 1, 9))["Jobkracht Brugge vzw"] is True  # last day (R3)
    assert flags(date(2030, 1, 10))["Jobkracht Brugge vzw"] is False
    consultant = make_user("consultant")
    assert not project_list_with_mandate_for_user(consultant, on=date(2024, 2, 1)).exists()


def test_monthly_series_has_a_fixed_number_of_queries(
    organisation: Organisation, django_assert_num_queries: Any
) -> None:
    for day in (3, 10, 17):
        chain(
            organisation,
            referred_on=date(2024, 3, day),
            started_on=date(2024, 3, day),
            ended_on=date(2024, 4, day),
            outcome="hired",
        )
    with django_assert_num_queries(1):  # one grouped query over the tally (was 2, raw tables)
        series = monthly_series(IndicatorFilter(date(2024, 1, 1), date(2024, 12, 31)))
    assert [m["started"] for m in series][2] == 3
    assert [m["outcomes"]["hired"] for m in series][3] == 3
    with django_assert_num_queries(1):
        duration_distribution(IndicatorFilter(date(2024, 1, 1), date(2024, 12, 31)))
