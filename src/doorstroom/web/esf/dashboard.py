"""The monitoring dashboard's figures (R5): headline cards, and one table per chart.

A table is built once from the monitoring selectors and used three times: rendered beside its
chart, streamed as CSV and written as XLSX, so the page and its exports always show the same
figures. Counts, shares and organisation and province names only: never a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from doorstroom.exports import writers
from doorstroom.exports.writers import Column
from doorstroom.monitoring import selectors
from doorstroom.monitoring.selectors import IndicatorFilter
from doorstroom.rules.codes import TARGET_GROUP_LABELS_EN, TARGET_GROUP_LABELS_NL
from doorstroom.web.language import is_english

CHART_TOP = 10  # partners shown in a chart; the table beside it shows them all, in pages


#: The outcome kinds in the order of the columns and bars (`outcome_labels`).
OUTCOME_ORDER = ("hired", "returned", "stopped")


def outcome_labels() -> dict[str, str]:
    labels = {
        "hired": _("Aangeworven"),
        "returned": _("Terug naar maatwerk of LDE"),
        "stopped": _("Stopgezet"),
    }
    return {kind: labels[kind] for kind in OUTCOME_ORDER}


OUTCOME_CSS = {"hired": "bar", "returned": "bar bar--alt", "stopped": "bar bar--third"}


def format_cell(value: Any, kind: str) -> str:
    """A cell as the page shows it (and the CSV writes it): Belgian decimal comma, month names."""
    return writers.format_cell(value, kind, none=not_applicable())


def not_applicable() -> str:
    return _("n.v.t.")


def percent(share: float | None) -> float | None:
    """A share (0..1) as a percentage with one decimal."""
    return None if share is None else round(share * 100, 1)


# --- charts: geometry for a server-rendered SVG of horizontal bars ----------------------------

WIDTH = 520
LABEL_END = 186
BAR_X = 194
BAR_MAX = 280
GROUP_ROW = 20
BAR_ROW = 18
BAR_HEIGHT = 12
GROUP_GAP = 8


@dataclass(frozen=True)
class ChartRow:
    """A group heading (`is_group`) or one labelled bar with its value written beside it."""

    y: int
    label: str
    is_group: bool = False
    value: int = 0
    width: float = 0
    css: str = "bar"

    @property
    def text_y(self) -> int:
        return self.y + 13

    @property
    def bar_y(self) -> int:
        return self.y + 3

    @property
    def value_x(self) -> float:
        return BAR_X + self.width + 6


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    rows: tuple[ChartRow, ...]
    height: int
    note: str = ""
    #: (series label, css class) of each bar colour, shown as the chart's legend
    legend: tuple[tuple[str, str], ...] = ()
    width: int = WIDTH
    bar_x: int = BAR_X
    label_end: int = LABEL_END
    bar_height: int = BAR_HEIGHT
    #: "bars" (horizontal, `rows`) or "columns" (vertical, one group per month, `columns`)
    kind: str = "bars"
    columns: tuple[ChartColumn, ...] = ()
    ticks: tuple[ChartTick, ...] = ()
    baseline_y: int = 0

    @property
    def empty(self) -> bool:
        return not any(row.value for row in self.rows) and not any(
            column.value for column in self.columns
        )


Bars = list[tuple[str, int, str]]  # (series label, value, css class)


def bar_chart(chart_id: str, title: str, groups: list[tuple[str, Bars]], note: str = "") -> Chart:
    """Horizontal bars, every bar labelled with its series and its value (never colour alone).

    A group with a label gets a heading row above its bars; a group with an empty label (one
    series) shows its bars only.
    """
    top = max((value for _label, bars in groups for _s, value, _c in bars), default=0)
    rows: list[ChartRow] = []
    descriptions = []
    legend: dict[str, str] = {}
    y = 0
    for label, bars in groups:
        for series, _value, css in bars:
            legend.setdefault(series, css)
        if label:
            rows.append(ChartRow(y=y, label=_truncate(label, 70), is_group=True))
            y += GROUP_ROW
        for series, value, css in bars:
            width = round(BAR_MAX * value / top, 1) if top else 0
            rows.append(
                ChartRow(y=y, label=_truncate(series, 28), value=value, width=width, css=css)
            )
            y += BAR_ROW
        y += GROUP_GAP
        parts = ", ".join(f"{series} {value}" for series, value, _css in bars)
        descriptions.append(f"{label}: {parts}" if label else parts)
    return Chart(
        id=chart_id,
        title=title,
        description="; ".join(descriptions) + "." if descriptions else _("Geen gegevens."),
        rows=tuple(rows),
        height=max(y, BAR_ROW),
        note=note,
        legend=tuple(legend.items()) if len(legend) > 1 else (),
    )


# --- charts: a series over time as columns (one group of columns per month) ------------------

COLUMN_AXIS_X = 8  # left margin before the first group
COLUMN_WIDTH = 22
COLUMN_GAP = 2  # between the columns of one month
COLUMN_GROUP_GAP = 18  # between months
COLUMN_MAX = 150  # the tallest column
COLUMN_TOP = 18  # room above the tallest column for its value
COLUMN_LABELS = 34  # room under the baseline for the month and the year


@dataclass(frozen=True)
class ChartColumn:
    """One column: its value written above it (never colour alone)."""

    x: float
    value: int
    height: float
    baseline_y: int
    css: str = "bar"
    series: str = ""
    width: int = COLUMN_WIDTH

    @property
    def y(self) -> float:
        return self.baseline_y - self.height

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2

    @property
    def text_y(self) -> float:
        return self.y - 4


@dataclass(frozen=True)
class ChartTick:
    """A group's label under the baseline, on two lines (e.g. "mrt" and "2024")."""

    x: float
    line1: str
    line2: str
    baseline_y: int

    @property
    def y1(self) -> int:
        return self.baseline_y + 14

    @property
    def y2(self) -> int:
        return self.baseline_y + 28


def column_chart(chart_id: str, title: str, groups: list[tuple[str, str, str, Bars]]) -> Chart:
    """Vertical columns, one group per period in the table's order (a month with nothing keeps
    its place, with 0 written on the baseline), a legend when there are several series.

    Each group is (label, label line 1, label line 2, bars): the full label ("maart 2024") for
    the description a screen reader reads, the two short lines under the columns. The chart
    grows in width with the groups and keeps its 12px labels (it scrolls in its own box).
    """
    top = max((value for _l, _l1, _l2, bars in groups for _s, value, _c in bars), default=0)
    series_count = max((len(bars) for _l, _l1, _l2, bars in groups), default=1)
    group_width = series_count * COLUMN_WIDTH + (series_count - 1) * COLUMN_GAP
    baseline = COLUMN_TOP + COLUMN_MAX
    columns: list[ChartColumn] = []
    ticks: list[ChartTick] = []
    descriptions = []
    legend: dict[str, str] = {}
    x: float = COLUMN_AXIS_X
    for label, line1, line2, bars in groups:
        for i, (series, value, css) in enumerate(bars):
            legend.setdefault(series, css)
            height = round(COLUMN_MAX * value / top, 1) if top else 0
            columns.append(
                ChartColumn(
                    x=x + i * (COLUMN_WIDTH + COLUMN_GAP),
                    value=value,
                    height=height,
                    baseline_y=baseline,
                    css=css,
                    series=series,
                )
            )
        middle = x + group_width / 2
        ticks.append(ChartTick(x=middle, line1=line1, line2=line2, baseline_y=baseline))
        parts = ", ".join(f"{series} {value}" for series, value, _css in bars)
        descriptions.append(f"{label}: {parts}")
        x += group_width + COLUMN_GROUP_GAP
    width = max(round(x - COLUMN_GROUP_GAP + COLUMN_AXIS_X), 120)
    return Chart(
        id=chart_id,
        title=title,
        description="; ".join(descriptions) + "." if descriptions else _("Geen gegevens."),
        rows=(),
        height=baseline + COLUMN_LABELS,
        legend=tuple(legend.items()) if len(legend) > 1 else (),
        width=width,
        kind="columns",
        columns=tuple(columns),
        ticks=tuple(ticks),
        baseline_y=baseline,
    )


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- tables -----------------------------------------------------------------------------------


PARTNER_ROWS = 100  # rows of a per-partner table on the page; its exports hold them all


@dataclass(frozen=True)
class TablePage:
    """Which rows of a long table the page shows: page `number` (1-based) of `size` rows,
    out of `count`."""

    number: int
    size: int
    count: int

    @property
    def first(self) -> int:
        return min((self.number - 1) * self.size + 1, self.count)

    @property
    def last(self) -> int:
        return min(self.number * self.size, self.count)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.count

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def paged(self) -> bool:
        return self.count > self.size


def page_count(rows: int, size: int) -> int:
    return max(1, -(-rows // size))


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart: Chart
    note: str = ""
    page: TablePage | None = None  # the page shows only these rows; the exports all rows

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each cell as shown (the page's rows only), with whether it is numeric."""
        rows = self.rows
        if self.page is not None:
            start = (self.page.number - 1) * self.page.size
            rows = rows[start : start + self.page.size]
        none = not_applicable()  # translated once, not per cell
        return [
            [
                (writers.format_cell(v, c.kind, none=none), c.numeric)
                for v, c in zip(row, self.columns, strict=True)
            ]
            for row in rows
        ]

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    hint: str = ""


TABLES = (
    "uitstroom-per-partner",
    "uitstroom-per-provincie",
    "per-maand",
    "beslistermijn",
    "trajectduur",
    "uitstroom-per-doelgroep",
)


class Dashboard:
    """The figures for one filter; each selector runs at most once, and only when needed.

    The per-partner tables show page `partner_page` of their rows (`PARTNER_ROWS` each; a page
    past the last shows the last); their charts and exports use every partner. The counts of
    every partner come from the indicators without per-partner medians (no table shows them)."""

    def __init__(self, f: IndicatorFilter, partner_page: int = 1) -> None:
        self.filter = f
        self.partner_page = max(1, partner_page)

    @cached_property
    def indicators(self) -> dict[str, Any]:
        return selectors.indicators(
            self.filter, selectors.PartnerPage(size=None), partner_medians=False
        )

    def _page(self, rows: int) -> TablePage:
        return TablePage(min(self.partner_page, page_count(rows, PARTNER_ROWS)), PARTNER_ROWS, rows)

    @cached_property
    def monthly(self) -> list[dict[str, Any]]:
        return selectors.monthly_series(self.filter)

    @cached_property
    def durations(self) -> list[dict[str, Any]]:
        return selectors.duration_distribution(self.filter)

    def filename(self, slug: str, extension: str) -> str:
        f = self.filter
        return f"doorstroom-{slug}-{f.date_from.isoformat()}-{f.date_to.isoformat()}.{extension}"

    # cards

    def cards(self) -> list[Card]:
        t = self.indicators["totals"]
        outcomes = t["outcomes"]
        labels = outcome_labels()
        total_outcomes = sum(outcomes.values())

        def count(value: int | None) -> str:
            return not_applicable() if value is None else str(value)

        def share(value: float | None) -> str:
            return (
                not_applicable() if value is None else f"{format_cell(percent(value), 'percent')} %"
            )

        median = t["median_duration_days"]
        within = t["mandate_decisions_within_target"]
        return [
            Card(
                _("Evaluaties"),
                count(t["evaluations"]),
                _("Evaluaties horen niet bij een partner.")
                if t["evaluations"] is None
                else _("waarvan %(n)s met beslissing tot doorstroom")
                % {"n": t["transition_decisions"]},
            ),
            Card(_("Toeleidingen"), count(t["referrals"])),
            Card(_("Gestarte trajecten"), count(t["started"])),
            Card(_("Actieve trajecten"), count(t["active"]), _("op de laatste dag")),
            Card(_("Geschorste trajecten"), count(t["suspended"]), _("op de laatste dag")),
            Card(
                _("Uitstroom"),
                str(total_outcomes),
                " · ".join(f"{labels[k]} {n}" for k, n in outcomes.items()),
            ),
            Card(_("Aandeel aangeworven"), share(t["share_hired"]), _("van de uitstroom")),
            Card(
                _("Mediane duur"),
                not_applicable()
                if median is None
                else _("%(days)s dagen") % {"days": format_cell(median, "days")},
                _("van de trajecten met uitstroom"),
            ),
            Card(
                _("Mandaatbeslissingen binnen de streeftermijn"),
                share(t["share_within_target"]),
                _("Mandaten horen bij een organisatie, niet bij een werknemer.")
                if within is None
                else _("%(n)s van %(total)s beslissingen")
                % {"n": within, "total": t["mandate_decisions"]},
            ),
        ]

    # tables

    def table(self, slug: str) -> Table:
        builders = {
            "uitstroom-per-partner": self._per_partner,
            "uitstroom-per-provincie": self._per_province,
            "uitstroom-per-doelgroep": self._per_target_group,
            "per-maand": self._per_month,
            "beslistermijn": self._timeliness,
            "trajectduur": self._durations,
        }
        return builders[slug]()

    def tables(self) -> list[Table]:
        return [self.table(slug) for slug in TABLES]

    def _outcome_columns(self, first: Column) -> tuple[Column, ...]:
        labels = outcome_labels()
        return (
            first,
            *(Column(labels[kind]) for kind in labels),
            Column(_("Aandeel aangeworven (%)"), "percent"),
        )

    @staticmethod
    def _outcome_cells(row: dict[str, Any]) -> tuple[Any, ...]:
        outcomes = row["outcomes"]
        return (
            *(outcomes[kind] for kind in OUTCOME_ORDER),  # one row per partner: no gettext
            percent(row["share_hired"]),
        )

    @staticmethod
    def _outcome_bars(row: dict[str, Any]) -> Bars:
        return [
            (label, row["outcomes"][kind], OUTCOME_CSS[kind])
            for kind, label in outcome_labels().items()
        ]

    def _per_partner(self) -> Table:
        slug = "uitstroom-per-partner"
        title = _("Uitstroom per partner")
        # The chart and its table in one order (most outcomes first); partners without any
        # outcome are kept, last (presentation only: the figures are the selector's).
        partners = sorted(
            self.indicators["per_partner"],
            key=lambda p: (-sum(p["outcomes"].values()), p["partner_name"]),
        )
        with_outcomes = partners
        note = ""
        if len(with_outcomes) > CHART_TOP:
            note = _(
                "De grafiek toont de %(n)s partners met de meeste uitstroom; de tabel toont ze "
                "allemaal."
            ) % {"n": CHART_TOP}
        chart = bar_chart(
            slug,
            title,
            [(p["partner_name"], self._outcome_bars(p)) for p in with_outcomes[:CHART_TOP]],
            note,
        )
        return Table(
            slug,
            title,
            self._outcome_columns(Column(_("Partner"), "text")),
            tuple((p["partner_name"], *self._outcome_cells(p)) for p in partners),
            chart,
            page=self._page(len(partners)),
        )

    def _per_target_group(self) -> Table:
        """R6–R8 "en/of": an employee in several target groups counts in each of them, so the
        rows may add up to more than the totals."""
        slug = "uitstroom-per-doelgroep"
        title = _("Uitstroom per doelgroep")
        english = is_english()
        labels = TARGET_GROUP_LABELS_EN if english else TARGET_GROUP_LABELS_NL
        groups = [(labels[g["target_group"]], g) for g in self.indicators["per_target_group"]]
        chart = bar_chart(
            slug,
            title,
            [(name, self._outcome_bars(g)) for name, g in groups],
            _("Een werknemer in meer dan één doelgroep telt in elk van die doelgroepen mee."),
        )
        return Table(
            slug,
            title,
            self._outcome_columns(Column(_("Doelgroep"), "text")),
            tuple((name, *self._outcome_cells(g)) for name, g in groups),
            chart,
        )

    def _per_province(self) -> Table:
        slug = "uitstroom-per-provincie"
        title = _("Uitstroom per provincie")
        provinces = [
            (p["province_name"] or _("Brussel of onbekend"), p)
            for p in self.indicators["per_province"]
        ]
        chart = bar_chart(
            slug,
            title,
            [(name, self._outcome_bars(p)) for name, p in provinces],
        )
        return Table(
            slug,
            title,
            self._outcome_columns(Column(_("Provincie"), "text")),
            tuple((name, *self._outcome_cells(p)) for name, p in provinces),
            chart,
        )

    def _per_month(self) -> Table:
        slug = "per-maand"
        title = _("Gestarte trajecten en uitstroom per maand")
        started, outcomes = _("Gestart"), _("Uitstroom")
        # columns per month, in the table's (calendar) order, months without anything kept
        chart = column_chart(
            slug,
            title,
            [
                (
                    format_cell(m["month"], "month"),
                    date_format(m["month"], "M"),
                    date_format(m["month"], "Y"),
                    [
                        (started, m["started"], "bar"),
                        (outcomes, m["outcomes_total"], "bar bar--alt"),
                    ],
                )
                for m in self.monthly
            ],
        )
        return Table(
            slug,
            title,
            (Column(_("Maand"), "month"), Column(started), Column(outcomes)),
            tuple((m["month"], m["started"], m["outcomes_total"]) for m in self.monthly),
            chart,
        )

    def _timeliness(self) -> Table:
        slug = "beslistermijn"
        title = _("Mandaatbeslissingen binnen de streeftermijn")
        within_label, late_label = _("Binnen de streeftermijn"), _("Later of zonder termijn")
        columns = (
            Column(_("Partner"), "text"),
            Column(_("Mandaatbeslissingen")),
            Column(within_label),
            Column(late_label),
            Column(_("Aandeel binnen termijn (%)"), "percent"),
        )
        if self.indicators["totals"]["mandate_decisions"] is None:
            note = _(
                "Niet van toepassing bij een filter op provincie of kader: een mandaat hoort bij "
                "een organisatie, niet bij een werknemer."
            )
            return Table(slug, title, columns, (), bar_chart(slug, title, [], note), note)
        partners = [p for p in self.indicators["per_partner"] if p["mandate_decisions"]]
        rows = tuple(
            (
                p["partner_name"],
                p["mandate_decisions"],
                p["mandate_decisions_within_target"],
                p["mandate_decisions"] - p["mandate_decisions_within_target"],
                percent(p["share_within_target"]),
            )
            for p in partners
        )
        chart = bar_chart(
            slug,
            title,
            [
                (row[0], [(within_label, row[2], "bar"), (late_label, row[3], "bar bar--alt")])
                for row in rows[:CHART_TOP]
            ],
        )
        return Table(slug, title, columns, rows, chart, page=self._page(len(rows)))

    def _durations(self) -> Table:
        slug = "trajectduur"
        title = _("Duur van de trajecten met uitstroom")
        rows = tuple((self._bucket_label(b), b["count"]) for b in self.durations)
        chart = bar_chart(slug, title, [("", [(label, n, "bar") for label, n in rows])])
        return Table(
            slug,
            title,
            (Column(_("Duur"), "text"), Column(_("Trajecten"))),
            rows,
            chart,
        )

    @staticmethod
    def _bucket_label(bucket: dict[str, Any]) -> str:
        if bucket["max_days"] is None:
            return _("meer dan %(n)s dagen") % {"n": bucket["min_days"] - 1}
        return _("%(low)s tot %(high)s dagen") % {
            "low": bucket["min_days"],
            "high": bucket["max_days"],
        }


def default_period(today: date) -> tuple[date, date]:
    """1 January of this year until today, as the API does."""
    return date(today.year, 1, 1), today
