"""R12: an internship's result is one of three codes with its date; a `hired` outcome keeps the
first working day; internships and outcomes keep their trace (R16); the partners' experience
is counted per set of target groups (an employee may belong to several)."""

import django.db.models.deletion  # noqa: F401
from django.db import migrations, models

RESULTS = {
    "hired": "hired",
    "aangeworven": "hired",
    "positief": "hired",
    "not_hired": "not_hired",
    "niet aangeworven": "not_hired",
    "negatief": "not_hired",
    "stopped_early": "stopped_early",
    "vroegtijdig gestopt": "stopped_early",
}


def normalise_results(apps, schema_editor):
    """A free-text result becomes its code, dated on the internship's last day; text that
    names none of the three results is dropped (it was never a result the rule knows)."""
    for name in ("Internship", "HistoricalInternship"):
        model = apps.get_model("trajectories", name)
        for row in model.objects.exclude(result="").iterator():
            code = RESULTS.get(row.result.strip().lower(), "")
            row.result = code
            row.result_on = row.ends_on if code else None
            row.save(update_fields=["result", "result_on"])


def first_working_days(apps, schema_editor):
    """A `hired` outcome recorded before this field started work on the outcome's day."""
    for name in ("Outcome", "HistoricalOutcome"):
        model = apps.get_model("trajectories", name)
        model.objects.filter(kind="hired", first_working_day__isnull=True).update(
            first_working_day=models.F("on")
        )


def recount_experience(apps, schema_editor):
    from doorstroom.trajectories.experience import rebuild

    rebuild(
        apps.get_model("trajectories", "Outcome"),
        apps.get_model("trajectories", "PartnerExperience"),
    )


def _trace():
    return models.JSONField(blank=True, default=dict)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0002_target_groups_package_trace"),
        ("trajectories", "0002_partner_experience"),
    ]

    operations = [
        migrations.AddField(
            model_name="internship",
            name="result_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalinternship",
            name="result_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(normalise_results, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="internship",
            name="result",
            field=models.CharField(
                blank=True,
                choices=[
                    ("hired", "aangeworven"),
                    ("not_hired", "niet aangeworven"),
                    ("stopped_early", "vroegtijdig gestopt"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalinternship",
            name="result",
            field=models.CharField(
                blank=True,
                choices=[
                    ("hired", "aangeworven"),
                    ("not_hired", "niet aangeworven"),
                    ("stopped_early", "vroegtijdig gestopt"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="internship",
            constraint=models.CheckConstraint(
                condition=models.Q(("result", ""), ("result_on__isnull", True))
                | models.Q(models.Q(("result", ""), _negated=True), ("result_on__isnull", False)),
                name="internship_result_dated",
            ),
        ),
        migrations.AddField(model_name="internship", name="trace", field=_trace()),
        migrations.AddField(model_name="historicalinternship", name="trace", field=_trace()),
        migrations.AddField(
            model_name="outcome",
            name="first_working_day",
            field=models.DateField(
                blank=True, help_text="First day in the regular job (hired only).", null=True
            ),
        ),
        migrations.AddField(
            model_name="historicaloutcome",
            name="first_working_day",
            field=models.DateField(
                blank=True, help_text="First day in the regular job (hired only).", null=True
            ),
        ),
        migrations.RunPython(first_working_days, migrations.RunPython.noop),
        migrations.AddField(model_name="outcome", name="trace", field=_trace()),
        migrations.AddField(model_name="historicaloutcome", name="trace", field=_trace()),
        migrations.RemoveConstraint(
            model_name="partnerexperience", name="one_experience_row_per_partner_group"
        ),
        migrations.RenameField(
            model_name="partnerexperience", old_name="target_group", new_name="target_groups"
        ),
        migrations.AlterField(
            model_name="partnerexperience",
            name="target_groups",
            field=models.CharField(max_length=120),
        ),
        migrations.AddConstraint(
            model_name="partnerexperience",
            constraint=models.UniqueConstraint(
                fields=("partner", "target_groups"), name="one_experience_row_per_partner_groups"
            ),
        ),
        migrations.RunPython(recount_experience, migrations.RunPython.noop),
    ]
