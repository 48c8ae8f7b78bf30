"""The outbox: written with the change, sent after commit, never twice, never lost."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.db import transaction
from django.utils import timezone

from network_portal import mail, tasks
from network_portal.models import OutgoingEmail


def enqueue(**kwargs):
    defaults = {"to": "a@example.com", "language": "de", "key": "test:1", "subject": "Hallo",
                "body_text": "Text"}
    return mail.enqueue_rendered(**{**defaults, **kwargs})


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


def test_pending_mails_go_out_oldest_first(db):
    # As after a broker outage: the confirmation and then the cancellation wait for beat.
    now = timezone.now()
    confirmed = enqueue(key="registration:1:confirmation", subject="Anmeldung bestätigt")
    cancelled = enqueue(key="registration:1:cancellation", subject="Anmeldung storniert")
    OutgoingEmail.objects.filter(pk=confirmed.pk).update(created_at=now - timedelta(minutes=9))
    OutgoingEmail.objects.filter(pk=cancelled.pk).update(created_at=now - timedelta(minutes=8))

    assert tasks.dispatch_queued_emails() == 2

    assert [m.subject for m in django_mail.outbox] == ["Anmeldung bestätigt",
                                                        "Anmeldung storniert"]


def test_mails_created_in_the_same_instant_go_out_in_the_order_they_were_queued(db):
    first, second = enqueue(key="k:1", subject="Erste"), enqueue(key="k:2", subject="Zweite")
    OutgoingEmail.objects.filter(pk__in=[first.pk, second.pk]).update(
        created_at=timezone.now() - timedelta(minutes=5))

    tasks.dispatch_queued_emails()

    assert [m.subject for m in django_mail.outbox] == ["Erste", "Zweite"]


def test_resend_puts_a_failed_mail_back_in_the_queue(db, django_capture_on_commit_callbacks):
    email = enqueue()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED, attempts=6)

    with django_capture_on_commit_callbacks(execute=True):
        mail.resend(email)

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(django_mail.outbox) == 1


def test_attachments_arrive(db):
    email = enqueue(attachments=[mail.attachment("event.ics", "BEGIN:VCALENDAR", "text/calendar"),
                                 mail.attachment("agenda.txt", "Programm", "text/plain")])

    mail.send(email.pk)

    message = django_mail.outbox[0].message()
    assert [part.get_filename() for part in message.get_payload()[1:]] == ["event.ics",
                                                                          "agenda.txt"]
