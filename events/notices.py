"""The e-mails of the events app: their context, and who is told of what (through the outbox).

Called by events.services inside its transactions, with the event locked; each mail has a
unique key (`registration:<pk>:<kind>`), so a repeated call queues nothing twice.
"""

from django.utils import translation

from events.ics import event_ics, ics_filename
from events.models import Event, Registration
from network_portal import links, mail


def mail_context(registration: Registration, *, known: dict | None = None) -> dict:
    """What every events mail template may use: the registration, the event, their links.

    `known` holds values the caller has already (a new registration's waitlist position, its
    agenda choices): they are not looked up again."""
    known = known or {}
    return {
        "registration": registration,
        "event": registration.event,
        "registration_url": links.absolute_url(registration.get_absolute_url()),
        "event_url": links.absolute_url(registration.event.get_absolute_url()),
        "check_in_url": links.absolute_url(registration.get_check_in_url()),
        "waitlist_position": known["waitlist_position"] if "waitlist_position" in known
        else registration.waitlist_position(),
        "agenda_choices": known["agenda_choices"] if "agenda_choices" in known
        else list(registration.agenda_choices.select_related("agenda_item")),
    }


def calendar_file(event: Event, language: str, *, online_link: bool = True) -> bytes:
    """The event's .ics as a registrant in `language` gets it (`online_link`: with the online
    link, which at a hybrid event only online participants get)."""
    with translation.override(language):
        return event_ics(event, online_link=online_link)


# What the calendar file is made of (events.ics): an unchanged event gives the same file.
CALENDAR_FIELDS = ("pk", "slug", "title_de", "title_en", "description_de", "description_en",
                   "starts_at", "ends_at", "venue_name", "venue_address", "online_url", "status",
                   "updated_at")


def same_calendar(one: Event, other: Event) -> bool:
    return all(getattr(one, field) == getattr(other, field) for field in CALENDAR_FIELDS)


def send(registration: Registration, template: str, kind: str, *, with_ics: bool = False,
         context: dict | None = None, known: dict | None = None, ics: bytes | None = None):
    """Queue the mail `events_<template>` to the registrant, once per `kind` (the key).

    `ics`: the calendar file already made for this event and language (see same_calendar)."""
    attachments = None
    if with_ics:
        if ics is None:
            ics = calendar_file(registration.event, registration.language,
                                online_link=registration.gets_online_link)
        attachments = [mail.attachment(ics_filename(registration.event), ics, "text/calendar")]
    return mail.enqueue(
        f"events_{template}", to=registration.email, language=registration.language,
        context={**mail_context(registration, known=known), **(context or {})},
        key=f"registration:{registration.pk}:{kind}",
        reference=registration.event.reference, attachments=attachments,
    )


def send_registrant_copy(registration: Registration, registrant) -> None:
    """Tell the person who registered a colleague whom they registered, and with what status."""
    mail.enqueue(
        "events_colleague_registered", to=registrant.email, language=registrant.language,
        context={**mail_context(registration), "agenda_choices": [],
                 "registrant_name": registrant.get_full_name() or registrant.email},
        key=f"registration:{registration.pk}:registrant_copy",
        reference=registration.event.reference,
    )


def notify_agenda_promotions(choices, *, skip_registrations=()) -> None:
    """Tell each person an agenda seat came free for (not those whose promotion mail says so)."""
    for choice in choices:
        if choice.registration_id in skip_registrations:
            continue
        registration = choice.registration
        mail.enqueue(
            "events_agenda_promoted", to=registration.email, language=registration.language,
            context={**mail_context(registration), "agenda_item": choice.agenda_item},
            key=f"registration:{registration.pk}:agenda:{choice.agenda_item_id}:promotion",
            reference=registration.event.reference,
        )


def notify_changed(event: Event, previous: Event, changed: list[str], *, skip=()) -> int:
    """Tell everyone confirmed or waitlisted about a new time or place (the event is locked).

    Confirmed people get the new .ics, which replaces the old calendar entry. People promoted by
    the same save are skipped: their promotion e-mail already carries the new details.
    """
    context = {
        "previous": previous,
        "time_changed": "starts_at" in changed or "ends_at" in changed,
        "place_changed": bool({"venue_name", "venue_address", "online_url"} & set(changed)),
    }
    # Not guests whose address is unconfirmed: the mail after their confirmation has the new
    # details (their secret link opens only then).
    registrations = list(event.registrations.filter(
        status__in=Registration.EXPECTED - Registration.UNCONFIRMED).exclude(pk__in=skip))
    for registration in registrations:
        registration.event = event
        send(registration, "event_changed", f"event_changed:{event.details_version}",
              with_ics=registration.is_confirmed, context=context)
    return len(registrations)
