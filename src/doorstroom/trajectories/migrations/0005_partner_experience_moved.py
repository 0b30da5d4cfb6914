"""The partners' experience counts now belong to organisations (organisations 0004 renamed
their table); trajectories forgets them without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('trajectories', '0004_timestamp_labels'),
        ('organisations', '0004_partner_experience'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='PartnerExperience')],
        ),
    ]
