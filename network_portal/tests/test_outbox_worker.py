"""The outbox with a real Celery worker on Redis (CI sets CELERY_BROKER_URL and DATABASE_URL)."""

import threading
import time
from datetime import timedelta

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


@pytest.fixture
def smtp():
    from network_portal.testing import SMTPServer

    server = SMTPServer().start()
    yield server
    server.stop()


def smtp_env(server, **extra):
    return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port), "EMAIL_TIMEOUT": "10",
            **extra}


def test_a_worker_killed_mid_send_leaves_the_mail_to_go_out_again_with_its_message_id(smtp):
    """The one duplicate window: the server takes the message, the worker dies before it
    records "sent". A later run sends it again, with the same Message-ID."""
    from network_portal import tasks
    from network_portal.testing import CeleryWorker

    # The server takes the message and holds its "250" until the worker is dead.
    smtp.hold = threading.Event()
    with CeleryWorker(env=smtp_env(smtp)) as first:
        email = mail.enqueue_rendered(to="crash@example.com", subject="Bestätigung",
                                      body_text="Sie sind angemeldet.", key="worker:crash")
        assert smtp.receiving.wait(30), "the worker never reached DATA"
        assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENDING
        first.kill()
    smtp.hold.set()
    assert len(smtp.messages) == 1
    # Nobody recorded the outcome: the row stays in flight rather than rolling back to queued.
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENDING

    # Beat on a new worker, once the claim is older than the timeout.
    smtp.hold = None
    with CeleryWorker(env=smtp_env(smtp, OUTBOX_SENDING_TIMEOUT="1")):
        OutgoingEmail.objects.filter(pk=email.pk).update(
            created_at=OutgoingEmail.objects.get(pk=email.pk).created_at - timedelta(minutes=2))
        time.sleep(1.5)
        tasks.dispatch_queued_emails.delay()
        assert wait_for(lambda: OutgoingEmail.objects.get(pk=email.pk).status == "sent")

    email.refresh_from_db()
    assert email.attempts == 2
    assert [m["Message-ID"] for m in smtp.messages] == [email.message_id, email.message_id]


def test_a_worker_fails_a_permanently_refused_mail_at_once(smtp):
    from network_portal.testing import CeleryWorker

    smtp.refuse_recipients = "550 5.1.1 No such user here"
    with CeleryWorker(env=smtp_env(smtp)):
        email = mail.enqueue_rendered(to="nobody@example.com", subject="Bestätigung",
                                      body_text="Sie sind angemeldet.", key="worker:550")
        assert wait_for(lambda: OutgoingEmail.objects.get(pk=email.pk).status == "failed")

    email.refresh_from_db()
    assert email.attempts == 1 and "550" in email.last_error
    assert smtp.messages == []


def _recording_publisher(monkeypatch):
    """What the web side hands to the broker, in order, while still handing it over."""
    published = []
    original = mail._publisher.publish

    def publish(app, task_name, args):
        published.append((task_name, args))
        return original(app, task_name, args)

    monkeypatch.setattr(mail._publisher, "publish", publish)
    return published


def test_mails_committed_together_go_to_the_worker_in_batches_each_once_in_order(
        smtp, settings, monkeypatch):
    """A sweep's mails: one task per OUTBOX_BATCH_SIZE, never a rolled-back one, each mail
    sent once and in the order it was committed."""
    from django.db import transaction

    from network_portal.testing import CeleryWorker

    settings.OUTBOX_BATCH_SIZE = 2
    published = _recording_publisher(monkeypatch)
    with CeleryWorker(env=smtp_env(smtp)):
        emails = []
        with mail.dispatch_together():
            for n in range(5):
                with transaction.atomic():
                    emails.append(mail.enqueue_rendered(
                        to=f"batch{n}@example.com", subject=f"Erinnerung {n}",
                        body_text="Bis bald.", key=f"batch:{n}"))
                if n == 2:
                    with pytest.raises(RuntimeError), transaction.atomic():
                        mail.enqueue_rendered(to="rolled-back@example.com", subject="Nie",
                                              body_text="Nie.", key="batch:rolled-back")
                        raise RuntimeError
        assert wait_for(lambda: OutgoingEmail.objects.filter(status="sent").count() == 5)

    pks = [e.pk for e in emails]
    assert published == [(mail.SEND_MANY_TASK, (pks[0:2],)), (mail.SEND_MANY_TASK, (pks[2:4],)),
                         (mail.SEND_TASK, (pks[4],))]
    assert [m["To"] for m in smtp.messages] == [f"batch{n}@example.com" for n in range(5)]
    assert not OutgoingEmail.objects.filter(key="batch:rolled-back").exists()


def test_a_worker_killed_mid_batch_leaves_one_mail_sending_and_the_rest_queued_for_beat(
        smtp, settings, monkeypatch):
    from django.db import transaction

    from network_portal import tasks
    from network_portal.testing import CeleryWorker

    settings.OUTBOX_BATCH_SIZE = 3
    smtp.hold = threading.Event()
    with CeleryWorker(env=smtp_env(smtp)) as first:
        emails = []
        with mail.dispatch_together():
            for n in range(3):
                with transaction.atomic():
                    emails.append(mail.enqueue_rendered(
                        to=f"crash{n}@example.com", subject="Erinnerung", body_text="Bis bald.",
                        key=f"batch-crash:{n}"))
        assert smtp.receiving.wait(30), "the worker never reached DATA"
        first.kill()
    smtp.hold.set()
    statuses = [OutgoingEmail.objects.get(pk=e.pk).status for e in emails]
    assert statuses == ["sending", "queued", "queued"]

    smtp.hold = None
    with CeleryWorker(env=smtp_env(smtp, OUTBOX_SENDING_TIMEOUT="1")):
        OutgoingEmail.objects.update(created_at=emails[0].created_at - timedelta(minutes=2))
        time.sleep(1.5)
        tasks.dispatch_queued_emails.delay()
        assert wait_for(lambda: OutgoingEmail.objects.filter(status="sent").count() == 3)

    ids = [m["Message-ID"] for m in smtp.messages]
    first_id = OutgoingEmail.objects.get(pk=emails[0].pk).message_id
    # The one in flight went out twice with its one Message-ID; the others once each.
    assert sorted(ids) == sorted([first_id, first_id] + [
        OutgoingEmail.objects.get(pk=e.pk).message_id for e in emails[1:]])
