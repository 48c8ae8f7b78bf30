"""The outbox: written with the change, sent after commit, never twice, never lost."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.db import transaction
from django.utils import timezone

from network_portal import mail, tasks
from network_portal.models import OutgoingEmail


def enqueue(**kwargs):
    defaults = {"to": "a@example.com", "language": "de", "key": "test:1"}
    return mail.enqueue_rendered(subject="Hallo", body_text="Text", **{**defaults, **kwargs})


def test_it_sends_after_commit_only(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = enqueue()
        assert django_mail.outbox == []

    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.to for m in django_mail.outbox] == [["a@example.com"]]


def test_a_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                enqueue()
                raise RuntimeError("the registration failed")
        except RuntimeError:
            pass

    assert not OutgoingEmail.objects.exists()
    assert django_mail.outbox == []


def test_the_same_key_is_queued_and_sent_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue()
        second = enqueue()

    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(django_mail.outbox) == 1


def test_sending_a_sent_email_again_does_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = enqueue()

    assert mail.send(email.pk) == OutgoingEmail.Status.SENT
    assert len(django_mail.outbox) == 1


def test_templates_render_in_the_recipients_language(db):
    english = mail.enqueue("test_greeting", to="b@example.com", language="en",
                           context={"name": "Ada"}, key="greeting:en")
    german = mail.enqueue("test_greeting", to="c@example.com", language="de",
                          context={"name": "Ada"}, key="greeting:de")

    assert english.subject == "Welcome to the battery network"
    assert german.subject == "Willkommen im Batterienetzwerk"
    assert "Ada" in german.body_text


class Unreachable:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.Unreachable"


def test_a_failed_send_stays_pending_with_backoff(db, mail_server_down):
    email = enqueue()

    status = mail.send(email.pk)

    email.refresh_from_db()
    assert status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "mail server down" in email.last_error
    assert email.next_attempt_at > timezone.now()


def test_it_gives_up_after_the_last_attempt(db, mail_server_down, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = enqueue()

    for _ in range(3):
        mail.send(email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 3


def test_the_periodic_task_sends_what_was_left_pending(db):
    email = enqueue()  # never dispatched: as if the broker was down at commit time
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    assert tasks.dispatch_queued_emails() == 1

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert tasks.dispatch_queued_emails() == 0
    assert len(django_mail.outbox) == 1


def test_the_periodic_task_waits_for_the_backoff(db, mail_server_down):
    email = enqueue()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    mail.send(email.pk)

    assert tasks.dispatch_queued_emails() == 0


def test_a_broker_outage_at_commit_loses_nothing(db, monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(tasks.send_outgoing_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = enqueue()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED


def test_resend_puts_a_failed_mail_back_in_the_queue(db, django_capture_on_commit_callbacks):
    email = enqueue()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED, attempts=6)

    with django_capture_on_commit_callbacks(execute=True):
        mail.resend(email)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(django_mail.outbox) == 1


def test_attachments_arrive(db):
    email = enqueue(attachments=[mail.attachment("event.ics", "BEGIN:VCALENDAR", "text/calendar")])

    mail.send(email.pk)

    assert django_mail.outbox[0].attachments[0][0] == "event.ics"
