"""Load the committed reference tables (data/*.csv), so that `migrate` alone gives every place.

Later refreshes of the CSV files reach existing databases through `places_load`, not through
this migration. Only the columns the historical models have are loaded.
"""

from django.db import migrations

from doorstroom.places import reference


def load(apps, schema_editor):
    reference.sync(apps.get_model("places", "Municipality"), apps.get_model("places", "PostalCode"))


def unload(apps, schema_editor):
    reference.unload(
        apps.get_model("places", "Municipality"), apps.get_model("places", "PostalCode")
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
