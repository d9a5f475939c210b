"""The usual gesture types and a starting authority profile for each role (see frontline.authority.defaults)."""

from django.conf import settings
from django.db import migrations

from frontline.authority import defaults


def create(apps, schema_editor):
    defaults.install(
        apps.get_model("authority", "GestureType"),
        apps.get_model("authority", "AuthorityProfile"),
        settings.FRONTLINE_DEFAULT_CURRENCY,
    )


class Migration(migrations.Migration):
    dependencies = [("authority", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
