"""The partner facts' stamp moves from referrals to organisations (issue 13: the apps that change
partner facts sit below referrals). The table and its one row stay; only the name changes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
        ('referrals', '0002_partner_facts_stamp'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PartnerFactsStamp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.BigIntegerField(default=0)),
                        ('token', models.CharField(max_length=32)),
                    ],
                    options={
                        'verbose_name': 'stempel van de partnerfeiten',
                        'verbose_name_plural': 'stempel van de partnerfeiten',
                        'db_table': 'referrals_partnerfactsstamp',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='PartnerFactsStamp', table=None),
    ]
