"""Target groups become a set (DOMAIN.md "Open points": "en/of"); packages keep their trace (R16).

The single `target_group` of every employee (and of every history row) becomes a one-element
`target_groups` list; the column is then dropped.
"""

from django.db import migrations, models

BATCH = 2000


def to_lists(apps, schema_editor):
    for name in ("Employee", "HistoricalEmployee"):
        model = apps.get_model("employees", name)
        key = "pk"
        batch = []
        for pk, group in model.objects.order_by(key).values_list(key, "target_group").iterator():
            batch.append(model(pk=pk, target_groups=[group] if group else []))
            if len(batch) >= BATCH:
                model.objects.bulk_update(batch, ["target_groups"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["target_groups"])


def to_single(apps, schema_editor):
    for name in ("Employee", "HistoricalEmployee"):
        model = apps.get_model("employees", name)
        for row in model.objects.iterator():
            row.target_group = (row.target_groups or [""])[0]
            row.save(update_fields=["target_group"])


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="employee",
            name="target_groups",
            field=models.JSONField(
                default=list,
                help_text="Codes of the framework's target groups, one or more, in catalogue order.",
                verbose_name="doelgroepen",
            ),
        ),
        migrations.AddField(
            model_name="historicalemployee",
            name="target_groups",
            field=models.JSONField(
                default=list,
                help_text="Codes of the framework's target groups, one or more, in catalogue order.",
                verbose_name="doelgroepen",
            ),
        ),
        migrations.RunPython(to_lists, to_single),
        migrations.RemoveField(model_name="employee", name="target_group"),
        migrations.RemoveField(model_name="historicalemployee", name="target_group"),
        migrations.AddField(
            model_name="supportpackage",
            name="trace",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The parameter values the package was checked with.",
            ),
        ),
    ]
