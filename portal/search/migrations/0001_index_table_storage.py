"""PostgreSQL: the search index keeps each entry's vectors in the row itself
and is scanned without parallel workers (docs/search.md, "Speed"). Nothing
changes on SQLite."""

from django.db import migrations


def _table(apps, schema_editor):
    return schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)


def keep_vectors_in_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = _table(apps, schema_editor)
    schema_editor.execute(f"ALTER TABLE {table} SET (toast_tuple_target = 8160, parallel_workers = 0)")
    # Entries written before keep their body out of line until rewritten.
    schema_editor.execute(f"UPDATE {table} SET body = body || ''::tsvector")


def default_storage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {_table(apps, schema_editor)} RESET (toast_tuple_target, parallel_workers)")


class Migration(migrations.Migration):

    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(keep_vectors_in_rows, default_storage)]
