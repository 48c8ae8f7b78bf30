"""The reminder through the beat task and the outbox, with a real Celery worker on Redis."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, StopFactory, TripFactory
from network_portal.celery import app
from network_portal.models import OutgoingEmail

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_reminds_an_accepted_participant_once(celery_worker):
    start = timezone.localdate() + timedelta(days=3)
    trip = TripFactory(organisers=[OrganizationFactory()], start_date=start,
                       end_date=start + timedelta(days=1),
                       application_deadline=timezone.now() - timedelta(days=1))
    StopFactory(trip=trip, title_de="Besuch bei JEMA SA")
    application = ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values()
               if e["task"] == "delegations.tasks.send_due_reminders"]

    # Sent by name as beat sends it, twice: two overlapping beat runs must mail only once.
    app.send_task(entry["task"])
    app.send_task(entry["task"])

    # Inside the worker: the beat task claims the row and queues the e-mail; on commit the
    # worker queues the sending task, which it consumes itself and writes the mail file.
    reminders = OutgoingEmail.objects.filter(template="delegations_reminder")
    assert wait_for(lambda: reminders.filter(status=OutgoingEmail.Status.SENT).exists())
    assert wait_for(lambda: len(list(celery_worker.iterdir())) >= 1)
    time.sleep(2)  # room for a second (wrong) mail to arrive
    files = list(celery_worker.iterdir())
    assert len(files) == 1
    assert reminders.count() == 1
    text = files[0].read_text()
    assert application.user.email in text and "Besuch bei JEMA SA" in text
    application.refresh_from_db()
    assert application.reminded_at is not None
