"""The outbox marks a row in flight while it is sent, and gives each row one Message-ID.

Rows from before get their Message-ID here (a callable default on AddField would give every
existing row the same one), then the column becomes unique.
"""

from django.db import migrations, models

import network_portal.models


def give_each_row_a_message_id(apps, schema_editor):
    OutgoingEmail = apps.get_model("network_portal", "OutgoingEmail")
    for pk in OutgoingEmail.objects.filter(message_id=None).values_list("pk", flat=True).iterator():
        OutgoingEmail.objects.filter(pk=pk).update(
            message_id=network_portal.models.new_message_id())


class Migration(migrations.Migration):

    dependencies = [
        ("network_portal", "0003_audit_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="claimed_at",
            field=models.DateTimeField(blank=True, help_text="When a worker began the current attempt. A row still sending long after this is tried again, with the same Message-ID.", null=True, verbose_name="sending since"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="message_id",
            field=models.CharField(editable=False, max_length=255, null=True, verbose_name="Message-ID"),
        ),
        migrations.RunPython(give_each_row_a_message_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outgoingemail",
            name="message_id",
            field=models.CharField(default=network_portal.models.new_message_id, editable=False, max_length=255, unique=True, verbose_name="Message-ID"),
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="status",
            field=models.CharField(choices=[("queued", "pending"), ("sending", "sending"), ("sent", "sent"), ("failed", "failed")], db_index=True, default="queued", max_length=10, verbose_name="status"),
        ),
    ]
