"""The breakdowns' month roll-up and duration histograms per filter scope (R5, issue 16):
a read filtered by province and/or framework sums its scope's rows instead of grouping the
rows of every group the filter selects (`models.Scoped`, `tally.filter_scopes`)."""

from django.db import migrations, models

#: The models that gained a scope.
SCOPED = ("IndicatorMonthTotal", "IndicatorDurationBreakdownYear", "IndicatorDurationBreakdownMonth")


def fill(apps, schema_editor):
    """From the tally and the groups' histograms, set-based: every scope's rows again."""
    from doorstroom.monitoring.tally import _models, rebuild_breakdowns, rebuild_month_totals

    m = _models(apps)
    for name in SCOPED:
        m[name].objects.all().delete()
    rebuild_month_totals(m)
    rebuild_breakdowns(m)
    rebuild_breakdowns(m, months=True)


def unscoped(apps, schema_editor):
    """Back to 0007: the scoped rows go (the unfiltered ones stay as they were)."""
    for name in SCOPED:
        apps.get_model("monitoring", name).objects.exclude(scope="").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0007_duration_months'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='indicatordurationbreakdownmonth',
            name='duration_breakdown_month',
        ),
        migrations.RemoveIndex(
            model_name='indicatordurationbreakdownyear',
            name='duration_breakdown_year',
        ),
        migrations.RemoveIndex(
            model_name='indicatormonthtotal',
            name='month_total_dim_month',
        ),
        migrations.AddField(
            model_name='indicatordurationbreakdownmonth',
            name='scope',
            field=models.CharField(blank=True, db_default='', default='', max_length=60),
        ),
        migrations.AddField(
            model_name='indicatordurationbreakdownyear',
            name='scope',
            field=models.CharField(blank=True, db_default='', default='', max_length=60),
        ),
        migrations.AddField(
            model_name='indicatormonthtotal',
            name='scope',
            field=models.CharField(blank=True, db_default='', default='', max_length=60),
        ),
        migrations.AddIndex(
            model_name='indicatordurationbreakdownmonth',
            index=models.Index(fields=['scope', 'month', 'dimension'], name='duration_breakdown_month'),
        ),
        migrations.AddIndex(
            model_name='indicatordurationbreakdownyear',
            index=models.Index(fields=['scope', 'year', 'dimension'], name='duration_breakdown_year'),
        ),
        migrations.AddIndex(
            model_name='indicatormonthtotal',
            index=models.Index(fields=['scope', 'dimension', 'month'], name='month_total_dim_month'),
        ),
        migrations.RunPython(fill, unscoped),
    ]
