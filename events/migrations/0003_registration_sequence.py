from django.db import migrations, models


def number_registrations(apps, schema_editor):
    """Number each event's registrations in the order the waitlist used so far."""
    Registration = apps.get_model("events", "Registration")
    batch = []
    event_id, number = None, 0
    for registration in Registration.objects.order_by("event_id", "created_at", "pk").only(
            "pk", "event_id").iterator(chunk_size=2000):
        if registration.event_id != event_id:
            event_id, number = registration.event_id, 0
        number += 1
        registration.sequence = number
        batch.append(registration)
        if len(batch) >= 2000:
            Registration.objects.bulk_update(batch, ["sequence"])
            batch = []
    Registration.objects.bulk_update(batch, ["sequence"])


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0002_event_details_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="sequence",
            field=models.PositiveIntegerField(editable=False, null=True,
                                              verbose_name="order of registration"),
        ),
        migrations.RunPython(number_registrations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="sequence",
            field=models.PositiveIntegerField(editable=False, verbose_name="order of registration"),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(fields=("event", "sequence"),
                                               name="one_sequence_number_per_event"),
        ),
    ]
