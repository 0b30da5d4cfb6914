"""Monthly histograms of durations per group and per breakdown row: the whole months of a
period outside its whole years without the daily rows (R5, issue 16)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """From the tally, set-based (see monitoring/tally.py)."""
    from doorstroom.monitoring.tally import _models, rebuild_duration_months

    rebuild_duration_months(_models(apps))


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0006_rollups'),
    ]

    operations = [
        migrations.CreateModel(
            name='IndicatorDurationBreakdownMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension', models.CharField(max_length=20)),
                ('key', models.CharField(blank=True, max_length=40)),
                ('month', models.DateField()),
                ('days', models.IntegerField()),
                ('n', models.IntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['month', 'dimension'], name='duration_breakdown_month')],
            },
        ),
        migrations.CreateModel(
            name='IndicatorDurationMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField()),
                ('days', models.IntegerField()),
                ('n', models.IntegerField(default=0)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='month_durations', to='monitoring.indicatorgroup')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('group', 'month', 'days'), name='duration_group_month_days')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
