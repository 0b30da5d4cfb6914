"""The dashboard's charts as a reader meets them: a legend, the table in the chart's order,
zero rows kept, and a province filter with the Flemish provinces only (presentation only:
the figures are stubbed, the monitoring selectors are tested elsewhere)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import translation

from doorstroom.monitoring.selectors import IndicatorFilter
from doorstroom.web.esf import views
from doorstroom.web.esf.dashboard import Dashboard, bar_chart


def outcomes(hired: int, returned: int = 0, stopped: int = 0) -> dict[str, Any]:
    total = hired + returned + stopped
    return {
        "outcomes": {"hired": hired, "returned": returned, "stopped": stopped},
        "share_hired": hired / total if total else None,
    }


def dashboard(indicators: dict[str, Any]) -> Dashboard:
    figures = Dashboard(IndicatorFilter(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)))
    figures.__dict__["indicators"] = indicators
    return figures


def test_a_chart_with_several_series_has_a_legend() -> None:
    chart = bar_chart("x", "X", [("A", [("Gestart", 2, "bar"), ("Uitstroom", 1, "bar bar--alt")])])
    assert chart.legend == (("Gestart", "bar"), ("Uitstroom", "bar bar--alt"))
    single = bar_chart("y", "Y", [("", [("Aantal", 2, "bar")])])
    assert single.legend == ()


def test_the_partner_table_follows_the_chart_and_keeps_partners_without_outcomes() -> None:
    figures = dashboard(
        {
            "per_partner": [
                {"partner_name": "Alfa vzw", **outcomes(1)},
                {"partner_name": "Nul vzw", **outcomes(0)},
                {"partner_name": "Beta vzw", **outcomes(3, 1)},
            ]
        }
    )
    with translation.override("nl"):
        table = figures.table("uitstroom-per-partner")
    assert [row[0] for row in table.rows] == ["Beta vzw", "Alfa vzw", "Nul vzw"]
    groups = [row.label for row in table.chart.rows if row.is_group]
    assert groups == ["Beta vzw", "Alfa vzw", "Nul vzw"]
    assert [label for label, _css in table.chart.legend] == [
        "Aangeworven",
        "Terug naar maatwerk of LDE",
        "Stopgezet",
    ]


def test_a_province_without_outcomes_stays_in_the_chart() -> None:
    figures = dashboard(
        {
            "per_province": [
                {"province_name": "Limburg", **outcomes(2)},
                {"province_name": "Antwerpen", **outcomes(0)},
            ]
        }
    )
    chart = figures.table("uitstroom-per-provincie").chart
    assert [row.label for row in chart.rows if row.is_group] == ["Limburg", "Antwerpen"]


def test_the_province_filter_offers_the_flemish_provinces_only(monkeypatch: Any) -> None:
    monkeypatch.setattr(
        views.monitoring,
        "province_choices",
        lambda: [
            ("04000", "Brussel"),
            ("10000", "Antwerpen"),
            ("20001", "Vlaams-Brabant"),
            ("20002", "Waals-Brabant"),
            ("70000", "Limburg"),
        ],
    )

    class Request:
        GET: dict[str, str] = {}

    form = views._filter_form(Request())  # type: ignore[arg-type]
    offered = [code for code, _name in form.fields["province"].choices]  # type: ignore[attr-defined]
    assert offered == ["", "10000", "20001", "70000"]


def test_the_month_series_is_drawn_as_columns_in_the_tables_order_with_zero_months() -> None:
    figures = dashboard({})
    figures.__dict__["monthly"] = [
        {"month": date(2025, 1, 1), "started": 3, "outcomes_total": 1},
        {"month": date(2025, 2, 1), "started": 0, "outcomes_total": 0},
        {"month": date(2025, 3, 1), "started": 1, "outcomes_total": 2},
    ]
    with translation.override("nl"):
        table = figures.table("per-maand")
    chart = table.chart
    assert chart.kind == "columns" and chart.rows == ()
    # one tick per table row, in the table's order, the empty month kept
    assert [(t.line1, t.line2) for t in chart.ticks] == [
        ("Jan", "2025"),
        ("Feb", "2025"),
        ("Mrt", "2025"),
    ]
    assert [row[0] for row in table.rows] == [date(2025, m, 1) for m in (1, 2, 3)]
    # two columns a month (started, outcomes), left to right, standing on one baseline
    assert [(c.series, c.value) for c in chart.columns] == [
        ("Gestart", 3),
        ("Uitstroom", 1),
        ("Gestart", 0),
        ("Uitstroom", 0),
        ("Gestart", 1),
        ("Uitstroom", 2),
    ]
    xs = [c.x for c in chart.columns]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert {c.y + c.height for c in chart.columns} == {chart.baseline_y}
    tallest = max(chart.columns, key=lambda c: c.value)
    assert tallest.value == 3 and tallest.height == max(c.height for c in chart.columns)
    assert [c.height for c in chart.columns if c.value == 0] == [0, 0]
    assert chart.legend == (("Gestart", "bar"), ("Uitstroom", "bar bar--alt"))
    assert chart.description == (
        "januari 2025: Gestart 3, Uitstroom 1; februari 2025: Gestart 0, Uitstroom 0; "
        "maart 2025: Gestart 1, Uitstroom 2."
    )
    assert chart.width >= chart.ticks[-1].x


def test_a_period_without_anything_draws_no_columns() -> None:
    figures = dashboard({})
    figures.__dict__["monthly"] = [{"month": date(2025, 1, 1), "started": 0, "outcomes_total": 0}]
    chart = figures.table("per-maand").chart
    assert chart.empty and [c.height for c in chart.columns] == [0, 0]
