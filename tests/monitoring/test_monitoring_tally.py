"""The tally-based indicators equal the reference (raw tables) for random facts, periods and
filters; the tally follows moves, deletions and a rebuild (R5)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstroom.monitoring import selectors, tally
from doorstroom.monitoring.models import IndicatorTally
from doorstroom.organisations.models import Organisation
from doorstroom.rules.codes import TARGET_GROUPS
from tests.monitoring import reference
from tests.monitoring.conftest import GENT, HASSELT, chain, employee, evaluation, mandate_decision

pytestmark = pytest.mark.django_db

BRUSSELS = "21004"  # a municipality without a province ("" province code)
START = date(2023, 11, 15)
SPAN = 560  # days: crosses year ends, month ends and 2024-02-29
PLACES = (GENT, HASSELT, BRUSSELS)
FRAMEWORKS = ("maatwerk", "lde")
KINDS = (None, "hired", "returned", "stopped")

days = st.integers(0, SPAN)
chains = st.fixed_dictionaries(
    {
        "partner": st.integers(0, 2),
        "referred": days,
        "start_after": st.one_of(st.none(), st.integers(0, 40)),
        "length": st.integers(0, 300),
        "kind": st.sampled_from(KINDS),
        "suspension": st.one_of(st.none(), st.tuples(st.integers(0, 200), st.integers(0, 60))),
        "place": st.sampled_from(PLACES),
        "framework": st.sampled_from(FRAMEWORKS),
        # which of the framework's groups ("en/of"): a bit per group, none set = the first
        "groups": st.integers(0, 7),
    }
)
evaluations = st.tuples(days, st.sampled_from(("transition", "no_transition")), st.integers(0, 5))
decisions = st.tuples(
    st.integers(0, 2),
    days,
    st.one_of(st.none(), st.integers(-20, 20)),
    st.sampled_from(("approved", "rejected", "inadmissible", "withdrawn")),
)
periods = st.one_of(
    st.tuples(days, st.integers(0, SPAN)),  # any period
    st.tuples(days, st.just(0)),  # a single day
    st.tuples(st.sampled_from((76, 77, 105, 106, 107, 108, 47, 48)), st.integers(0, 400)),
    # starting on and around month starts (2023-12-01, 2024-01-01, 2024-03-01, …) and ending
    # on and around month ends, around the whole year 2024: whole years, whole months outside
    # them (monthly histograms) and partial months at either end (daily rows)
    st.tuples(
        st.sampled_from((15, 16, 17, 46, 47, 48, 107, 108)),
        st.sampled_from((364, 365, 366, 380, 396, 397, 398, 427, 455, 456, 500)),
    ),
)


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


def _groups(framework: str, bits: int) -> tuple[str, ...]:
    """The framework's groups picked by the bits of ``bits`` (an employee may have several)."""
    return tuple(g for i, g in enumerate(TARGET_GROUPS[framework]) if bits >> i & 1)


def _build(partners: list[Organisation], facts: dict[str, Any]) -> list[Any]:
    people = []
    for c in facts["chains"]:
        started = None if c["start_after"] is None else _day(c["referred"] + c["start_after"])
        ended = None
        if started is not None and c["kind"] is not None:
            ended = started + timedelta(days=c["length"])
        suspended = None
        if started is not None and c["suspension"] is not None:
            first = started + timedelta(days=c["suspension"][0])
            suspended = (first, first + timedelta(days=c["suspension"][1]))
        made = chain(
            partners[c["partner"]],
            referred_on=_day(c["referred"]),
            started_on=started,
            ended_on=ended,
            outcome=c["kind"] if ended is not None else None,
            suspended=suspended,
            municipality=c["place"],
            framework=c["framework"],
            groups=_groups(c["framework"], c["groups"]),
        )
        people.append(made.person)
    for offset, decision, who in facts["evaluations"]:
        if people:
            evaluation(people[who % len(people)], _day(offset), decision)
    for partner, offset, due, outcome in facts["decisions"]:
        mandate_decision(
            partners[partner],
            due_on=None if due is None else _day(offset + due),
            decided_on=_day(offset),
            outcome=outcome,
        )
    return people


def _filters(partners: list[Organisation], period: tuple[int, int]) -> list[Any]:
    date_from = _day(period[0])
    date_to = date_from + timedelta(days=period[1])
    base = {"date_from": date_from, "date_to": date_to}
    return [
        selectors.IndicatorFilter(**base),
        selectors.IndicatorFilter(**base, partner_id=partners[0].pk),
        selectors.IndicatorFilter(**base, partner_id=partners[2].pk, framework="lde"),
        selectors.IndicatorFilter(**base, province_code="40000"),
        selectors.IndicatorFilter(**base, province_code="70000", framework="maatwerk"),
        selectors.IndicatorFilter(**base, framework="lde"),
    ]


def _expected(
    ref: selectors.IndicatorFilter, page: selectors.PartnerPage | None = None
) -> dict[str, Any]:
    """The reference's indicators, its per-partner rows cut to `page` (by name, then id, as
    the reference sorts them): the page's rows are the reference's rows of those partners."""
    expected = reference.indicators(ref)
    rows = expected["per_partner"]
    size = None if page is None else page.size
    if size is not None:
        assert page is not None
        rows = rows[(page.number - 1) * size : page.number * size]
    return {**expected, "per_partner_count": len(expected["per_partner"]), "per_partner": rows}


def _assert_same(
    partners: list[Organisation],
    period: tuple[int, int],
    page: selectors.PartnerPage | None = None,
) -> None:
    every = selectors.PartnerPage(size=None)
    for f in _filters(partners, period):
        ref = reference.IndicatorFilter(
            f.date_from, f.date_to, f.partner_id, f.province_code, f.framework
        )
        assert selectors.indicators(f, every) == _expected(ref, every), f
        if page is not None:  # one page: the medians of its partners only
            assert selectors.indicators(f, page) == _expected(ref, page), (f, page)
        assert selectors.monthly_series(f) == reference.monthly_series(ref), f
        assert selectors.duration_distribution(f) == reference.duration_distribution(ref), f


@pytest.fixture
def partners(organisation: Organisation, other_organisation: Organisation) -> list[Organisation]:
    third = Organisation.objects.create(
        name="Aaa Derde Partner", enterprise_number="0412345614", postal_code="2000"
    )
    return [organisation, other_organisation, third]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    facts=st.fixed_dictionaries(
        {
            "chains": st.lists(chains, max_size=8),
            "evaluations": st.lists(evaluations, max_size=6),
            "decisions": st.lists(decisions, max_size=4),
        }
    ),
    period_list=st.lists(periods, min_size=1, max_size=3),
    page=st.builds(selectors.PartnerPage, st.integers(1, 4), st.integers(1, 3)),
    moves=st.lists(
        st.tuples(
            st.integers(0, 7),
            st.sampled_from(PLACES),
            st.sampled_from(FRAMEWORKS),
            st.integers(0, 7),
        ),
        max_size=2,
    ),
)
def test_tally_equals_reference(
    partners: list[Organisation],
    facts: dict[str, Any],
    period_list: list[tuple[int, int]],
    page: selectors.PartnerPage,
    moves: list[tuple[int, str, str, int]],
) -> None:
    with transaction.atomic():
        people = _build(partners, facts)
        for period in period_list:
            _assert_same(partners, period, page)
        # An employee who moves, changes framework or target groups takes their facts along.
        for who, place, framework, bits in moves:
            if people:
                person = people[who % len(people)]
                person.municipality_id = place
                person.framework = framework
                person.target_groups = list(_groups(framework, bits)) or [
                    TARGET_GROUPS[framework][0]
                ]
                person.save()
        for period in period_list:
            _assert_same(partners, period, page)
        assert tally.verify() == []
        # The set-based rebuild (INSERT … SELECT) holds what the writers kept current.
        kept = tally.stored()
        tally.rebuild()
        assert tally.stored() == kept
        assert tally.verify() == []
        _assert_same(partners, period_list[0])
        transaction.set_rollback(True)


def test_deleting_facts_takes_them_out(partners: list[Organisation]) -> None:
    made = chain(
        partners[0],
        referred_on=date(2024, 3, 1),
        started_on=date(2024, 3, 2),
        ended_on=date(2024, 5, 2),
        outcome="hired",
    )
    assert tally.verify() == []
    assert made.trajectory is not None
    made.trajectory.outcome.delete()
    made.trajectory.delete()
    made.referral.delete()
    assert tally.verify() == []
    totals = selectors.indicators(selectors.IndicatorFilter(date(2024, 1, 1), date(2024, 12, 31)))
    assert totals["totals"]["referrals"] == 0
    assert totals["totals"]["started"] == 0


def test_rebuild_and_integrity_check(partners: list[Organisation]) -> None:
    chain(partners[1], referred_on=date(2024, 3, 1), started_on=date(2024, 3, 2))
    evaluation(employee(), date(2024, 2, 29))
    before = tally.stored()
    IndicatorTally.objects.update(n=0)  # a broken tally is found …
    assert tally.verify()
    call_command("monitoring_rebuild", stdout=io.StringIO())  # … and rebuilt
    assert tally.stored() == before
    assert tally.verify() == []


def test_rebuild_counts_a_listed_group_once_and_skips_unknown_codes(
    partners: list[Organisation],
) -> None:
    """The rebuild spreads each fact over the employee's groups in SQL (one scan): a code listed
    twice counts once and an unknown code not at all, as the writers count them."""
    first, second = TARGET_GROUPS["maatwerk"][:2]
    person = employee(groups=(first, second))
    evaluation(person, date(2024, 2, 29))
    evaluation(employee(groups=(second,)), date(2024, 2, 29))
    # Past the services, which keep each list clean (a restore, an old import).
    type(person).objects.filter(pk=person.pk).update(target_groups=[second, first, first, "x"])
    kept = tally.stored()
    tally.rebuild()
    assert tally.stored() == kept
    counted = {key[-1]: n for key, n in kept.items() if key[1] == "evaluations"}
    assert counted == {None: 2, first: 1, second: 2}


def test_inadmissibility_counts_as_a_decision_a_withdrawal_does_not(
    partners: list[Organisation],
) -> None:
    """R15: declared inadmissible within the target is a timely decision; a withdrawal ends
    the dossier without a decision by VDAB and is left out of the rate."""
    day = date(2024, 3, 10)
    mandate_decision(partners[0], due_on=day, decided_on=day, outcome="inadmissible")
    mandate_decision(partners[0], due_on=day, decided_on=day, outcome="withdrawn")
    mandate_decision(partners[0], due_on=day, decided_on=day + timedelta(days=1))
    assert tally.verify() == []
    f = selectors.IndicatorFilter(date(2024, 3, 1), date(2024, 3, 31))
    totals = selectors.indicators(f)["totals"]
    assert totals["mandate_decisions"] == 2
    assert totals["mandate_decisions_within_target"] == 1
    ref = reference.IndicatorFilter(f.date_from, f.date_to, None, None, None)
    assert selectors.indicators(f) == _expected(ref)


def test_prefix_sums_follow_a_fact_added_before_later_months(
    partners: list[Organisation],
) -> None:
    """A fact dated in an earlier month than the group's existing rows moves every later
    prefix row, and a month without a row reads the latest row before it."""
    chain(partners[0], referred_on=date(2024, 5, 10), started_on=date(2024, 5, 12))
    chain(partners[0], referred_on=date(2024, 2, 10), started_on=date(2024, 2, 12))
    assert tally.verify() == []
    for period in ((date(2024, 3, 1), date(2024, 4, 30)), (date(2024, 2, 12), date(2024, 5, 11))):
        f = selectors.IndicatorFilter(*period)
        ref = reference.IndicatorFilter(*period, None, None, None)
        assert selectors.indicators(f) == _expected(ref)
    totals = selectors.indicators(selectors.IndicatorFilter(date(2024, 3, 1), date(2024, 4, 30)))
    assert totals["totals"]["active"] == 1
    assert totals["totals"]["started"] == 0


def test_whole_years_read_the_breakdowns_histograms(
    partners: list[Organisation], django_assert_max_num_queries: Any
) -> None:
    """Without a partner filter, the medians and duration buckets of whole years come from the
    breakdowns' yearly histograms of the filter's scope (kept by the writers, filled by the
    rebuild); a partner's, from the groups'. All equal the reference, before and after an
    employee moves."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doorstroom.monitoring.models import IndicatorDurationBreakdownYear

    made = []
    for i, (start, length) in enumerate(
        [
            (date(2023, 3, 1), 40),
            (date(2024, 2, 10), 75),
            (date(2024, 6, 1), 200),
            (date(2025, 1, 5), 31),
            (date(2023, 12, 20), 20),
            (date(2025, 11, 2), 90),
        ]
    ):
        made.append(
            chain(
                partners[i % 3],
                referred_on=start,
                started_on=start,
                ended_on=start + timedelta(days=length),
                outcome=KINDS[1 + i % 3],
                municipality=PLACES[i % 3],
                framework=FRAMEWORKS[i % 2],
            )
        )
    table = IndicatorDurationBreakdownYear._meta.db_table
    assert IndicatorDurationBreakdownYear.objects.exists()
    period = (date(2023, 6, 15), date(2026, 2, 10))  # whole 2024 and 2025, and two edges
    for f in (
        selectors.IndicatorFilter(*period),
        selectors.IndicatorFilter(*period, province_code="40000"),
        selectors.IndicatorFilter(*period, framework=FRAMEWORKS[1]),
        selectors.IndicatorFilter(*period, province_code="40000", framework=FRAMEWORKS[0]),
        selectors.IndicatorFilter(*period, partner_id=partners[0].pk),
    ):
        ref = reference.IndicatorFilter(*period, f.partner_id, f.province_code, f.framework)
        with CaptureQueriesContext(connection) as queries:
            assert selectors.indicators(f, selectors.PartnerPage(size=None)) == _expected(ref), f
            assert selectors.duration_distribution(f) == reference.duration_distribution(ref)
        read = sum(table in q["sql"] for q in queries.captured_queries)
        assert read == (2 if f.partner_id is None else 0), f
    person = made[2].person
    person.municipality_id = BRUSSELS
    person.save()
    assert tally.verify() == []
    _assert_same(partners, ((period[0] - START).days, (period[1] - period[0]).days))

    def histograms() -> set[tuple[Any, ...]]:
        rows = IndicatorDurationBreakdownYear.objects.order_by().values_list(
            "scope", "dimension", "key", "year", "days"
        )
        return {row for row in rows.annotate(total=Sum("n")) if row[-1]}

    kept = histograms()
    tally.rebuild()  # one row per key, none of zero
    assert tally.verify() == []
    assert histograms() == kept


def test_partial_years_read_the_monthly_histograms(
    partners: list[Organisation],
) -> None:
    """A period ending and starting inside years reads whole years from the yearly
    histograms, the whole months outside them from the monthly ones (the breakdowns' when
    unfiltered, the groups' for a filter and a page's partners), and only the days of the
    partial months at its ends from the daily rows; equal to the reference. The writers keep
    the monthly rows, the rebuild writes the same, `verify` finds a broken one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doorstroom.monitoring.models import (
        IndicatorDurationBreakdownMonth,
        IndicatorDurationMonth,
    )

    outcomes = [
        (date(2023, 6, 1), 20),  # 2023-06-21: a partial month at the start
        (date(2023, 6, 20), 25),  # 2023-07-15: a whole month before the whole year
        (date(2023, 11, 2), 59),  # 2023-12-31
        (date(2024, 2, 10), 75),  # in the whole year
        (date(2024, 12, 20), 12),  # 2025-01-01: a whole month after it
        (date(2025, 5, 5), 31),
        (date(2025, 10, 1), 30),  # 2025-10-31
        (date(2025, 10, 20), 21),  # 2025-11-10: the partial month at the end
        (date(2025, 10, 25), 18),  # 2025-11-12: after the period
    ]
    made = []
    for i, (start, length) in enumerate(outcomes):
        made.append(
            chain(
                partners[i % 3],
                referred_on=start,
                started_on=start,
                ended_on=start + timedelta(days=length),
                outcome=KINDS[1 + i % 3],
                municipality=PLACES[i % 3],
                framework=FRAMEWORKS[i % 2],
            )
        )
    # the writers' monthly rows (the groups counting each fact once): one per outcome
    written = (
        IndicatorDurationMonth.objects.filter(group__target_group__isnull=True)
        .values_list("month", "days")
        .annotate(total=Sum("n"))
    )
    assert sorted(written) == sorted(
        ((start + timedelta(days=length)).replace(day=1), length, 1) for start, length in outcomes
    )
    period = (date(2023, 6, 15), date(2025, 11, 10))
    assert selectors._grains(selectors.IndicatorFilter(*period)) == selectors._Grains(
        (2024, 2024),
        ((date(2023, 7, 1), date(2023, 12, 1)), (date(2025, 1, 1), date(2025, 10, 1))),
        ((date(2023, 6, 15), date(2023, 6, 30)), (date(2025, 11, 1), date(2025, 11, 10))),
    )
    months, breakdown_months = (
        model._meta.db_table for model in (IndicatorDurationMonth, IndicatorDurationBreakdownMonth)
    )
    for f, reads in (
        (selectors.IndicatorFilter(*period), (1, 2)),  # the page's partners; medians, buckets
        (selectors.IndicatorFilter(*period, province_code="40000"), (1, 2)),  # its scope
        (selectors.IndicatorFilter(*period, framework=FRAMEWORKS[0]), (1, 2)),
        (selectors.IndicatorFilter(*period, partner_id=partners[1].pk), (2, 0)),
    ):
        ref = reference.IndicatorFilter(*period, f.partner_id, f.province_code, f.framework)
        with CaptureQueriesContext(connection) as queries:
            assert selectors.indicators(f) == _expected(ref, selectors.PartnerPage())
            assert selectors.duration_distribution(f) == reference.duration_distribution(ref)
        sqls = [q["sql"] for q in queries.captured_queries]
        assert (sum(months in q for q in sqls), sum(breakdown_months in q for q in sqls)) == reads
    person = made[1].person
    person.municipality_id = BRUSSELS
    person.save()
    assert tally.verify() == []
    _assert_same(partners, ((period[0] - START).days, (period[1] - period[0]).days))

    def histograms() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
        groups = IndicatorDurationMonth.objects.order_by().values_list(
            "group__key", "month", "days"
        )
        rows = IndicatorDurationBreakdownMonth.objects.order_by().values_list(
            "scope", "dimension", "key", "month", "days"
        )
        return (
            {row for row in groups.annotate(total=Sum("n")) if row[-1]},
            {row for row in rows.annotate(total=Sum("n")) if row[-1]},
        )

    kept = histograms()
    tally.rebuild()  # one row per key, none of zero
    assert tally.verify() == []
    assert histograms() == kept
    IndicatorDurationMonth.objects.filter(pk=IndicatorDurationMonth.objects.first().pk).update(
        n=F("n") + 1
    )
    assert any(problem.startswith("durations month") for problem in tally.verify())
    tally.rebuild()
    IndicatorDurationBreakdownMonth.objects.filter(month=date(2025, 1, 1)).update(n=F("n") + 1)
    assert any(problem.startswith("duration breakdown month") for problem in tally.verify())


def test_unfiltered_month_series_reads_the_totals_roll_up(partners: list[Organisation]) -> None:
    """Without a partner filter, the whole months of the series come from the totals' roll-up
    of the filter's scope (insert-only monthly deltas kept by the writers, one row per month
    after a rebuild); a partner's, from the groups' prefix rows. All equal the reference; a
    broken roll-up is found by `verify`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doorstroom.monitoring.models import IndicatorMonthTotal, IndicatorPrefix

    made = [
        chain(partners[0], referred_on=date(2024, 1, 31), started_on=date(2024, 2, 1)),
        chain(
            partners[1],
            referred_on=date(2024, 3, 5),
            started_on=date(2024, 3, 6),
            ended_on=date(2024, 5, 31),
            outcome=KINDS[1],
            municipality=PLACES[1],
        ),
        chain(partners[2], referred_on=date(2024, 2, 29), started_on=date(2024, 3, 1)),
    ]
    evaluation(employee(), date(2024, 3, 31))
    made[0].person.municipality_id = BRUSSELS  # a move takes its facts along, same months
    made[0].person.save()
    assert IndicatorMonthTotal.objects.count() > 4  # one delta row per write and month
    period = (date(2024, 1, 15), date(2024, 6, 10))  # whole February to May, two edges
    for f, table in (
        (selectors.IndicatorFilter(*period), IndicatorMonthTotal._meta.db_table),
        (
            selectors.IndicatorFilter(*period, province_code="70000"),
            IndicatorMonthTotal._meta.db_table,
        ),
        (selectors.IndicatorFilter(*period, framework="lde"), IndicatorMonthTotal._meta.db_table),
        (selectors.IndicatorFilter(*period, partner_id=partners[1].pk), None),
    ):
        ref = reference.IndicatorFilter(*period, f.partner_id, f.province_code, f.framework)
        expected = reference.monthly_series(ref)
        with CaptureQueriesContext(connection) as queries:
            assert selectors.monthly_series(f) == expected, f
        sqls = [q["sql"] for q in queries.captured_queries]
        assert len(sqls) == 2  # whole months, and the edges' days
        prefixes = IndicatorPrefix._meta.db_table
        if table is None:
            assert any(prefixes in sql for sql in sqls)
        else:
            assert any(table in sql for sql in sqls)
            assert not any(prefixes in sql for sql in sqls)
    assert tally.verify() == []
    totals = IndicatorMonthTotal.objects.filter(scope="", dimension="totals")
    months = set(totals.values_list("month", flat=True))
    tally.rebuild()  # one row per month, none of zero
    assert tally.verify() == []
    assert sorted(totals.values_list("month", flat=True)) == sorted(months)
    assert selectors.monthly_series(selectors.IndicatorFilter(*period)) == (
        reference.monthly_series(reference.IndicatorFilter(*period, None, None, None))
    )
    IndicatorMonthTotal.objects.filter(month=date(2024, 3, 1)).update(started=F("started") + 1)
    assert any(p.startswith("month totals '' totals '' 2024-03-01 started") for p in tally.verify())


def test_unfiltered_counts_read_the_roll_ups(partners: list[Organisation]) -> None:
    """Unfiltered, the counts come from the partners' roll-up groups (their prefix rows) and
    the breakdowns' monthly deltas, never from the cross groups' prefix rows; by province or
    framework, the per-partner rows from the partners' cross groups and the others from the
    deltas of the filter's scope. The writers keep the roll-ups (insert-only deltas per scope,
    breakdown row and month, a partner's prefix rows), the rebuild writes the same sums, and
    `verify` finds a broken partner prefix row and a broken delta. Every read equals the
    reference."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doorstroom.monitoring.models import IndicatorGroup, IndicatorMonthTotal, IndicatorPrefix

    first, second = TARGET_GROUPS["maatwerk"][:2]
    made = [
        chain(
            partners[0],
            referred_on=date(2024, 1, 31),
            started_on=date(2024, 2, 1),
            groups=(first, second),
        ),
        chain(
            partners[1],
            referred_on=date(2024, 3, 5),
            started_on=date(2024, 3, 6),
            ended_on=date(2024, 5, 31),
            outcome=KINDS[1],
            municipality=PLACES[1],
            framework="lde",
        ),
        chain(partners[2], referred_on=date(2024, 2, 29), started_on=date(2024, 3, 1)),
        chain(partners[0], referred_on=date(2024, 6, 3), municipality=BRUSSELS),
    ]
    evaluation(made[0].person, date(2024, 3, 31))
    mandate_decision(partners[2], due_on=date(2024, 4, 30), decided_on=date(2024, 4, 2))
    # The writers' deltas: one roll-up group per partner, rows per breakdown row and month.
    rollups = IndicatorGroup.objects.filter(kind="partner")
    assert sorted(rollups.values_list("key", flat=True)) == sorted(
        tally.partner_key(p.pk) for p in partners
    )
    assert set(rollups.values_list("province_code", "framework", "target_group")) == {
        (None, None, None)
    }
    deltas = IndicatorMonthTotal.objects.values_list("scope", "dimension", "key").distinct()
    assert {"totals", "provinces", "frameworks", "target_groups"} <= {d for _s, d, _k in deltas}
    assert ("", "target_groups", second) in set(deltas)
    # each fact also under its province, its framework and both (`filter_scopes`)
    assert {"", "p:70000", "f:lde", "p:70000|f:lde"} <= {s for s, _d, _k in deltas}
    assert ("p:70000|f:lde", "provinces", "70000") in set(deltas)
    assert tally.verify() == []
    made[0].person.municipality_id = HASSELT  # a move takes its facts along
    made[0].person.save()
    assert tally.verify() == []

    cross, month_totals = IndicatorPrefix._meta.db_table, IndicatorMonthTotal._meta.db_table
    periods = [
        (date(2024, 1, 15), date(2024, 6, 10)),  # two partial months
        (date(2024, 2, 1), date(2024, 5, 31)),  # whole months
        (date(2019, 1, 1), date(2026, 12, 31)),  # eight years
        (date(2024, 6, 1), date(2024, 6, 5)),  # inside one month
    ]
    for period in periods:
        for f in (
            selectors.IndicatorFilter(*period),
            selectors.IndicatorFilter(*period, province_code="40000"),
            selectors.IndicatorFilter(*period, framework="lde"),
            selectors.IndicatorFilter(*period, province_code="70000", framework="lde"),
        ):
            ref = reference.IndicatorFilter(*period, f.partner_id, f.province_code, f.framework)
            for page in (selectors.PartnerPage(size=None), selectors.PartnerPage(2, 1)):
                expected = _expected(ref, page)
                with CaptureQueriesContext(connection) as queries:
                    assert selectors.indicators(f, page) == expected, (f, page)
                sqls = [q["sql"] for q in queries.captured_queries]
                assert len(sqls) <= 5
                (prefixes,) = [sql for sql in sqls if cross in sql]  # one prefix query
                if not f.by_employee:  # the partners' prefix rows with the deltas
                    assert month_totals in prefixes and "'partner'" in prefixes
                    assert "'cross'" not in prefixes
                else:  # the partners' cross groups, the scope's deltas
                    assert "'cross'" in prefixes and month_totals in prefixes

    def sums() -> dict[tuple[str, str, str], dict[str, int]]:
        rows = IndicatorMonthTotal.objects.order_by().values("scope", "dimension", "key")
        return {
            (r["scope"], r["dimension"], r["key"]): r
            for r in rows.annotate(s=Sum("started"), e=Sum("evaluations"), r=Sum("referrals"))
            if r["s"] or r["e"] or r["r"]  # a move's deltas net to zero in the scope it left
        }

    def partner_rows() -> set[tuple[Any, ...]]:
        return set(
            IndicatorPrefix.objects.filter(group__kind="partner").values_list(
                "group__key", "month", "started", "referrals", "mandate_decisions"
            )
        )

    kept, kept_rows = sums(), partner_rows()
    tally.rebuild()  # the same sums, and the same partner prefix rows
    assert tally.verify() == []
    assert sums() == kept
    assert partner_rows() == kept_rows
    assert not IndicatorMonthTotal.objects.filter(
        started=0, evaluations=0, referrals=0, ended=0, mandate_decisions=0
    ).exists()  # no zero rows
    f = selectors.IndicatorFilter(*periods[0])
    assert selectors.indicators(f) == _expected(
        reference.IndicatorFilter(*periods[0], None, None, None), selectors.PartnerPage()
    )
    # A broken partner prefix row, a broken province delta: both found.
    IndicatorPrefix.objects.filter(
        group__key=tally.partner_key(partners[1].pk), month=date(2024, 3, 1)
    ).update(started=F("started") + 1)
    IndicatorMonthTotal.objects.filter(dimension="provinces", key="40000").update(
        referrals=F("referrals") + 1
    )
    problems = tally.verify()
    broken = f"prefix {tally.partner_key(partners[1].pk)} 2024-03-01 started"
    assert any(p.startswith(broken) for p in problems)
    assert any(p.startswith("month totals '' provinces '40000'") for p in problems)
    assert any(p.startswith("month totals 'p:40000' provinces '40000'") for p in problems)


#: The duration histograms an outcome moves: the groups' and the breakdowns', by year and month.
HISTOGRAMS = (
    "monitoring_indicatordurationyear",
    "monitoring_indicatordurationmonth",
    "monitoring_indicatordurationbreakdownyear",
    "monitoring_indicatordurationbreakdownmonth",
)


def _outcome_on(chain_: Any, on: date, kind: str = "hired") -> list[str]:
    """Record an outcome of `chain_`'s trajectory on `on`; the SQL it ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doorstroom.trajectories.models import Outcome

    trajectory = chain_.trajectory
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        trajectory.ended_on = on
        trajectory.save()
        Outcome.objects.create(trajectory=trajectory, kind=kind, on=on)
    return [q["sql"] for q in queries.captured_queries]


def test_an_outcome_moves_every_duration_histogram_in_a_few_statements(
    partners: list[Organisation],
) -> None:
    """An outcome of an employee in two target groups, with a province and a framework, moves
    20 rows of each breakdown histogram (four filter scopes, five breakdown rows) and three
    groups' rows: at most three statements per table, whether the rows are new (INSERT) or
    there (UPDATE of the rows found), where it took one statement per row before."""
    groups = TARGET_GROUPS["maatwerk"][:2]
    first = chain(
        partners[0], referred_on=date(2024, 1, 5), started_on=date(2024, 1, 8), groups=groups
    )
    again = chain(
        partners[0], referred_on=date(2024, 1, 5), started_on=date(2024, 1, 8), groups=groups
    )
    for made in (first, again):  # new rows, then the same keys found
        sql = _outcome_on(made, date(2024, 5, 7))
        for table in HISTOGRAMS:
            assert 1 <= sum(table in q for q in sql) <= 3, (table, sql)
        assert tally.verify() == []
    from doorstroom.monitoring.models import IndicatorDurationBreakdownYear

    totals = IndicatorDurationBreakdownYear.objects.get(scope="", dimension="totals", year=2024)
    assert (totals.days, totals.n) == (120, 2)
    assert IndicatorDurationBreakdownYear.objects.filter(year=2024).count() == 20
    period = (date(2024, 1, 1), date(2024, 12, 31))
    ref = reference.IndicatorFilter(*period, None, None, None)
    assert selectors.indicators(selectors.IndicatorFilter(*period)) == _expected(ref)


def test_a_key_with_two_rows_counts_a_new_fact_once(partners: list[Organisation]) -> None:
    """Two writers that race to insert the same key leave two rows (the tally and the
    breakdowns' histograms have no unique key; readers sum). A later fact goes to one of them,
    not to both: adding to every copy would count it twice."""
    from doorstroom.monitoring.models import (
        IndicatorDurationBreakdownMonth,
        IndicatorDurationBreakdownYear,
    )

    made = [
        chain(partners[0], referred_on=date(2024, 1, 5), started_on=date(2024, 1, 8))
        for _ in range(2)
    ]
    _outcome_on(made[0], date(2024, 5, 7))
    # the copies a race would have left: the same keys, counting nothing yet
    for model in (IndicatorTally, IndicatorDurationBreakdownYear, IndicatorDurationBreakdownMonth):
        for row in list(model.objects.all()):
            row.pk, row.n = None, 0
            row.save()
    assert tally.verify() == []
    _outcome_on(made[1], date(2024, 5, 7))
    assert tally.verify() == []
    for model in (IndicatorTally, IndicatorDurationBreakdownYear, IndicatorDurationBreakdownMonth):
        assert model.objects.filter(n=0).exists(), model  # the later copy kept nothing
    hired = IndicatorTally.objects.filter(metric="outcome_hired", target_group__isnull=True)
    assert hired.aggregate(n=Sum("n"))["n"] == 2


def test_a_write_that_moves_many_keys_splits_its_statements(
    partners: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that moves more keys than a statement takes is split into statements of
    `ROWS_PER_STATEMENT` keys, with the same sums: here 3 keys a statement, and an outcome
    (then a move to another province) that moves 20 keys of each breakdown histogram."""
    monkeypatch.setattr(tally, "ROWS_PER_STATEMENT", 3)
    groups = TARGET_GROUPS["maatwerk"][:2]
    made = [
        chain(
            partners[0],
            referred_on=date(2024, 1, 5),
            started_on=date(2024, 1, 8),
            municipality=HASSELT,
            groups=groups,
        )
        for _ in range(2)
    ]
    sql = _outcome_on(made[0], date(2024, 5, 7))
    breakdowns = [q for q in sql if "monitoring_indicatordurationbreakdownyear" in q]
    assert len(breakdowns) == 7 + 7  # 20 new keys: looked for, then inserted, 3 at a time
    _outcome_on(made[1], date(2024, 5, 7))
    assert tally.verify() == []
    made[0].person.municipality_id = GENT  # the outcome's keys move to another province
    made[0].person.save()
    assert tally.verify() == []
    period = (date(2024, 1, 1), date(2024, 12, 31))
    for province in (None, "40000", "70000"):
        f = selectors.IndicatorFilter(*period, province_code=province)
        ref = reference.IndicatorFilter(*period, None, province, None)
        assert selectors.indicators(f) == _expected(ref)
