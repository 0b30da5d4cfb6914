"""Yearly histograms of durations per breakdown row (totals, province, framework, target
group): the medians of those breakdowns without the groups' grain (R5, issue 16)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    """From the groups' yearly histograms, set-based (see monitoring/tally.py)."""
    from doorstroom.monitoring.tally import _models, rebuild_breakdowns

    rebuild_breakdowns(_models(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_prefix_sums"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorDurationBreakdownYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("dimension", models.CharField(max_length=20)),
                ("key", models.CharField(blank=True, max_length=40)),
                ("year", models.IntegerField()),
                ("days", models.IntegerField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["year", "dimension"], name="duration_breakdown_year")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
