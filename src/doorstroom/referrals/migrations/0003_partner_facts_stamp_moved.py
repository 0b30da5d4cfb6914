"""The partner facts' stamp now belongs to organisations (organisations 0002 renamed its
table); referrals forgets it without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0002_partner_facts_stamp'),
        ('organisations', '0002_partner_facts_stamp'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='PartnerFactsStamp')],
        ),
    ]
