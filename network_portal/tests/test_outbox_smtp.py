"""The outbox against a real SMTP server (aiosmtpd): headers, refusals, mails in flight."""

import threading
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from network_portal import calendar, mail, tasks
from network_portal.models import OutgoingEmail
from network_portal.testing import SMTPServer

SENDING = OutgoingEmail.Status.SENDING


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    server.use_for(settings)
    yield server
    server.stop()


def enqueue(n=1, **kwargs):
    defaults = {"to": f"person{n}@example.com", "subject": "Anmeldung bestätigt",
                "body_text": "Sie sind angemeldet.", "key": f"smtp-test:{n}"}
    return mail.enqueue_rendered(**{**defaults, **kwargs})


def test_the_mail_carries_the_message_id_stored_with_the_row(db, smtp, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    email = enqueue()

    assert mail.send(email.pk) == OutgoingEmail.Status.SENT

    [message] = smtp.messages
    assert message["Message-ID"] == email.message_id
    assert email.message_id.startswith("<") and email.message_id.endswith("@portal.example.org>")


def test_automatic_mails_say_so_and_carry_a_date(db, smtp):
    email = enqueue()

    mail.send(email.pk)

    [message] = smtp.messages
    assert message["Auto-Submitted"] == "auto-generated"
    sent = parsedate_to_datetime(message["Date"])
    assert sent.tzinfo is not None
    assert abs(sent - timezone.now()) < timedelta(minutes=5)


def test_every_row_has_its_own_message_id(db):
    first, second = enqueue(1), enqueue(2)

    assert first.message_id and second.message_id and first.message_id != second.message_id


def test_a_permanent_refusal_fails_at_once(db, smtp):
    smtp.answer = "550 5.7.1 Message rejected"
    email = enqueue()

    status = mail.send(email.pk)

    email.refresh_from_db()
    assert status == email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 1
    assert "550" in email.last_error
    assert tasks.dispatch_queued_emails() == 0


def test_a_refused_recipient_fails_at_once(db, smtp):
    smtp.refuse_recipients = "550 5.1.1 No such user"
    email = enqueue()

    assert mail.send(email.pk) == OutgoingEmail.Status.FAILED

    email.refresh_from_db()
    assert "No such user" in email.last_error


def test_a_temporary_refusal_is_retried_later_with_the_same_message_id(db, smtp):
    smtp.answer = "451 4.3.0 Mailbox busy, try later"
    email = enqueue()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(hours=1))

    assert mail.send(email.pk) == OutgoingEmail.Status.QUEUED
    email.refresh_from_db()
    assert email.attempts == 1 and "451" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert tasks.dispatch_queued_emails() == 0  # the backoff holds

    smtp.answer = None
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert tasks.dispatch_queued_emails() == 1

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    assert [m["Message-ID"] for m in smtp.messages] == [email.message_id]


def test_an_unreachable_server_is_retried(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", SMTPServer().port  # nobody listens
    email = enqueue()

    assert mail.send(email.pk) == OutgoingEmail.Status.QUEUED

    email.refresh_from_db()
    assert email.attempts == 1 and email.last_error


def test_a_mail_another_worker_is_sending_is_left_alone(db, smtp):
    email = enqueue()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=SENDING, claimed_at=timezone.now())

    assert mail.send(email.pk) == SENDING
    assert tasks.dispatch_queued_emails() == 0
    assert smtp.messages == []


def test_a_mail_left_sending_past_the_timeout_goes_out_again_with_its_message_id(db, smtp,
                                                                                 settings):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    email = enqueue()
    # As a worker killed after the server accepted the message leaves it.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=SENDING, attempts=1, claimed_at=timezone.now() - timedelta(minutes=11),
        created_at=timezone.now() - timedelta(minutes=12))

    assert tasks.dispatch_queued_emails() == 1

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    assert [m["Message-ID"] for m in smtp.messages] == [email.message_id]


def test_a_mail_that_kills_every_worker_fails_in_the_end(db, smtp, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = enqueue()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=SENDING, attempts=3, claimed_at=timezone.now() - timedelta(hours=1))

    assert mail.send(email.pk) == OutgoingEmail.Status.FAILED
    assert smtp.messages == []


def send_and_close(pk):
    from django.db import connection

    try:
        return mail.send(pk)
    finally:
        connection.close()  # a thread's connection would keep the test database open


@pytest.mark.django_db(transaction=True)
def test_the_row_is_not_locked_while_the_server_takes_its_time(smtp):
    """The SMTP conversation runs outside any transaction: others read and skip the row."""
    smtp.hold = threading.Event()
    # A row as enqueue() leaves it, without the on-commit send (eager here) getting there first.
    email = OutgoingEmail.objects.create(to="person@example.com", subject="Hallo", body_text="Text")
    first = threading.Thread(target=send_and_close, args=(email.pk,))
    first.start()
    try:
        assert smtp.receiving.wait(10), "the first send never reached DATA"
        assert OutgoingEmail.objects.get(pk=email.pk).status == SENDING  # committed claim
        second = {}
        thread = threading.Thread(
            target=lambda: second.update(status=send_and_close(email.pk)))
        thread.start()
        thread.join(5)
        assert not thread.is_alive(), "a second send waited for the first one's row lock"
        assert second["status"] == SENDING
    finally:
        smtp.hold.set()
        first.join(20)
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT
    assert len(smtp.messages) == 1


def test_resend_is_a_new_message_with_a_new_message_id(db, smtp, django_capture_on_commit_callbacks):
    email = enqueue()
    mail.send(email.pk)
    first_id = email.message_id

    with django_capture_on_commit_callbacks(execute=True):
        mail.resend(email)

    assert email.message_id != first_id
    assert [m["Message-ID"] for m in smtp.messages] == [first_id, email.message_id]


def test_resend_leaves_a_mail_being_sent_alone(db, smtp, django_capture_on_commit_callbacks):
    email = enqueue()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=SENDING, claimed_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        mail.resend(email)

    assert email.status == SENDING
    assert smtp.messages == []


def test_the_calendar_part_names_the_files_method(db, smtp):
    entries = calendar.new_calendar()
    calendar.add_entry(entries, uid="x-1", start=timezone.now(),
                       end=timezone.now() + timedelta(hours=1), summary="Treffen",
                       url="https://portal.example.org/events/x/")
    email = enqueue(attachments=[mail.attachment("treffen.ics", entries.to_ical(),
                                                 "text/calendar")])

    mail.send(email.pk)

    [message] = smtp.messages
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == "treffen.ics"
    assert "BEGIN:VCALENDAR" in part.get_content()


def test_a_batch_of_mails_goes_over_one_connection(db, smtp):
    connections = []
    original = mail.SMTPBackend.open

    def counting_open(backend):
        opened = original(backend)
        if opened:
            connections.append(backend)
        return opened

    emails = [enqueue(n) for n in range(5)]
    mail._smtp.close()
    mail.SMTPBackend.open = counting_open
    try:
        statuses = [mail.send(email.pk) for email in emails]
    finally:
        mail.SMTPBackend.open = original

    assert statuses == [OutgoingEmail.Status.SENT] * 5
    assert len(smtp.messages) == 5
    assert len({m["Message-ID"] for m in smtp.messages}) == 5
    assert len(connections) == 1


def test_a_connection_the_server_dropped_is_replaced_without_losing_the_mail(db, smtp):
    first, second = enqueue(1), enqueue(2)
    mail.send(first.pk)
    mail._smtp.backend.connection.sock.close()  # the server hung up while the worker idled

    assert mail.send(second.pk) == OutgoingEmail.Status.SENT

    second.refresh_from_db()
    assert second.attempts == 1
    assert [m["Message-ID"] for m in smtp.messages] == [first.message_id, second.message_id]
