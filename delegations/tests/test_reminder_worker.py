"""The reminder through the beat task and the outbox, with a real Celery worker on Redis."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from delegations import tasks
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, StopFactory, TripFactory
from network_portal.models import OutgoingEmail
from network_portal.tasks import send_outgoing_email

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

    tasks.send_due_reminders.delay()
    tasks.send_due_reminders.delay()

    reminders = OutgoingEmail.objects.filter(template="delegations_reminder")
    assert wait_for(lambda: reminders.exists())
    # The worker queues the sending on the default queue, which the fixture's worker does not
    # consume; hand it over as the beat dispatcher would.
    for pk in reminders.values_list("pk", flat=True):
        send_outgoing_email.delay(pk)
    assert wait_for(lambda: len(list(celery_worker.iterdir())) >= 1)
    time.sleep(2)
    files = list(celery_worker.iterdir())
    assert len(files) == 1
    assert reminders.count() == 1
    text = files[0].read_text()
    assert application.user.email in text and "Besuch bei JEMA SA" in text
