"""The directory's full-text search document, stored and indexed, on PostgreSQL only.

`search_document` is a generated column (PostgreSQL keeps it up to date on every insert and
update, also for bulk_create and queryset.update()) holding the weighted tsvector of name (A),
keywords (B) and the descriptions (C), with a GIN index on it. The model does not declare it:
members.filters.SearchDocument refers to it in queries. SQLite has no full-text search here
and gets nothing.

PostgreSQL refuses to change the type of a column a generated column reads: a later migration
that alters name, keywords or description_de/_en must drop this column first and re-add it.
"""

from django.db import migrations

COLUMN = """
ALTER TABLE members_organization ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(name, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(keywords, '')), 'B')
    || setweight(to_tsvector('german', coalesce(description_de, '')), 'C')
    || setweight(to_tsvector('english', coalesce(description_en, '')), 'C')
) STORED
"""
INDEX = "CREATE INDEX members_org_search_gin ON members_organization USING gin (search_document)"
DROP = "ALTER TABLE members_organization DROP COLUMN search_document"  # drops the index too


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN)
        schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0006_change_request_proposed_logo"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
