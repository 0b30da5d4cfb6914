"""The monitoring tally (R5): the indicators' facts, precomputed and kept current.

One row per (day, metric, partner, province, framework, duration) with an additive count `n`.
Reading the indicators over eight years from the raw tables joins five tables and rolls up
every fact (816 ms at scale 10 for the hand-written floor); the tally is one narrow table
without joins, summed in SQL. See `monitoring/tally.py` for how it is kept equal to the facts.
"""

from __future__ import annotations

from django.db import models


class IndicatorTally(models.Model):
    """How many facts of one `metric` happened on `day` in one group.

    - `partner` is null for evaluations (not tied to a partner);
    - `province_code`/`framework` are the employee's, null for mandate decisions (they belong
      to an organisation); `province_code` is "" for a municipality without a province;
    - `days` is the trajectory's duration (outcome date minus start) for the outcome metrics,
      so the exact median comes from the same rows (a histogram), null otherwise;
    - `target_group` is null on the rows that count every fact once (the totals and the
      breakdowns by partner, province and framework); a fact of an employee in several target
      groups is counted once more per group, on rows carrying that group's code (the breakdown
      per target group, R6–R8 "en/of").
    Rows are only ever summed, so a duplicate key (two writers racing) is harmless: a writer
    adds to a key's first row only (`tally.apply`).
    """

    day = models.DateField()
    metric = models.CharField(max_length=40)
    partner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # null ("does not apply": mandate decisions) differs from "" (no province)
    province_code = models.CharField(max_length=5, null=True, blank=True)  # noqa: DJ001
    framework = models.CharField(max_length=10, null=True, blank=True)  # noqa: DJ001
    days = models.IntegerField(null=True, blank=True)
    target_group = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    n = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["metric", "day"], name="tally_metric_day"),
            # the partial edge months of a period, every metric (monitoring.selectors)
            models.Index(fields=["day"], name="tally_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.partner_id} {self.province_code}: {self.n}"


#: The metrics kept as prefix sums (one column each on `IndicatorPrefix`).
PREFIX_METRICS: tuple[str, ...] = (
    "evaluations",
    "transition_decisions",
    "referrals",
    "started",
    "ended",
    "outcome_hired",
    "outcome_returned",
    "outcome_stopped",
    "mandate_decisions",
    "mandate_decisions_within_target",
)


class PrefixMetricCounts(models.Model):
    """One count per metric of `PREFIX_METRICS` (prefix sums or monthly deltas)."""

    evaluations = models.IntegerField(default=0)
    transition_decisions = models.IntegerField(default=0)
    referrals = models.IntegerField(default=0)
    started = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)
    outcome_hired = models.IntegerField(default=0)
    outcome_returned = models.IntegerField(default=0)
    outcome_stopped = models.IntegerField(default=0)
    mandate_decisions = models.IntegerField(default=0)
    mandate_decisions_within_target = models.IntegerField(default=0)

    class Meta:
        abstract = True


#: `IndicatorGroup.kind`: a group of the tally's key, or a partner's roll-up.
CROSS = "cross"
PARTNER = "partner"


class IndicatorGroup(models.Model):
    """One group of the tally (its key without day, metric and duration), or a partner's
    roll-up.

    `key` spells the four fields in one unique string (`monitoring.tally.group_key`), so that
    two writers creating the same group meet on the unique constraint even where a field is
    null. A writer locks its group's row before moving the group's prefix sums (see tally.py).

    `kind` "partner" (`tally.partner_key`, "partner:<id>"): the sum of the partner's groups
    that count each fact once (target group null), with its own prefix rows, so that an
    unfiltered read takes one row per partner instead of every cross group; province,
    framework and target group are null and it has no durations. Locked after the cross
    groups by the writers. Readers of the cross groups select `kind` "cross".
    """

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, default=CROSS, db_default=CROSS)
    partner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    province_code = models.CharField(max_length=5, null=True, blank=True)  # noqa: DJ001
    framework = models.CharField(max_length=10, null=True, blank=True)  # noqa: DJ001
    target_group = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001

    def __str__(self) -> str:
        return self.key


class IndicatorPrefix(PrefixMetricCounts):
    """Prefix sums: per group, how many facts of each metric happened up to and including the
    last day of `month` (stored as the month's first day).

    Sparse: a group has a row for a month only when it had a fact in that month; the value at
    the end of any month is the group's latest row on or before it (zero without one). A
    period of whole months is then two rows per group, whatever its length."""

    group = models.ForeignKey(IndicatorGroup, on_delete=models.CASCADE, related_name="prefixes")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "month"], name="prefix_group_month"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month}"


class IndicatorDurationYear(models.Model):
    """The durations of the outcomes of one group in one calendar year, as a histogram
    (`n` outcomes ran `days` days): the medians of whole years without reading daily rows."""

    group = models.ForeignKey(IndicatorGroup, on_delete=models.CASCADE, related_name="durations")
    year = models.IntegerField()
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year", "days"], name="duration_group_year_days"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.year} {self.days}: {self.n}"


class IndicatorDurationMonth(models.Model):
    """The durations of the outcomes of one group in one calendar month (`month`, its first
    day), as a histogram (`n` outcomes ran `days` days): the whole months of a period outside
    its whole years without reading daily rows (only the days of at most two partial months
    are). Kept like `IndicatorDurationYear` (same writers, rebuild and check)."""

    group = models.ForeignKey(
        IndicatorGroup, on_delete=models.CASCADE, related_name="month_durations"
    )
    month = models.DateField()
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # also the index of the page's partners' lateral lookup (monitoring.selectors)
            models.UniqueConstraint(
                fields=["group", "month", "days"], name="duration_group_month_days"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month} {self.days}: {self.n}"


#: The breakdowns `IndicatorDurationBreakdownYear` holds (the per-partner one reads the groups'
#: histograms, for the partners of one page).
BREAKDOWN_DIMENSIONS: tuple[str, ...] = ("totals", "provinces", "frameworks", "target_groups")


class Scoped(models.Model):
    """A breakdown row counted within a `scope`: the filter of the indicators it counts
    under (`tally.scopes`): "" unfiltered, "p:<province>" a province, "f:<framework>" a
    framework, "p:<province>|f:<framework>" both. A read filtered by province or framework
    (no partner) then sums its scope's rows, as an unfiltered one sums scope "", instead of
    grouping the rows of every group the filter selects (a framework's medians 1.5 s at
    scale 100)."""

    scope = models.CharField(max_length=60, blank=True, default="", db_default="")

    class Meta:
        abstract = True


# COVERING: the breakdowns' duration histograms' indexes carry the columns the medians read
# (`include`, on PostgreSQL; SQLite builds the same indexes on their key columns, as Django's
# check W040 says, silenced in settings). The medians then read the index alone (index-only
# scans) instead of a heap page for every few rows: at scale 100 the breakdowns' medians over
# eight years went from 87 to 38 ms in process (66,821 rows from 17,400 heap pages before).
# The whole key is indexed (`key` and `days` as well), so a writer finds a key's row by the
# index (`tally.add_to_rows`): with `key` and `days` only included, PostgreSQL scanned the whole
# table to find an outcome's 20 rows (57 ms at scale 100). The price: a change of `n` is no
# longer a HOT update (its index entry is written too), on tables that move once per outcome.
# (The groups' histograms keep their unique constraint:
# Django does not create a covering unique constraint on SQLite at all.)


class IndicatorDurationBreakdownYear(Scoped):
    """The durations of the outcomes of one breakdown row in one calendar year, as a
    histogram (`n` outcomes ran `days` days): the medians of the totals, provinces, frameworks
    and target groups over whole years without grouping the groups' histograms (a few
    thousand rows for any number of partners).

    `dimension` is one of `BREAKDOWN_DIMENSIONS`, `key` the row's province code, framework or
    target group ("" for the totals, and for a municipality without a province). Like the
    tally, rows are only ever summed: a writer adds to a key's first row or inserts one
    (`tally.add_to_rows`), so a duplicate key (two writers racing) is harmless; `rebuild`
    writes one row per key."""

    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=40, blank=True)
    year = models.IntegerField()
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["scope", "year", "dimension", "key", "days"],
                include=["n"],  # covering: see COVERING
                name="duration_breakdown_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.year} {self.days}: {self.n}"


class IndicatorMonthTotal(PrefixMetricCounts, Scoped):
    """The breakdowns' roll-up: how many facts of each metric happened in `month` (its first
    day) in one breakdown row, as additive deltas.

    `dimension` is one of `BREAKDOWN_DIMENSIONS` and `key` the row's province code, framework
    or target group ("" for the totals, and for a municipality without a province), the rows
    a group counts in as `tally.breakdown_rows` says (the totals, provinces and frameworks
    over the groups that count each fact once, a target group over its own groups).

    The month series of an unfiltered dashboard sums the totals' rows (a few per month), and
    an unfiltered `indicators` sums every row up to the period's ends ("active" = started −
    ended up to the end), instead of the prefix rows of every group. Insert-only: a writer
    inserts one row per breakdown row and month it moves (never an UPDATE, so no row lock
    that every writer would wait on, and two racing writers cannot conflict); readers sum;
    `rebuild` writes one row per breakdown row and month. Not prefix sums: those move every
    later row and need a lock (tally.py)."""

    dimension = models.CharField(max_length=20, default="totals", db_default="totals")
    key = models.CharField(max_length=40, blank=True, default="", db_default="")
    month = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["scope", "dimension", "month"], name="month_total_dim_month")
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.month}"


class IndicatorDurationBreakdownMonth(Scoped):
    """`IndicatorDurationBreakdownYear` per calendar month (`month`, its first day): the
    medians of the breakdowns over the whole months of a period outside its whole years.
    Same keys and semantics (rows only ever summed; `rebuild` writes one row per key)."""

    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=40, blank=True)
    month = models.DateField()
    days = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["scope", "month", "dimension", "key", "days"],
                include=["n"],  # covering: see COVERING
                name="duration_breakdown_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.month} {self.days}: {self.n}"
