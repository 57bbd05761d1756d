"""The layout of the search index (portal/search/reindex.py): a new database
starts in the current layout; entries written before are written again by
``setup_portal``."""

from django.db import migrations, models


def record_layout(apps, schema_editor):
    written_before = apps.get_model("wagtailsearch", "IndexEntry").objects.exists()
    apps.get_model("search", "IndexLayout").objects.create(pk=1, version=0 if written_before else 1)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_index_table_storage"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexLayout",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(record_layout, migrations.RunPython.noop),
    ]
