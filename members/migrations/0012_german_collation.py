"""Organisation names sort in German (network_portal.collation): the column gets the collation.

PostgreSQL refuses to alter a column that the generated search document reads, so that column
is dropped first and re-added after, as migration 0007 made it (with its GIN index).
"""

from importlib import import_module

from django.db import migrations, models

from network_portal.collation import CREATE_ON_POSTGRESQL

search_document = import_module("members.migrations.0007_search_document")


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_ON_POSTGRESQL)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0011_directory_indexes'),
    ]

    operations = [
        migrations.RunPython(create_collation, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(search_document.backwards, search_document.forwards, elidable=False),
        migrations.AlterField(
            model_name='organization',
            name='name',
            field=models.CharField(db_collation='german', max_length=200, verbose_name='name'),
        ),
        migrations.RunPython(search_document.forwards, search_document.backwards, elidable=False),
    ]
