"""Messages to a trip's accepted or waitlisted applicants (the shared part, limit, outbox rows,
audit and preview, is network_portal.messages, as for an event's participants)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from delegations.models import Application, DelegationTrip, TripMessage
from delegations.services._shared import context, lock_trip, require_manager
from network_portal import mail, messages

MESSAGE_SENT = "delegations.trip.message_sent"
MessageRefused = messages.MessageRefused


def message_recipients(trip: DelegationTrip, audiences) -> list[messages.Recipient]:
    """The trip's applicants whose status is one of the audiences (TripMessage.Audience
    values), in order of application; anonymised ones have no one to write to."""
    wanted = [a for a in audiences if a in TripMessage.Audience.values]
    applications = (trip.applications.filter(status__in=wanted, user__isnull=False)
                    .select_related("user", "trip").order_by("created_at", "pk"))
    return [messages.Recipient(obj=a, email=a.email, language=a.language, key=str(a.pk))
            for a in applications]


def render_message(message: TripMessage, application: Application) -> tuple[str, str]:
    """(subject, text) as the applicant gets it, in their language."""
    subject, text = message.in_language(application.language)
    with translation.override(application.language):
        body = mail.render_text("emails/delegations_message_body.txt", context(
            application, message_text=text,
            person_name=getattr(application, "preview_name", None) or application.person_name))
    return subject, body


def disguise_application(application: Application) -> None:
    """A made-up person in a preview (the name is all of theirs a trip message shows)."""
    application.preview_name = messages.SAMPLE_NAME


@transaction.atomic
def send_trip_message(trip: DelegationTrip, *, audiences: list[str], subject_de: str,
                      text_de: str, subject_en: str = "", text_en: str = "", by,
                      now=None) -> TripMessage:
    """Queue one e-mail per applicant in the audiences (key
    `delegations.trip:<id>:message:<message id>:<application id>`, the trip's reference,
    Reply-To the organiser who writes) and record who wrote what to how many. At most
    PORTAL_MAX_MESSAGES_PER_TRIP_PER_DAY per trip in 24 hours. Raises NotAllowed, MessageRefused."""
    now = now or timezone.now()
    require_manager(by, trip)
    # Locked: two "send" clicks in the same moment count against the limit one after the other.
    trip = lock_trip(trip)
    messages.refuse_if_over_limit(TripMessage.objects.filter(trip=trip),
                                  limit=settings.PORTAL_MAX_MESSAGES_PER_TRIP_PER_DAY, now=now)
    recipients = message_recipients(trip, audiences)
    messages.refuse_if_nobody(recipients)
    author = by if getattr(by, "is_authenticated", False) else None
    message = TripMessage.objects.create(
        trip=trip, audiences=list(audiences), subject_de=subject_de, subject_en=subject_en,
        text_de=text_de, text_en=text_en, recipients=len(recipients), sent_by=author,
        created_at=now)
    messages.send(message, recipients, render=render_message,
                  key=f"{trip.reference}:message:{message.pk}", reference=trip.reference,
                  reply_to=author.email if author else "", template="delegations_message",
                  audit_on=trip, action=MESSAGE_SENT, by=by)
    return message
