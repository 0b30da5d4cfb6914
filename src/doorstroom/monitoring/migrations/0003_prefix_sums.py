"""Prefix sums per group and month, and yearly histograms of durations (R5, issue 16)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """Recount the tally and fill the new tables, set-based (see monitoring/tally.py)."""
    from doorstroom.monitoring.tally import rebuild

    rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_tally_target_group"),
        ("organisations", "0001_initial"),
        ("employees", "0003_name_trigram_indexes"),
        ("referrals", "0002_partner_facts_stamp"),
        ("trajectories", "0003_internship_result_outcome_first_day_traces"),
        ("mandates", "0003_endings_expertise_per_framework"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=120, unique=True)),
                ("province_code", models.CharField(blank=True, max_length=5, null=True)),
                ("framework", models.CharField(blank=True, max_length=10, null=True)),
                ("target_group", models.CharField(blank=True, max_length=40, null=True)),
                (
                    "partner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="IndicatorDurationYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.IntegerField()),
                ("days", models.IntegerField()),
                ("n", models.IntegerField(default=0)),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="durations",
                        to="monitoring.indicatorgroup",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("group", "year", "days"), name="duration_group_year_days"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="IndicatorPrefix",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("evaluations", models.IntegerField(default=0)),
                ("transition_decisions", models.IntegerField(default=0)),
                ("referrals", models.IntegerField(default=0)),
                ("started", models.IntegerField(default=0)),
                ("ended", models.IntegerField(default=0)),
                ("outcome_hired", models.IntegerField(default=0)),
                ("outcome_returned", models.IntegerField(default=0)),
                ("outcome_stopped", models.IntegerField(default=0)),
                ("mandate_decisions", models.IntegerField(default=0)),
                ("mandate_decisions_within_target", models.IntegerField(default=0)),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="prefixes",
                        to="monitoring.indicatorgroup",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("group", "month"), name="prefix_group_month")
                ],
            },
        ),
        migrations.AddIndex(
            model_name="indicatortally",
            index=models.Index(fields=["day"], name="tally_day"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
