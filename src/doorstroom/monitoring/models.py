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
    Rows are only ever summed, so a duplicate key (two writers racing) is harmless.
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
        indexes = [models.Index(fields=["metric", "day"], name="tally_metric_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.partner_id} {self.province_code}: {self.n}"
