from django.db import migrations

from portal.approvals.triggers import OPINIONS


class Migration(migrations.Migration):
    """Refuse UPDATE and DELETE on approval opinions, in the database itself."""

    dependencies = [("approvals", "0001_opinions_and_tasks")]

    operations = [migrations.RunPython(*OPINIONS.migration())]
