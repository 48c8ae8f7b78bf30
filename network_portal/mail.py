"""The outbox: the one way the portal sends e-mail.

`enqueue()` renders a message in the recipient's language and saves it as an `OutgoingEmail` in
the caller's transaction; after commit a Celery task sends it. If the broker or the mail server is
down, the row stays queued and the periodic `dispatch_queued_emails` task tries again with
growing pauses, so no e-mail is lost; the row lock in `send()` and the unique key make sure none
goes out twice.
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from network_portal.models import OutgoingEmail

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link for e-mails and calendar files, which are read outside a request."""
    return settings.PORTAL_BASE_URL + path


def attachment(filename: str, content: bytes | str, mimetype: str) -> dict:
    """An attachment in the form `enqueue()` stores it."""
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "mimetype": mimetype,
            "content": base64.b64encode(content).decode("ascii")}


def render(template: str, *, language: str, context: dict) -> tuple[str, str, str]:
    """Render emails/<template>_subject.txt, _body.txt and (if present) _body.html."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body_text = render_to_string(f"emails/{template}_body.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}_body.html", context)
        except TemplateDoesNotExist:  # the HTML part is optional
            body_html = ""
    return subject, body_text, body_html


def enqueue(template: str, *, to: str, language: str | None = None, context: dict | None = None,
            key: str | None = None, reference: str = "",
            attachments: list[dict] | None = None) -> OutgoingEmail:
    """Queue the e-mail `template` to `to`; return the existing row if `key` was queued before."""
    language = language or settings.LANGUAGE_CODE
    if key:
        existing = OutgoingEmail.objects.filter(key=key).first()
        if existing:
            return existing
    subject, body_text, body_html = render(template, language=language, context=context or {})
    return enqueue_rendered(
        to=to, subject=subject, body_text=body_text, body_html=body_html, language=language,
        key=key, reference=reference, template=template, attachments=attachments,
    )


def enqueue_rendered(*, to: str, subject: str, body_text: str, body_html: str = "",
                     language: str | None = None, key: str | None = None, reference: str = "",
                     template: str = "", attachments: list[dict] | None = None) -> OutgoingEmail:
    """Queue an already rendered e-mail (used for allauth's account mails)."""
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=to, subject=subject[:300], body_text=body_text, body_html=body_html,
                language=language or settings.LANGUAGE_CODE, key=key, reference=reference,
                template=template, attachments=attachments or [],
            )
    except IntegrityError:
        if not key:
            raise
        return OutgoingEmail.objects.get(key=key)
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


def _dispatch(pk: int) -> None:
    from network_portal.tasks import send_outgoing_email

    try:
        send_outgoing_email.delay(pk)
    except Exception:  # noqa: BLE001 - broker down: the periodic task picks the row up later
        logger.warning("Could not queue e-mail %s; it stays pending for the next dispatch.", pk)


def backoff(attempts: int) -> timedelta:
    """Pause before the next try: 1, 2, 4, 8 ... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def send(pk: int) -> str:
    """Send one queued e-mail. Returns its status afterwards; does nothing unless it is queued."""
    with transaction.atomic():
        # The lock keeps a second worker (or the periodic dispatcher) from sending it again.
        email = OutgoingEmail.objects.select_for_update().filter(pk=pk).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return email.status if email else "missing"
        message = EmailMultiAlternatives(
            subject=email.subject, body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to],
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for item in email.attachments:
            message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
        email.attempts += 1
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - any transport error is recorded and retried
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            else:
                email.next_attempt_at = timezone.now() + backoff(email.attempts)
            logger.warning("Sending e-mail %s failed (attempt %s): %s", pk, email.attempts, error)
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["status", "attempts", "last_error", "next_attempt_at",
                                  "sent_at"])
        return email.status


def due_for_dispatch(now=None):
    """Queued e-mails whose (next) attempt is due; a grace minute leaves fresh ones to on-commit."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.QUEUED,
        next_attempt_at__lte=now,
        created_at__lte=now - timedelta(minutes=1),
    )


def resend(email: OutgoingEmail) -> OutgoingEmail:
    """Put a failed or sent e-mail back in the queue (staff's "send again")."""
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(),
        last_error="",
    )
    transaction.on_commit(lambda: _dispatch(email.pk))
    email.refresh_from_db()
    return email
