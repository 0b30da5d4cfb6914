"""The partners' experience counts move from trajectories to organisations (issue 13: the
ranking in referrals reads them, and referrals sits below trajectories). The table and its
rows stay; only the name changes (as 0002 did for the partner facts' stamp)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0003_timestamp_labels'),
        ('trajectories', '0004_timestamp_labels'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PartnerExperience',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('target_groups', models.CharField(max_length=120)),
                        ('completed', models.PositiveIntegerField(default=0)),
                        ('hired', models.PositiveIntegerField(default=0)),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                    ],
                    options={
                        'db_table': 'trajectories_partnerexperience',
                        'constraints': [models.UniqueConstraint(fields=('partner', 'target_groups'), name='one_experience_row_per_partner_groups')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='PartnerExperience', table=None),
    ]
