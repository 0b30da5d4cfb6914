"""The breakdowns' duration histograms' indexes carry the columns the medians read (models.py
COVERING): index-only scans on PostgreSQL; SQLite builds the same index on its key columns.
Their whole key (key and days too) is indexed, so a writer finds its rows by the index. 5 s at
scale 100."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0008_filter_scopes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="indicatordurationbreakdownmonth",
            name="duration_breakdown_month",
        ),
        migrations.RemoveIndex(
            model_name="indicatordurationbreakdownyear",
            name="duration_breakdown_year",
        ),
        migrations.AddIndex(
            model_name="indicatordurationbreakdownmonth",
            index=models.Index(
                fields=["scope", "month", "dimension", "key", "days"],
                include=("n",),
                name="duration_breakdown_month",
            ),
        ),
        migrations.AddIndex(
            model_name="indicatordurationbreakdownyear",
            index=models.Index(
                fields=["scope", "year", "dimension", "key", "days"],
                include=("n",),
                name="duration_breakdown_year",
            ),
        ),
    ]
