"""E-mails of the events app through a real Celery worker on Redis (CI sets the broker)."""

import email
import email.policy
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from events import services, tasks
from events.tests.factories import EventFactory, RegistrationFactory, attendee
from network_portal.models import OutgoingEmail
from network_portal.testing import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_sends_the_confirmation_with_the_calendar_file(celery_worker):
    event = EventFactory(title_de="Netzwerktreffen Worker")

    registration = services.register(event, attendee(1))

    key = f"registration:{registration.pk}:confirmation"
    assert wait_for(lambda: OutgoingEmail.objects.get(key=key).status == "sent")
    [message] = list(celery_worker.iterdir())
    parsed = email.message_from_string(message.read_text().split("\n---------", 1)[0],
                                       policy=email.policy.default)
    assert parsed["Subject"] == "Anmeldung bestätigt: Netzwerktreffen Worker"
    assert [part.get_content_type() for part in parsed.iter_attachments()] == ["text/calendar"]


def test_the_beat_task_on_the_worker_queues_and_sends_a_due_reminder_once(celery_worker):
    start = timezone.now() + timedelta(days=6)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    registration = RegistrationFactory(event=event, created_at=timezone.now() - timedelta(days=10))

    tasks.send_due_reminders.delay()
    tasks.send_due_reminders.delay()

    # The worker queues the reminder's e-mail on its own queue and sends it itself.
    assert wait_for(lambda: OutgoingEmail.objects.filter(template="events_reminder",
                                                         status="sent").exists())
    time.sleep(1)
    assert OutgoingEmail.objects.filter(template="events_reminder").count() == 1
    assert len(list(celery_worker.iterdir())) == 1
    registration.refresh_from_db()
    assert registration.reminded_7d_at is not None
