"""The outbox: the one way the portal sends e-mail.

`enqueue()` renders a message in the recipient's language and saves it as an `OutgoingEmail` in
the caller's transaction; after commit a Celery task sends it. Publishing that task has short
timeouts and never fails the request: if the broker is down or hung, the row stays queued and
the periodic `dispatch_queued_emails` task sends it (oldest first).

Sending (`send()`) claims the row in a short transaction (status "sending", `claimed_at`), talks
to the mail server outside any transaction or row lock, then records the outcome: sent, failed
at once on a permanent (5xx) refusal, or queued again with growing pauses on a temporary (4xx)
or connection error. Every attempt carries the row's one Message-ID. The one window left: a
worker that dies after the mail server accepted the message but before it recorded "sent"
leaves the row "sending"; after `OUTBOX_SENDING_TIMEOUT` it is sent again with the same
Message-ID, so the receiver can drop the duplicate.

Text parts and subjects render with autoescape off ("O'Brien & Söhne" as typed), whatever the
template says; HTML parts are escaped as any page.
"""

import base64
import contextlib
import logging
import os
import smtplib
import threading
import time
from datetime import timedelta
from email.mime.text import MIMEText
from email.utils import format_datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from icalendar import Calendar

from network_portal import audit, links, retention
from network_portal.models import OutgoingEmail, new_message_id

logger = logging.getLogger(__name__)

# After a failed publish the request side stops trying for this long: with a hung broker only
# one request per process and pause waits for the timeout; the rows wait for beat meanwhile.
PUBLISH_PAUSE_SECONDS = 30.0


def absolute_url(path: str) -> str:
    """A link for e-mails and calendar files, which are read outside a request."""
    return settings.PORTAL_BASE_URL + path


def attachment(filename: str, content: bytes | str, mimetype: str) -> dict:
    """An attachment in the form `enqueue()` stores it."""
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "mimetype": mimetype,
            "content": base64.b64encode(content).decode("ascii")}


# Rendering ----------------------------------------------------------------------------------

def render_text(template_name: str, context: dict) -> str:
    """Render a text part or subject with autoescape off, included templates too.

    Done here, at the engine, rather than by `{% autoescape off %}` in each template, so a new
    text template cannot forget it: a text e-mail has no markup to protect.
    """
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_parts(*, subject: str, text: str, html: str, context: dict) -> tuple[str, str, str]:
    """Subject (one line), text body and (if the template exists) HTML body, in that order."""
    subject_line = " ".join(render_text(subject, context).split())
    body_text = render_text(text, context)
    try:
        body_html = render_to_string(html, context)  # escaped like any page
    except TemplateDoesNotExist:  # the HTML part is optional
        body_html = ""
    return subject_line, body_text, body_html


def render(template: str, *, language: str, context: dict) -> tuple[str, str, str]:
    """Render emails/<template>_subject.txt, _body.txt and (if present) _body.html."""
    with translation.override(language):
        return render_parts(subject=f"emails/{template}_subject.txt",
                            text=f"emails/{template}_body.txt",
                            html=f"emails/{template}_body.html", context=context)


# Queueing -----------------------------------------------------------------------------------

def enqueue(template: str, *, to: str, language: str | None = None, context: dict | None = None,
            key: str | None = None, reference: str = "",
            attachments: list[dict] | None = None) -> OutgoingEmail:
    """Queue the e-mail `template` to `to`; return the existing row if `key` was queued before."""
    language = language or settings.LANGUAGE_CODE
    if key:
        # Not .first(): its ORDER BY pk can lead PostgreSQL to walk the primary key instead of
        # looking the one row up by the unique key.
        existing = next(iter(OutgoingEmail.objects.filter(key=key).order_by()[:1]), None)
        if existing:
            return existing
    subject, body_text, body_html = render(template, language=language, context=context or {})
    return enqueue_rendered(
        to=to, subject=subject, body_text=body_text, body_html=body_html, language=language,
        key=key, reference=reference, template=template, attachments=attachments,
    )


def enqueue_rendered(*, to: str, subject: str, body_text: str, body_html: str = "",
                     language: str | None = None, key: str | None = None, reference: str = "",
                     template: str = "", attachments: list[dict] | None = None,
                     reply_to: str = "") -> OutgoingEmail:
    """Queue an already rendered e-mail (allauth's account mails, messages staff write).

    Every link into the portal gets the recipient's language (`?lang=`), so the page it opens
    speaks the language of the mail, unless the reader chose one with the header's switch."""
    language = language or settings.LANGUAGE_CODE
    body_text = links.with_language(body_text, language)
    body_html = links.with_language(body_html, language, html=True)
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=to, subject=subject[:300], body_text=body_text, body_html=body_html,
                language=language or settings.LANGUAGE_CODE, key=key, reference=reference,
                template=template, attachments=attachments or [], reply_to=reply_to,
            )
    except IntegrityError:
        if not key:
            raise
        return OutgoingEmail.objects.get(key=key)
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


class _Publisher:
    """Hands tasks to the broker from web requests: a pool of its own connections with short
    timeouts, one attempt each (Celery's defaults retry, sleep, and wait forever on a broker
    that accepts the connection but never answers)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pool = None
        self._pool_key = None
        self.paused_until = 0.0

    def pool(self, app):
        timeout = settings.OUTBOX_PUBLISH_TIMEOUT
        # A pool belongs to one process (connections do not survive a fork) and one broker.
        key = (os.getpid(), app.conf.broker_write_url, timeout)
        with self._lock:
            if self._pool_key != key:
                if self._pool is not None:
                    self._pool.force_close_all()
                connection = app.connection_for_write(
                    connect_timeout=timeout,
                    transport_options={**app.conf.broker_transport_options,
                                       "socket_timeout": timeout,
                                       "socket_connect_timeout": timeout,
                                       "max_retries": 0},
                )
                self._pool, self._pool_key = connection.Pool(app.conf.broker_pool_limit), key
                self.paused_until = 0.0
            return self._pool

    def publish(self, app, task_name: str, args) -> bool:
        if time.monotonic() < self.paused_until:
            return False
        pool = self.pool(app)
        try:
            with pool.acquire(block=True, timeout=settings.OUTBOX_PUBLISH_TIMEOUT) as connection:
                try:
                    app.send_task(task_name, args=args, connection=connection, retry=False)
                except Exception:
                    connection.collect()  # a half-dead link is not handed to the next request
                    raise
        except Exception as error:  # noqa: BLE001 - broker down or hung: beat sends the row
            self.paused_until = time.monotonic() + PUBLISH_PAUSE_SECONDS
            logger.warning("Could not queue e-mail %s (%s); it stays pending for the next "
                           "dispatch.", args[0], error)
            return False
        return True


_publisher = _Publisher()


SEND_TASK = "network_portal.tasks.send_outgoing_email"
SEND_MANY_TASK = "network_portal.tasks.send_outgoing_emails"


class _Batch(threading.local):
    """The e-mails committed while `dispatch_together()` is open in this thread, in order."""

    def __init__(self):
        self.depth = 0
        self.pks = []


_batch = _Batch()


@contextlib.contextmanager
def dispatch_together():
    """Hand the e-mails committed inside to the workers as one task per `OUTBOX_BATCH_SIZE`
    (in the order they were committed) instead of one task each: a worker's cost per task
    (fetching, acknowledging) is larger than its cost per mail. Each mail is still claimed,
    sent and recorded on its own (`send`), so a worker that dies mid-batch leaves one mail
    "sending" and the rest queued, for beat. Open around every request and every task
    (`OutboxBatchMiddleware`, network_portal.tasks); nested scopes hand over at the outermost
    one's end, or as soon as a batch is full. E-mails of a rolled-back transaction never reach
    it (they are collected on commit)."""
    _batch.depth += 1
    try:
        yield
    finally:
        end_batch()


class OutboxBatchMiddleware:
    """The e-mails a request commits go to the workers together (`mail.dispatch_together`): a
    message to 400 participants is eight tasks, not 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with dispatch_together():
            return self.get_response(request)


def begin_batch() -> None:
    """Open a task's scope (Celery's task_prerun). A scope a dead task left open is handed
    over first."""
    if _batch.depth:
        _batch.depth = 0
        _flush()
    _batch.depth = 1


def end_batch() -> None:
    """Close the innermost scope; the outermost hands its e-mails over."""
    _batch.depth = max(0, _batch.depth - 1)
    if not _batch.depth:
        _flush()


def _flush() -> None:
    pks, _batch.pks = _batch.pks, []
    if not pks:
        return
    from network_portal.celery import app

    size = max(1, settings.OUTBOX_BATCH_SIZE)
    for start in range(0, len(pks), size):
        chunk = pks[start:start + size]
        if len(chunk) == 1:
            _publisher.publish(app, SEND_TASK, (chunk[0],))
        else:
            _publisher.publish(app, SEND_MANY_TASK, (chunk,))


def _dispatch(pk: int) -> None:
    # The task is published by name: this module sends, network_portal.tasks only wraps it,
    # so the two do not import each other.
    from network_portal.celery import app

    if app.conf.task_always_eager:  # no broker: send in-process
        try:
            send(pk)
        except Exception:  # the change is committed; the row stays for the next dispatch
            logger.exception("Sending e-mail %s in-process failed.", pk)
        return
    if _batch.depth:
        _batch.pks.append(pk)
        if len(_batch.pks) >= settings.OUTBOX_BATCH_SIZE:
            _flush()
        return
    _publisher.publish(app, SEND_TASK, (pk,))


# Sending ------------------------------------------------------------------------------------

def backoff(attempts: int) -> timedelta:
    """Pause before the next try: 1, 2, 4, 8 ... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def is_permanent(error: Exception) -> bool:
    """Whether the mail server refused this message for good (a 5xx answer to the sender, the
    recipient or the content). Connection and login errors and 4xx answers are temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        return 500 <= error.smtp_code < 600
    return False


def _claim_queued(pk: int, now) -> OutgoingEmail | None:
    """Claim a queued row with one UPDATE … RETURNING (one round trip instead of an UPDATE and
    a SELECT); None if it was not queued."""
    if db_connection.vendor not in ("postgresql", "sqlite"):  # both know RETURNING
        if OutgoingEmail.objects.filter(pk=pk, status=OutgoingEmail.Status.QUEUED).update(
                status=OutgoingEmail.Status.SENDING, claimed_at=now,
                attempts=F("attempts") + 1):
            return OutgoingEmail.objects.get(pk=pk)
        return None
    table = db_connection.ops.quote_name(OutgoingEmail._meta.db_table)
    rows = list(OutgoingEmail.objects.raw(
        f"UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1 "  # noqa: S608 - the table name is the model's
        "WHERE id = %s AND status = %s RETURNING *",
        [OutgoingEmail.Status.SENDING, now, pk, OutgoingEmail.Status.QUEUED]))
    return rows[0] if rows else None


def _claim(pk: int) -> OutgoingEmail | str:
    """Mark the row in flight, or say why not (its status). A short transaction of its own."""
    now = timezone.now()
    # The common case, a queued row, in one statement: the conditional UPDATE hits the row for
    # one worker only (two workers, or a worker and beat, cannot both claim it), and returns it.
    claimed = _claim_queued(pk, now)
    if claimed is not None:
        return claimed
    # Anything else (sent, failed, sending, left sending by a dead worker): under the row lock.
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=pk).first()
        if email is None:
            return "missing"
        stale = (email.status == OutgoingEmail.Status.SENDING and email.claimed_at is not None
                 and email.claimed_at <= now - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT))
        if email.status != OutgoingEmail.Status.QUEUED and not stale:
            return email.status  # sent, failed, or another worker is sending it right now
        if stale:
            # Its worker died mid-send; the server may have accepted it. Same Message-ID again.
            logger.warning("E-mail %s was left sending since %s; trying again.", pk,
                           email.claimed_at)
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
                email.last_error = "The worker stopped while sending, on every attempt."
                email.save(update_fields=["status", "last_error"])
                return email.status
        email.status = OutgoingEmail.Status.SENDING
        email.claimed_at = now
        email.attempts += 1
        email.save(update_fields=["status", "claimed_at", "attempts"])
    return email


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to],
        headers={
            "Message-ID": email.message_id,
            # With an offset: Django's default "-0000" means "zone unknown" (RFC 5322, 3.3).
            "Date": format_datetime(timezone.localtime()),
            # RFC 3834: no out-of-office replies to the portal, no auto-forward loops.
            "Auto-Submitted": "auto-generated",
        },
        # A message staff wrote: answers go to a person (the event's contact, the organiser).
        reply_to=[email.reply_to] if email.reply_to else None,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments:
        content = base64.b64decode(item["content"])
        if item["mimetype"] == "text/calendar":
            message.attach(_calendar_part(item["filename"], content))
        else:
            message.attach(item["filename"], content, item["mimetype"])
    return message


def _calendar_part(filename: str, content: bytes) -> MIMEText:
    """A text/calendar part whose `method=` matches the file's METHOD (RFC 6047)."""
    part = MIMEText(content.decode("utf-8", errors="replace"), "calendar", "utf-8")
    try:
        method = Calendar.from_ical(content).get("method")
    except ValueError:  # not a calendar icalendar can read: sent as it is, without a method
        method = None
    if method:
        part.set_param("method", str(method).upper())
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def _record(email: OutgoingEmail, **fields) -> str:
    # Only the claim this worker holds: a row taken over after the timeout is the other's now.
    updated = OutgoingEmail.objects.filter(
        pk=email.pk, status=OutgoingEmail.Status.SENDING, claimed_at=email.claimed_at,
    ).update(**fields)
    if not updated:
        logger.warning("E-mail %s changed hands while it was sent; outcome not recorded.",
                       email.pk)
        return OutgoingEmail.objects.filter(pk=email.pk).values_list("status", flat=True).first()
    return fields["status"]


class _SMTPConnection(threading.local):
    """One SMTP connection per process and thread, reused from one mail to the next (a worker
    sends a batch over one connection instead of a TCP and SMTP handshake per mail). Closed
    after an error, when idle for SMTP_IDLE_SECONDS, in a forked child, and when the mail
    settings change."""

    def __init__(self):
        self.backend = None
        self.key = None
        self.pid = None
        self.last_used = 0.0

    @staticmethod
    def _settings_key():
        return (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
                settings.EMAIL_HOST_USER, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL)

    def get(self):
        """(backend, reused): an open SMTP backend, or None for other backends (those open
        one connection per message as before)."""
        key = self._settings_key()
        if self.backend is not None and (
                self.pid != os.getpid() or self.key != key
                or time.monotonic() - self.last_used > SMTP_IDLE_SECONDS):
            self.close()
        if self.backend is not None:
            return self.backend, True
        backend = get_connection(fail_silently=False)
        if not isinstance(backend, SMTPBackend):
            return None, False
        backend.open()
        self.backend, self.pid, self.key = backend, os.getpid(), key
        return backend, False

    def close(self):
        backend, self.backend = self.backend, None
        if backend is not None and self.pid == os.getpid():
            try:
                backend.close()
            except Exception:  # noqa: BLE001 - a broken connection is dropped either way
                pass

    def send(self, message) -> None:
        backend, reused = self.get()
        if backend is None:
            message.send()
            return
        try:
            message.connection = backend
            message.send()
        except smtplib.SMTPServerDisconnected:
            # The server closed a reused connection while it was idle: once more, on a new one
            # (nothing was accepted on the closed one). A fresh connection's failure is real.
            self.close()
            if not reused:
                raise
            backend, _reused = self.get()
            message.connection = backend
            try:
                message.send()
            except Exception:
                self.close()
                raise
        except Exception:
            self.close()  # after a refusal or a timeout the session's state is unknown
            raise
        finally:
            self.last_used = time.monotonic()


# A connection idle this long is closed before the next mail (servers drop idle sessions).
SMTP_IDLE_SECONDS = 30.0
_smtp = _SMTPConnection()


def send(pk: int) -> str:
    """Send one queued e-mail (or one left sending past the timeout). Returns its status
    afterwards; does nothing while it is sent elsewhere, or once it is sent or failed."""
    email = _claim(pk)
    if isinstance(email, str):
        return email
    try:
        # Outside any transaction: a crash here must not roll back the claim.
        _smtp.send(_message(email))
    except Exception as error:  # noqa: BLE001 - any transport error is recorded
        last_error = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("Sending e-mail %s failed (attempt %s): %s", pk, email.attempts, error)
        if is_permanent(error) or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            return _record(email, status=OutgoingEmail.Status.FAILED, last_error=last_error)
        return _record(email, status=OutgoingEmail.Status.QUEUED, last_error=last_error,
                       next_attempt_at=timezone.now() + backoff(email.attempts))
    return _record(email, status=OutgoingEmail.Status.SENT, sent_at=timezone.now(),
                   last_error="")


def send_many(pks) -> list[str]:
    """Send the e-mails `pks` one after the other, in this order (a batch from
    `dispatch_together`); their statuses afterwards."""
    return [send(pk) for pk in pks]


def due_for_dispatch(now=None):
    """E-mails to send now, oldest first: queued ones whose (next) attempt is due (a grace minute
    leaves fresh ones to on-commit), and ones left sending past the timeout."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now,
          created_at__lte=now - timedelta(minutes=1))
        | Q(status=OutgoingEmail.Status.SENDING,
            claimed_at__lte=now - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT))
    ).order_by("created_at", "pk")


def resend(email: OutgoingEmail) -> OutgoingEmail:
    """Put a failed or sent e-mail back in the queue (staff's "send again"), as a new message
    with a Message-ID of its own: a receiver would drop a second copy of the first. An e-mail
    still queued or being sent is left alone."""
    updated = OutgoingEmail.objects.filter(
        pk=email.pk, status__in=OutgoingEmail.RESENDABLE,
    ).update(status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(),
             last_error="", message_id=new_message_id(), claimed_at=None)
    if updated:
        transaction.on_commit(lambda: _dispatch(email.pk))
    email.refresh_from_db()
    return email


class ResendRefused(ValueError):
    """Staff asked to send again an e-mail that is on its way, or that belongs elsewhere."""

    def __init__(self, message, *, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def for_reference(reference: str, *, status: str = ""):
    """The e-mails sent about one thing (an event, a trip), newest first, optionally of one
    status, with their text as sent: the staff's outbox page."""
    emails = OutgoingEmail.objects.filter(reference=reference).only(
        "pk", "to", "subject", "template", "status", "attempts", "last_error", "created_at",
        "sent_at", "language", "body_text")
    if status in OutgoingEmail.Status.values:
        emails = emails.filter(status=status)
    return emails


OUTBOX_PAGE_SIZE = 50


def outbox_page(reference: str, params) -> dict:
    """The context of an outbox page (templates/outbox/_table.html) about `reference` (an
    event's, a trip's), from the request's `params`: the status filter, one page of the
    e-mails, the page links."""
    from urllib.parse import urlencode

    from network_portal import pagination

    status = params.get("status", "")
    page = pagination.get_page(for_reference(reference, status=status), params.get("page"),
                               OUTBOX_PAGE_SIZE)
    return {"emails": page, "email_links": pagination.page_links(page), "status": status,
            "statuses": OutgoingEmail.Status.choices,
            "status_query": urlencode({"status": status}) if status else ""}


def resend_for(email: OutgoingEmail, *, reference: str, elsewhere: str) -> OutgoingEmail:
    """"Send again" on an outbox page about `reference`: refused while the e-mail is still on
    its way, and for an e-mail about something else (`elsewhere` says so to the person)."""
    from django.utils.translation import gettext as _

    if not email.may_send_again:
        raise ResendRefused(_("This e-mail is still queued; it will be sent without your help."),
                            code="queued")
    if email.reference != reference:
        raise ResendRefused(elsewhere, code="other")
    return resend(email)


# Retention ------------------------------------------------------------------------------------

PURGED = "network_portal.outbox.purged"


def due_for_deletion(now=None):
    """Sent e-mails older than PORTAL_OUTBOX_RETENTION_DAYS (counted from sending), and failed
    ones as old (from when they were queued). Queued and sending rows are never due: they are
    the outbox's promise that a mail goes out."""
    cutoff = retention.outbox_cutoff(now)
    return OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff)
        | Q(status=OutgoingEmail.Status.FAILED, created_at__lt=cutoff))


@transaction.atomic
def delete_old_emails(*, by=None, now=None) -> int:
    """Delete the e-mails `due_for_deletion`; returns how many (one audit entry for the batch).

    One DELETE with the status in its WHERE: a row "sent again" by staff meanwhile is queued
    and no longer matches; two runs at once delete each row once (the second finds it gone).
    """
    deleted, _per_model = due_for_deletion(now).delete()
    if deleted:
        audit.log_action(ContentType.objects.get_for_model(OutgoingEmail), PURGED, by=by,
                         data={"deleted": deleted})
    return deleted
