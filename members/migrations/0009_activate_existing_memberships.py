"""Memberships made before the consent step stay what they were: active.

0008 added `Membership.status` with the default "pending" (a row created without the services
grants nothing); every membership that existed then had been granted, so it becomes active.
"""

from django.db import migrations


def activate(apps, schema_editor):
    Membership = apps.get_model("members", "Membership")
    Membership.objects.filter(status="pending").update(status="active")


def deactivate(apps, schema_editor):
    # Going back to before the consent step: memberships had no status to keep.
    pass


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0008_membership_consent"),
    ]

    operations = [
        migrations.RunPython(activate, deactivate),
    ]
