"""The outbox with a real Celery worker on Redis (CI sets CELERY_BROKER_URL and DATABASE_URL)."""

import time

import pytest

from network_portal import mail
from network_portal.models import OutgoingEmail
from network_portal.testing import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_sends_a_committed_email_exactly_once(celery_worker, tmp_path):
    email = mail.enqueue_rendered(to="worker@example.com", subject="Bestätigung",
                                  body_text="Sie sind angemeldet.", key="worker:1")
    # Queue it a second time, as the periodic dispatcher would: the row lock keeps it single.
    from network_portal.tasks import send_outgoing_email

    send_outgoing_email.delay(email.pk)

    assert wait_for(lambda: OutgoingEmail.objects.get(pk=email.pk).status == "sent")
    time.sleep(1)
    files = list(celery_worker.iterdir())
    assert len(files) == 1
    assert "Sie sind angemeldet." in files[0].read_text()
