from django.db import migrations

from portal.trail.triggers import FIRST


class Migration(migrations.Migration):
    """Refuse UPDATE (but the one-time sealing), DELETE and TRUNCATE on the
    trail's tables, in the database itself."""

    dependencies = [("trail", "0001_events_seals_and_checkpoints")]

    operations = [migrations.RunPython(*FIRST.migration())]
