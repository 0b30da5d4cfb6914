"""The tally counts a fact once more per target group of the employee (R6–R8 "en/of")."""

from django.db import migrations, models


def fill(apps, schema_editor):
    """Recount the tally with the per-group rows (see monitoring/tally.py)."""
    from doorstroom.monitoring.tally import rebuild

    rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0002_target_groups_package_trace"),
        ("trajectories", "0003_internship_result_outcome_first_day_traces"),
        ("monitoring", "0001_indicator_tally"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatortally",
            name="target_group",
            field=models.CharField(blank=True, max_length=40, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
