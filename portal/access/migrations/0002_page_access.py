import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MIRRORED = {"department", "confidentiality"}


def copy_existing_pages(apps, schema_editor):
    """Every access-controlled page already saved gets its row: any page type
    (a model inheriting from Page) with a department and a level."""
    page_model = apps.get_model(settings.WAGTAIL_PAGE_MODEL)
    page_access = apps.get_model("access", "PageAccess")
    rows = {}
    for model in apps.get_models():
        fields = {field.name for field in model._meta.get_fields()}
        if page_model not in model._meta.get_parent_list() or not MIRRORED <= fields:
            continue
        for pk, department_id, level in model._base_manager.values_list("pk", "department_id", "confidentiality"):
            rows[pk] = page_access(page_id=pk, department_id=department_id, confidentiality=level)
    page_access.objects.bulk_create(rows.values(), batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0001_records_files_grants_visits'),
        ('accounts', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='PageAccess',
            fields=[
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='access', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('confidentiality', models.PositiveSmallIntegerField(choices=[(0, 'Public'), (1, 'Internal'), (2, 'Secret'), (3, 'Confidential')])),
                ('department', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.department')),
            ],
        ),
        migrations.RunPython(copy_existing_pages, migrations.RunPython.noop),
    ]
