"""Every operation that changes events and registrations.

Locking rule (through `network_portal.locking.lock`, inside the service's transaction):
- The Event row is the scarce row. Whoever takes or frees a seat (of the event or of an agenda
  item with its own capacity), moves the waitlist, changes a registration's status or changes
  the event itself locks it first, then counts: `register`, `cancel_registration`,
  `change_capacity`, `save_event`, `cancel_event`, `check_in`. One lock per event keeps the
  event's and its agenda items' counts consistent; on SQLite the whole database is locked anyway.
- A single registration is locked second, after its event (`cancel_registration`,
  `check_in`), so that a cancellation by the secret link and a check-in at the door cannot
  both act on what they read before the other wrote. Always event, then registration: never
  the other way round, so no two services wait on each other.
- Reminders lock nothing: each is claimed with a conditional UPDATE (see send_due_reminders).

The helpers these operations share are in events.seats (counting and handing out seats, under
the event lock) and events.notices (the e-mails); entries for the audit trail in events.history.

Order rule: a registration's `sequence` (and its time stamp) is drawn after the lock, so the
waitlist, the positions the e-mails tell, promotions and agenda seats all follow the order in
which registrations took the lock.
"""

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, ExpressionWrapper, F, Value
from django.db.models.fields import DateTimeField
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from events import history, notices, permissions, seats
from events.models import (
    CONSENT_VERSION,
    REMINDERS,
    AgendaChoice,
    AgendaItem,
    Answer,
    Attendance,
    CalendarFeed,
    Event,
    EventMessage,
    EventSeries,
    Question,
    Registration,
    agenda_slots,
)
from events.notices import mail_context as _mail_context  # also read by test_emails
from network_portal import audit, i18n, links, mail, messages, pagecache, retention
from network_portal.locking import lock
from network_portal.privacy import own_address, verified_addresses


class RegistrationError(ValidationError):
    """A registration that the rules refuse; the message says why."""


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    pass


class TooManyColleagues(RegistrationError):
    pass


class NotCancellable(RegistrationError):
    pass


class ResendRefused(ValidationError):
    pass


class EventChangeRefused(ValidationError):
    """A change to an event that would take seats or choices from registered people."""


@dataclass
class AgendaRow:
    """One agenda item as the staff submit it: `id` None for a new item, `delete` to remove one."""

    title_de: str = ""
    title_en: str = ""
    kind: str = AgendaItem.Kind.TALK
    speakers: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str = ""
    description_de: str = ""
    description_en: str = ""
    capacity: int | None = None
    position: int = 0
    id: int | None = None
    delete: bool = False


# The agenda item's fields an AgendaRow sets (the staff form shows the same).
AGENDA_FIELDS = ("position", "kind", "title_de", "title_en", "speakers", "starts_at", "ends_at",
                 "room", "description_de", "description_en", "capacity")


@dataclass
class QuestionRow:
    """One registration question as the organisers submit it (`id` None: a new one)."""

    label_de: str = ""
    label_en: str = ""
    kind: str = Question.Kind.YES_NO
    options_de: str = ""
    options_en: str = ""
    required: bool = False
    on_badge: bool = False
    position: int = 0
    id: int | None = None
    delete: bool = False


# The question's fields a QuestionRow sets (the edit form shows the same).
QUESTION_FIELDS = ("position", "label_de", "label_en", "kind", "options_de", "options_en",
                   "required", "on_badge")


@dataclass
class Attendee:
    name: str
    email: str
    organisation: object = None
    organisation_name: str = ""
    job_title: str = ""


# Registration -----------------------------------------------------------------------------------

class AnswerRefused(RegistrationError):
    """An answer the event's questions do not allow (not offered, or a required one missing)."""


def clean_answers(questions, answers: dict) -> dict[int, str]:
    """Check `answers` ({question pk: text, option, or list of options}) against the event's
    `questions`; returns {question pk: stored value} for every question ("" unanswered).

    Raises AnswerRefused for an answer to another event's question, an option not offered or a
    required question left empty."""
    questions = {question.pk: question for question in questions}
    unknown = set(answers) - set(questions)
    if unknown:
        raise AnswerRefused(_("An answer was given to a question this event does not ask."),
                            code="unknown_question")
    stored = {}
    for pk, question in questions.items():
        given = answers.get(pk)
        values = given if isinstance(given, (list, tuple)) else (
            [given] if given not in (None, "") else [])
        values = [str(value).strip() for value in values if str(value).strip()]
        if question.kind == Question.Kind.TEXT:
            stored[pk] = " ".join(values)[:1000]
        else:
            offered = [value for value, _label in question.options()]
            for value in values:
                if value not in offered:
                    raise AnswerRefused(
                        _("“%(answer)s” is not one of the answers to “%(question)s”.")
                        % {"answer": value, "question": question.label}, code="not_offered")
            if question.kind != Question.Kind.MULTIPLE and len(values) > 1:
                raise AnswerRefused(_("“%(question)s” takes one answer.")
                                    % {"question": question.label}, code="one_answer")
            stored[pk] = "\n".join(value for value in offered if value in values)
        if question.required and not stored[pk]:
            raise AnswerRefused(_("“%(question)s” needs an answer.")
                                % {"question": question.label}, code="required")
    return stored


def _check_one_island_per_slot(items) -> None:
    """Discussion islands that run at the same time are a slot: one may choose one of them."""
    for slot in agenda_slots(items):
        if slot.is_islands and len(slot.items) > 1:
            raise RegistrationError(
                _("The discussion islands “%(first)s” and “%(second)s” run at the same time; "
                  "choose one of them.") % {"first": slot.items[0].title,
                                             "second": slot.items[1].title},
                code="one_island_per_slot")


def _store_answers(registration: Registration, stored: dict[int, str], *,
                   new: bool = False) -> None:
    """The registration's answers become `stored` (clean_answers' result): unanswered ones go."""
    if not new:
        registration.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(registration=registration, question_id=pk, value=value)
        for pk, value in stored.items() if value)


@transaction.atomic
def update_answers(registration: Registration, answers: dict) -> Registration:
    """Change a registration's answers (the secret-link page). Raises AnswerRefused for an
    answer the questions do not allow and RegistrationError once the registration is cancelled
    or the event is over; nothing is changed then."""
    registration = lock(Registration, pk=registration.pk)
    event = registration.event
    if not registration.is_expected or event.is_over():
        raise RegistrationError(_("The answers can no longer be changed."), code="closed")
    _store_answers(registration, clean_answers(event.questions.all(), answers))
    return registration


def clean_attendance(event: Event, attendance: str | None) -> str:
    """On site or online: a hybrid event needs the choice; any other event is on site.
    Raises RegistrationError (nothing is saved then)."""
    if not event.is_hybrid:
        if attendance == Attendance.ONLINE:
            raise RegistrationError(_("This event has no online participation."),
                                    code="not_hybrid")
        return Attendance.ON_SITE
    if attendance not in Attendance.values:
        raise RegistrationError(_("Choose whether you take part on site or online."),
                                code="attendance_required")
    return attendance


def _check_open(event: Event, now) -> None:
    refusal = event.registration_closed_reason(now)
    if refusal:
        code, message = refusal
        raise RegistrationClosed(message, code=code)


def _already_registered(email: str) -> AlreadyRegistered:
    return AlreadyRegistered(
        _("%(email)s is already registered for this event.") % {"email": email}, code="duplicate")


def _registers_a_colleague(user, email: str) -> bool:
    """Whether the address is someone else's: not one of the account's verified addresses."""
    if user is None:
        return False
    return email.lower() not in {address.lower() for address in verified_addresses(user)}


def _check_colleague_limit(event: Event, user) -> None:
    """Refuse one more colleague beyond PORTAL_MAX_COLLEAGUES_PER_EVENT (the event is locked, so
    parallel requests cannot pass the limit together). Cancelled registrations do not count."""
    limit = settings.PORTAL_MAX_COLLEAGUES_PER_EVENT
    registered = (event.registrations.filter(user=user)
                  .exclude(status=Registration.Status.CANCELLED)
                  .exclude(own_address(user)).count())
    if registered >= limit:
        raise TooManyColleagues(
            ngettext_lazy(
                "You have already registered %(limit)s colleague for this event, the most one "
                "person may. Further colleagues can register themselves, or ask the event's "
                "contact person.",
                "You have already registered %(limit)s colleagues for this event, the most one "
                "person may. Further colleagues can register themselves, or ask the event's "
                "contact person.", "limit") % {"limit": limit},
            code="colleague_limit")


@transaction.atomic
def register(event: Event, attendee: Attendee, *, user=None, agenda_items=(), diet: str = "",
             accessibility: str = "", public_consent: bool = False, language: str | None = None,
             answers: dict | None = None, now=None, attendance: str | None = None,
             copy_to_registrant: bool = True) -> Registration:
    """Confirm a seat, or waitlist when the event is full. Raises RegistrationError.

    Sends the confirmation (with the .ics) or the waitlist notice. When `user` registers someone
    else (another address), that mail says who registered them, `user` gets a copy, and at most
    PORTAL_MAX_COLLEAGUES_PER_EVENT colleagues per person are accepted (TooManyColleagues).
    `answers` answer the event's questions (clean_answers; AnswerRefused saves nothing).
    `attendance`: on site or online (clean_attendance); each part of a hybrid event has its
    own seats and waitlist.
    """
    # The answers first: a refused one leaves no registration behind.
    stored_answers = clean_answers(event.questions.all(), answers or {})
    attendance = clean_attendance(event, attendance)
    _check_one_island_per_slot([item for item in agenda_items if item.event_id == event.pk])
    # Before the lock, what needs none: whose address it is, and (when a seat looks free) the
    # calendar file of the confirmation, used only if the locked row shows the same event.
    email = attendee.email.strip().lower()
    language = (language or translation.get_language() or "de")[:2]
    colleague = _registers_a_colleague(user, email)
    unlocked = event
    early_ics = None
    if not unlocked.is_full_for(attendance):
        early_ics = notices.calendar_file(
            unlocked, language, online_link=not unlocked.is_hybrid or attendance == Attendance.ONLINE)
    # Without this lock two requests could both see the last free seat.
    event = lock(Event, pk=event.pk)
    # Taken under the lock, like the sequence number: the record follows the lock order.
    now = now or timezone.now()
    _check_open(event, now)
    if event.registrations.filter(email__iexact=email).exclude(
            status=Registration.Status.CANCELLED).exists():
        raise _already_registered(email)
    if colleague:
        _check_colleague_limit(event, user)
    attendance = clean_attendance(event, attendance)  # again: the locked row may differ
    # The locked row's counter (of the chosen part): no count over the registrations.
    full = event.is_full_for(attendance)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, user=user, name=attendee.name.strip(), email=email,
                organisation=attendee.organisation,
                organisation_name="" if attendee.organisation else attendee.organisation_name.strip(),
                job_title=attendee.job_title, diet=diet, accessibility=accessibility,
                public_consent=public_consent,
                consent_at=now if public_consent else None,
                consent_version=CONSENT_VERSION if public_consent else "",
                language=language, attendance=attendance,
                status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
                created_at=now, sequence=Registration.next_sequence(event.pk),
            )
    # The e-mail constraint, should a row slip past the check (the lock keeps the sequence unique).
    except IntegrityError as error:
        raise _already_registered(email) from error
    seats.count(event, now=registration.status, attendance=attendance)
    _store_answers(registration, stored_answers, new=True)
    items = [item for item in agenda_items if item.event_id == event.pk]
    if items:
        AgendaChoice.objects.bulk_create([
            AgendaChoice(registration=registration, agenda_item=item, created_at=now,
                         status=AgendaChoice.Status.WAITLISTED)
            for item in items
        ])
    # The new person's agenda choices get their seats like everyone else's: in order. (Choices
    # waiting for a seat that is free are moved up where seats free up; a registration without
    # agenda items takes no agenda seat, so it has nobody to let go first.)
    promoted_choices = (seats.fill_agenda_items(event, exclude_registration=registration.pk)
                        if items else [])
    if items:
        seats.fill_agenda_items_for(registration)
    if items or promoted_choices:
        seats.store_item_counts(event)
    notices.notify_agenda_promotions(promoted_choices)
    context = {"registered_by": {"name": user.get_full_name() or user.email,
                                 "email": user.email}} if colleague else None
    # A new registration is last on the waitlist; without agenda items it has no choices.
    known = {"waitlist_position": event.waitlist_length_for(attendance)
             if registration.is_waitlisted else None}
    if not items:
        known["agenda_choices"] = []
    if registration.status == Registration.Status.CONFIRMED:
        ics = early_ics if early_ics and notices.same_calendar(unlocked, event) else None
        notices.send(registration, "confirmation", "confirmation", with_ics=True, context=context,
                     known=known, ics=ics)
    else:
        notices.send(registration, "waitlisted", "waitlisted", context=context, known=known)
    if colleague and copy_to_registrant:  # a group's registrant gets one summary instead
        notices.send_registrant_copy(registration, user)
    # No audit entry for a registration: the seat count on the cached pages changes here.
    pagecache.changed(event)
    return registration


@transaction.atomic
def cancel_registration(registration: Registration, *, now=None) -> Registration:
    """Cancel a seat or a waitlist place; the first waitlisted person moves up and is told.

    Raises NotCancellable for a cancelled registration or an event that has begun.
    """
    now = now or timezone.now()
    event = lock(Event, pk=registration.event_id)
    registration = lock(Registration, pk=registration.pk)
    registration.event = event
    if registration.status == Registration.Status.CANCELLED:
        raise NotCancellable(_("This registration is already cancelled."), code="cancelled")
    if registration.status == Registration.Status.ATTENDED or now >= event.starts_at:
        raise NotCancellable(_("The event has begun; the registration can no longer be cancelled."),
                             code="started")
    was = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    seats.count(event, was=was, attendance=registration.attendance)
    notices.send(registration, "cancelled", "cancellation")
    if event.status == Event.Status.PUBLISHED:
        seats.fill_seats(event)
    seats.store_item_counts(event)
    pagecache.changed(event)
    return registration


def _refuse_lost_seats(event: Event, previous: Event | None) -> None:
    """Refuse a change that would silently take seats or choices from people (event locked)."""
    if event.capacity is not None:
        taken = seats.seats_taken(event)
        if taken > event.capacity:
            raise EventChangeRefused(
                _("%(taken)s people already hold a seat, so the capacity cannot be lower than "
                  "%(taken)s. Cancel registrations first if seats must go.") % {"taken": taken},
                code="capacity_below_seats")
    if event.online_capacity is not None and event.online_seats_taken > event.online_capacity:
        raise EventChangeRefused(
            _("%(taken)s people already hold an online seat, so the online seats cannot be fewer "
              "than %(taken)s.") % {"taken": event.online_seats_taken},
            code="online_capacity_below_seats")
    if (event.online_capacity is None and previous is not None
            and previous.online_capacity is not None
            and event.registrations.filter(attendance=Attendance.ONLINE,
                                           status__in=Registration.EXPECTED).exists()):
        raise EventChangeRefused(
            _("People are registered to take part online, so the event must keep its online "
              "seats. Cancel their registrations first if the online part is dropped."),
            code="online_part_in_use")
    for item in event.agenda_items.filter(capacity__isnull=False):
        taken = seats.item_seats_taken(item)
        if taken > item.capacity:
            raise EventChangeRefused(
                _("%(taken)s people already hold a seat at “%(item)s”, so its capacity cannot be "
                  "lower than %(taken)s.") % {"taken": taken, "item": item.title},
                code="agenda_capacity_below_seats")
    if (previous and previous.status == Event.Status.PUBLISHED
            and event.status == Event.Status.DRAFT
            and event.registrations.exclude(status=Registration.Status.CANCELLED).exists()):
        raise EventChangeRefused(
            _("People are registered for this event, so it cannot go back to draft: they would "
              "get no reminders. Cancel the event instead, which tells them."),
            code="back_to_draft")


def _refuse_deleting_chosen_items(items) -> None:
    for item in items:
        if item.choices.exclude(registration__status=Registration.Status.CANCELLED).exists():
            raise EventChangeRefused(
                _("“%(item)s” was chosen by registered people and cannot be deleted.")
                % {"item": item.title}, code="agenda_item_chosen")


def _save_agenda(event: Event, rows: list[AgendaRow]) -> dict[str, int]:
    """Add, change and delete the event's agenda items as `rows` say (the event is locked).

    Returns how many were added, changed and deleted. Raises EventChangeRefused for an item of
    another event, or for deleting an item registered people chose.
    """
    items = {item.pk: item for item in event.agenda_items.all()}
    if any(row.id is not None and row.id not in items for row in rows):
        raise EventChangeRefused(_("An agenda item of another event cannot be changed here."),
                                 code="agenda_item_unknown")
    deleted = [items[row.id] for row in rows if row.id is not None and row.delete]
    _refuse_deleting_chosen_items(deleted)
    for item in deleted:
        item.delete()
    return {**_apply_rows(rows, items, AGENDA_FIELDS,
                          lambda values: AgendaItem.objects.create(event=event, **values)),
            "deleted": len(deleted)}


def _save_questions(event: Event, rows: list[QuestionRow]) -> dict[str, int]:
    """Add, change and delete the event's registration questions as `rows` say.

    Returns how many were added, changed and deleted. Raises EventChangeRefused for a question
    of another event, or for deleting a question people have answered."""
    questions = {question.pk: question for question in event.questions.all()}
    if any(row.id is not None and row.id not in questions for row in rows):
        raise EventChangeRefused(_("A question of another event cannot be changed here."),
                                 code="question_unknown")
    deleted = [questions[row.id] for row in rows if row.id is not None and row.delete]
    for question in deleted:
        if question.answers.exists():
            raise EventChangeRefused(
                _("“%(question)s” has been answered by registered people and cannot be deleted.")
                % {"question": question.label}, code="question_answered")
        question.delete()
    return {**_apply_rows(rows, questions, QUESTION_FIELDS,
                          lambda values: Question.objects.create(event=event, **values)),
            "deleted": len(deleted)}


def _apply_rows(rows, existing: dict, fields, create) -> dict[str, int]:
    """The agenda's and the questions' rows (deletions done): new rows are created, changed
    ones saved with only their changed fields. Returns how many were added and changed."""
    counts = {"added": 0, "changed": 0}
    for row in rows:
        if row.delete:
            continue
        values = {field: getattr(row, field) for field in fields}
        if row.id is None:
            create(values)
            counts["added"] += 1
            continue
        instance = existing[row.id]
        changed = [field for field, value in values.items() if getattr(instance, field) != value]
        if changed:
            for field in changed:
                setattr(instance, field, values[field])
            instance.save(update_fields=changed)
            counts["changed"] += 1
    return counts


def check_organisers(organisers, *, by) -> None:
    """Refuse organisers among which is no cluster `by` manages (economic-development staff and
    admins may name any; `by=None`, the portal itself, too). Raises EventChangeRefused."""
    if by is not None and not permissions.may_organise(by, [o.pk for o in organisers]):
        raise EventChangeRefused(_("One of the organisers must be a cluster you manage."),
                                 code="organiser_not_managed")


@transaction.atomic
def change_capacity(event: Event, *, capacity: int | None, by) -> list[Registration]:
    """Set the event's seats; raising them promotes waitlisted people in order (they are told).

    Raises EventChangeRefused below the number of seats already taken: nobody loses a seat.
    """
    event = lock(Event, pk=event.pk)
    previous = event.capacity
    event.capacity = capacity
    event.save(update_fields=["capacity", "updated_at"])
    _refuse_lost_seats(event, None)
    promoted = seats.fill_seats(event) if event.is_published else []
    if capacity != previous:
        audit.log_action(event, history.CAPACITY_CHANGED, by=by, data={
            "capacity": [previous, capacity], "promoted": len(promoted)})
    return promoted


# Addresses taken by the portal's own pages under /events/ (they come before /events/<slug>/).
RESERVED_SLUGS = {"manage", "new", "registration", "registrations", "feed", "feed.ics",
                  "confirm", "series"}


def free_slug(title: str, *, exclude_pk=None, model=Event) -> str:
    """The address proposed for an event (or, `model=EventSeries`, a series) from its title:
    "netzwerktreffen-zwickau-2027", with "-2", "-3" … when another one or a page of the portal
    has it already."""
    from django.utils.text import slugify

    german = title.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    base = (slugify(german) or ("reihe" if model is EventSeries else "veranstaltung"))[:190]
    base = base.strip("-")
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk)
                .values_list("slug", flat=True)) | (RESERVED_SLUGS if model is Event else set())
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def save_series(series: EventSeries, *, organisers, by) -> EventSeries:
    """Create or update `series` (unsaved changes on the instance) and its organisers.

    `by` must manage the series already (when it exists) and one of the new organisers
    (check_organisers); otherwise EventChangeRefused and nothing is written. Recorded in the
    audit trail, which also refreshes the cached pages of its events."""
    if series.pk and by is not None:
        existing = EventSeries.objects.prefetch_related("organisers").get(pk=series.pk)
        if not permissions.can_manage_series(by, existing):
            raise EventChangeRefused(_("You do not manage this series."), code="not_managed")
    check_organisers(organisers, by=by)
    created = not series.pk
    series.save()
    series.organisers.set(organisers)
    audit.log_action(series, history.SERIES_CREATED if created else history.SERIES_EDITED,
                     by=by, data={"title": series.title_de,
                                  "organisers": sorted(o.pk for o in organisers)})
    return series


@transaction.atomic
def save_event(event: Event, *, organisers=None, agenda: list[AgendaRow] | None = None,
               questions: list[QuestionRow] | None = None, by) -> Event:
    """Create or update `event` (unsaved changes on the instance), its organisers and agenda.

    `by` must manage one of the organisers (check_organisers) when they are set, and always for
    a new event.

    A moved start resets the reminders (they are due again, counted from the new start); raised
    capacity or agenda seats promote waitlisted people. A new time, venue or online link of a
    published event is mailed to everyone confirmed (with the new .ics) or waitlisted, once per
    change (key `registration:<pk>:event_changed:<details_version>`).

    Raises EventChangeRefused (and writes nothing) when the change would take seats or chosen
    agenda items from registered people, or take a published event with registrations back to
    draft, or name no organiser that `by` manages.
    """
    if organisers is not None or not event.pk:
        check_organisers(organisers or [], by=by)
    previous = None
    changed = []
    previous_organisers = set()
    if event.pk:
        # Locked first: no registration may take a seat between the check and the save.
        previous = lock(Event, pk=event.pk)
        changed = event.changed_details(previous)
        if organisers is not None:
            previous_organisers = set(previous.organisers.values_list("pk", flat=True))
        # Counted under the lock: a second submit of the same change finds nothing changed.
        event.details_version = previous.details_version + (1 if changed else 0)
    if previous and previous.status == Event.Status.CANCELLED:
        event.status = Event.Status.CANCELLED  # a cancelled event stays cancelled
    fields = event.changed_fields(previous) if previous else []
    # When each German and English text changed: the edit page tells when English lags.
    i18n.note_text_changes(event, fields if previous else i18n.filled_texts(event),
                           previous=previous.texts_changed if previous else None)
    event.save()
    if organisers is not None:
        event.organisers.set(organisers)
        if previous and previous_organisers != {o.pk for o in organisers}:
            fields.append("organisers")
    agenda_counts = _save_agenda(event, agenda) if agenda is not None else {}
    question_counts = _save_questions(event, questions) if questions is not None else {}
    if previous:  # the counters as the lock found them, not as the edit form read them
        for counter in Event.COUNTERS:
            setattr(event, counter, getattr(previous, counter))
    _refuse_lost_seats(event, previous)
    if previous and previous.starts_at != event.starts_at:
        event.registrations.update(reminded_7d_at=None, reminded_1d_at=None)
    promoted = []
    if event.is_published:
        promoted = seats.fill_seats(event)
    if agenda:
        seats.store_item_counts(event)
    notified = 0
    if (changed and previous.is_published and event.is_published
            and event.ends_at > timezone.now()):
        notified = notices.notify_changed(event, previous, changed, skip={r.pk for r in promoted})
    _log_saved(event, previous, fields=fields, agenda=agenda_counts, promoted=len(promoted),
               notified=notified, questions=question_counts, by=by)
    return event


def _log_saved(event: Event, previous: Event | None, *, fields: list[str], agenda: dict,
               promoted: int, notified: int, by, questions: dict | None = None) -> None:
    """One entry for one save: created, published, back to draft, or edited (with which fields;
    none for a save that changed nothing)."""
    if previous is None:
        audit.log_action(event, history.CREATED, by=by, data={"status": event.status})
        return
    if previous.is_draft and event.is_published:
        action = history.PUBLISHED
    elif previous.is_published and event.is_draft:
        action = history.UNPUBLISHED
    elif fields or any(agenda.values()) or any((questions or {}).values()):
        action = history.EDITED
    else:
        return
    data = {"fields": [name for name in fields if name != "status"]}
    if "capacity" in fields:
        data["capacity"] = [previous.capacity, event.capacity]
    if any(agenda.values()):
        data["fields"].append("agenda")
        data["agenda"] = agenda
    if any((questions or {}).values()):
        data["fields"].append("questions")
        data["questions"] = questions
    if promoted:
        data["promoted"] = promoted
    if notified:
        data["notified"] = notified
    audit.log_action(event, action, by=by, data=data)


# What a copy of an event takes over; dates stay as they are for the organiser to change.
COPIED_FIELDS = ("kind", "series", "venue_name", "venue_address", "online_url", "starts_at", "ends_at",
                 "capacity", "online_capacity", "registration_opens_at", "registration_closes_at",
                 "contact_name", "contact_email", "description_de", "description_en", "public_participants")
COPIED_AGENDA_FIELDS = ("kind", "title_de", "title_en", "speakers", "starts_at", "ends_at",
                        "room", "description_de", "description_en", "capacity", "position")


def _copy_title(title: str, suffix: str) -> str:
    return f"{title[:200 - len(suffix) - 1]} {suffix}" if title else ""


@transaction.atomic
def copy_event(event: Event, *, by) -> Event:
    """A new draft with `event`'s texts, organisers, venue, capacity and agenda, its titles
    suffixed "(Kopie)" / "(copy)", its dates unchanged (the organiser changes them before
    publishing), no registrations. `by` must manage `event`. One audit entry, on the copy."""
    if not permissions.can_manage_event(by, event):
        raise EventChangeRefused(_("You may not copy this event."), code="not_allowed")
    copy = Event(**{field: getattr(event, field) for field in COPIED_FIELDS},
                 title_de=_copy_title(event.title_de, "(Kopie)"),
                 title_en=_copy_title(event.title_en, "(copy)"), status=Event.Status.DRAFT)
    copy.slug = free_slug(copy.title_de)
    copy.save()
    copy.organisers.set(event.organisers.all())
    AgendaItem.objects.bulk_create(
        AgendaItem(event=copy, **{field: getattr(item, field) for field in COPIED_AGENDA_FIELDS})
        for item in event.agenda_items.all())
    Question.objects.bulk_create(
        Question(event=copy, **{field: getattr(question, field) for field in QUESTION_FIELDS})
        for question in event.questions.all())
    audit.log_action(copy, history.COPIED, by=by,
                     data={"copied_from": event.pk, "copied_from_title": event.title_de})
    return copy


@transaction.atomic
def cancel_event(event: Event, *, by, now=None) -> int:
    """Cancel the event and tell every registered or waitlisted person. Returns how many.

    Raises EventChangeRefused for an event that is already cancelled or over.
    """
    now = now or timezone.now()
    # Locked: two clicks on "cancel" must not tell everyone twice.
    event = lock(Event, pk=event.pk)
    if event.is_cancelled:
        raise EventChangeRefused(_("The event was already cancelled."), code="cancelled")
    if now >= event.ends_at:
        raise EventChangeRefused(_("The event is over; it can no longer be cancelled."),
                                 code="over")
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    affected = list(event.registrations.filter(status__in=Registration.EXPECTED))
    for (status, attendance), n in Counter((r.status, r.attendance) for r in affected).items():
        seats.count(event, was=status, attendance=attendance, n=n)
    for registration in affected:
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        registration.event = event
        notices.send(registration, "event_cancelled", "event_cancelled", with_ics=True)
    seats.store_item_counts(event)
    audit.log_action(event, history.CANCELLED, by=by, data={"notified": len(affected)})
    return len(affected)


def check_in_refusal(event: Event, now=None) -> str | None:
    """The day rule of check-in: from the event's first day on (local date). Before it, the
    reason as a message; None when check-in is open."""
    today = timezone.localdate(now or timezone.now())
    if today < timezone.localdate(event.starts_at):
        return _("Check-in opens on the day of the event (%(date)s).") % {
            "date": formats.date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")}
    return None


@transaction.atomic
def check_in(registration: Registration, *, attended: bool = True, by,
             now=None, day_rule: bool = False, override: bool = False) -> Registration:
    """Mark a confirmed person as attended at the door (or undo it).

    With `day_rule`, a check-in before the event's day is refused (RegistrationError, code
    "before_day") unless `override` (staff ticked it; the audit entry records it). Undoing is
    always allowed."""
    # The event first, as every change of a registration's status: a cancellation by the
    # secret link in the same moment waits, then finds the person checked in.
    event = lock(Event, pk=registration.event_id)
    registration = lock(Registration, pk=registration.pk)
    early = attended and check_in_refusal(event, now)
    if early and day_rule and not override:
        raise RegistrationError(early, code="before_day")
    if attended and registration.status == Registration.Status.CONFIRMED:
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = now or timezone.now()
    elif not attended and registration.status == Registration.Status.ATTENDED:
        registration.status = Registration.Status.CONFIRMED
        registration.checked_in_at = None
    else:
        raise RegistrationError(_("Only confirmed registrations can be checked in."),
                                code="not_confirmed")
    registration.save(update_fields=["status", "checked_in_at"])
    data = {"registration": registration.pk}
    if early and day_rule:
        data["before_the_day"] = True  # the staff's explicit override
    audit.log_action(event, history.CHECKED_IN if attended else history.CHECK_IN_UNDONE, by=by,
                     data=data)
    return registration


class WalkInRefused(RegistrationError):
    pass


@transaction.atomic
def register_walk_in(event: Event, *, name: str, email: str, organisation_name: str = "",
                     attendance: str | None = None, overbook: bool = False, by,
                     now=None) -> Registration:
    """Register a person at the door and check them in at once. Takes one of the event's
    seats; when none is free, refused (WalkInRefused, code "full") unless staff `overbook`
    explicitly, which the audit entry records. No confirmation mail: the person is there.

    `attendance`: at a hybrid event on site (the default: None) or online (someone who joins
    the stream late, from the door), a seat of that part; at any other event on site only
    (clean_attendance refuses "online"). Nothing is saved when it is refused."""
    email = email.strip().lower()
    event = lock(Event, pk=event.pk)
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED:
        raise WalkInRefused(_("Only published events take walk-ins."), code="not_published")
    # Under the lock: the part's counter below is the locked row's.
    attendance = clean_attendance(event, attendance or Attendance.ON_SITE)
    if event.registrations.filter(email__iexact=email).exclude(
            status=Registration.Status.CANCELLED).exists():
        raise _already_registered(email)
    full = event.is_full_for(attendance)
    if full and not overbook:
        raise WalkInRefused(
            _("The online seats are taken. Tick “overbook” to register the person anyway.")
            if attendance == Attendance.ONLINE else
            _("The event is full. Tick “overbook” to register the person anyway."),
            code="full")
    registration = Registration.objects.create(
        event=event, name=name.strip(), email=email, organisation_name=organisation_name.strip(),
        language=(translation.get_language() or "de")[:2], attendance=attendance,
        status=Registration.Status.ATTENDED, checked_in_at=now, created_at=now,
        sequence=Registration.next_sequence(event.pk))
    seats.count(event, now=registration.status, attendance=attendance)
    data = {"registration": registration.pk, "overbooked": bool(full)}
    if event.is_hybrid:
        data["attendance"] = attendance
    audit.log_action(event, history.WALK_IN, by=by, data=data)
    pagecache.changed(event)
    return registration


@transaction.atomic
def delete_registrations(registrations) -> int:
    """Delete the registrations (an account's erasure), each event locked in turn, in id order,
    so the event's counters drop with its rows. No one is promoted: held seats of events still
    to come are given up by cancel_registration first. Returns how many were deleted."""
    pks_by_event = {}
    for pk, event_id in registrations.values_list("pk", "event_id"):
        pks_by_event.setdefault(event_id, []).append(pk)
    deleted = 0
    for event_id in sorted(pks_by_event):
        event = lock(Event, pk=event_id)
        rows = Registration.objects.filter(pk__in=pks_by_event[event_id], event=event)
        # Read under the lock: a check-in or cancellation just before it is counted right.
        statuses = list(rows.values_list("status", "attendance"))
        rows.delete()
        for (status, attendance), n in Counter(statuses).items():
            seats.count(event, was=status, n=n, attendance=attendance)
        seats.store_item_counts(event)
        pagecache.changed(event)  # its public participant overview and seats, fresh at once
        deleted += len(statuses)
    return deleted


@transaction.atomic
def resend_email(email, *, event: Event, by) -> None:
    """Staff's "send again" for a sent or failed e-mail; one still queued is on its way already."""
    try:
        mail.resend_for(email, reference=event.reference,
                        elsewhere=_("This e-mail was not sent for this event."))
    except mail.ResendRefused as refused:
        raise ResendRefused(refused.message, code=refused.code) from None
    audit.log_action(event, history.EMAIL_RESENT, by=by,
                     data={"email": email.pk, "template": email.template})


def record_export(event: Event, *, fmt: str, rows: int, filters: dict | None = None,
                  by) -> None:
    """Note who took the participant list out of the portal: the export's format (or print
    view), how many rows, with which filters. One INSERT: no lock, no transaction of its own."""
    audit.log_action(event, history.EXPORTED, by=by,
                     data={"format": fmt, "rows": rows, "filters": filters or {}})


def record_period_export(*, start, end, fmt: str, by) -> None:
    """Note who took every registration of a period out of the portal (funding reports). There
    is no one event to file it under, so the entry is filed under the person who exported."""
    audit.log_action(by, history.PERIOD_EXPORTED, by=by,
                     data={"format": fmt, "from": start, "to": end})


# Reminders --------------------------------------------------------------------------------------


def due_reminders(kind: str, now=None):
    """Registrations whose `kind` reminder is due now, counted from the event's current start."""
    now = now or timezone.now()
    index = [k for k, _b, _f in REMINDERS].index(kind)
    _kind, before, field = REMINDERS[index]
    after = REMINDERS[index + 1][1] if index + 1 < len(REMINDERS) else timedelta(0)
    due_at = ExpressionWrapper(F("event__starts_at") - before, output_field=DateTimeField())
    return (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__lte=now + before,
            event__starts_at__gt=now + after,
            **{f"{field}__isnull": True},
        )
        .alias(due_at=due_at)
        # Registered after the due time: they just got the confirmation, no reminder needed.
        .filter(created_at__lt=F("due_at"))
    )


def send_due_reminders(now=None) -> int:
    """Queue each due reminder exactly once. Returns how many were queued.

    Each registration is claimed with a conditional UPDATE; only the process whose UPDATE hit the
    row enqueues the e-mail, so two beat runs (or workers) never send the same reminder twice.
    """
    now = now or timezone.now()
    count = 0
    for kind, _before, field in REMINDERS:
        for registration in due_reminders(kind, now).select_related("event").iterator():
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk, status=Registration.Status.CONFIRMED,
                    event__starts_at=registration.event.starts_at, **{f"{field}__isnull": True},
                ).update(**{field: now})
                if claimed != 1:
                    continue
                start = int(registration.event.starts_at.timestamp())
                mail.enqueue(
                    "events_reminder", to=registration.email, language=registration.language,
                    context=_mail_context(registration),
                    key=f"registration:{registration.pk}:reminder_{kind}:{start}",
                    reference=registration.event.reference,
                )
                count += 1
    return count


# Consent ----------------------------------------------------------------------------------------

@transaction.atomic
def withdraw_consent(registration: Registration, *, by=None, now=None) -> bool:
    """Take the registration off the public participant overview at once (Art. 7(3) GDPR).

    False if it was not on it. `by` is the person (None through the secret link). The audit
    entry (on the event) keeps which consent was withdrawn: its time and wording version.
    """
    # Locked (event, then registration, as everywhere): a double click must not record the
    # withdrawal twice.
    event = lock(Event, pk=registration.event_id)
    registration = lock(Registration, pk=registration.pk)
    registration.event = event
    if not registration.public_consent:
        return False
    given_at, version = registration.consent_at, registration.consent_version
    registration.public_consent = False
    registration.consent_at = None
    registration.consent_version = ""
    registration.save(update_fields=["public_consent", "consent_at", "consent_version"])
    audit.log_action(registration.event, history.CONSENT_WITHDRAWN, by=by, data={
        "registration": registration.pk, "consent_given_at": given_at,
        "consent_version": version, "withdrawn_at": now or timezone.now()})
    return True


# Retention --------------------------------------------------------------------------------------

# A registration's anonymisation blanks everything that names, reaches or describes the person
# (also the link to the account of whoever registered them, the consent and the secret link);
# status, attendance (`checked_in_at`), the member organisation (its kind, region and size
# band), agenda choices, language and the time stamps stay: the counts of funding reports need
# them.


def registrations_due_for_anonymisation(now=None):
    """Registrations of events that ended more than PORTAL_RETENTION_MONTHS ago, not anonymised."""
    return Registration.objects.filter(
        anonymised_at__isnull=True, event__ends_at__lt=retention.participation_cutoff(now))


@transaction.atomic
def anonymise_registrations(*, by=None, now=None, batch_size: int = 1000) -> int:
    """Blank the personal details of up to `batch_size` due registrations; returns how many.

    The rows are claimed with FOR UPDATE SKIP LOCKED and marked (`anonymised_at`) in the same
    transaction, so two runs at once (beat and the command) never take the same row and a
    second run finds nothing left. Only registration rows are locked, never their event, so a
    registration or check-in in progress is not kept waiting (and cannot deadlock with this).
    One UPDATE for the batch; one audit entry per event. Sends nothing.
    """
    now = now or timezone.now()
    claimed = list(
        registrations_due_for_anonymisation(now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("event_id", "pk").values_list("pk", "event_id")[:batch_size])
    if not claimed:
        return 0
    # The old secret link opens nothing any more: a new token, unique by the row's key and
    # unguessable by the batch's secret (the page of an anonymised row is a 404 anyway).
    secret = secrets.token_urlsafe(32)
    Registration.objects.filter(pk__in=[pk for pk, _event in claimed]).update(
        user=None, name="", organisation_name="", job_title="", diet="", accessibility="",
        public_consent=False, consent_at=None, consent_version="", anonymised_at=now,
        email=Concat(Value("anonymised-"), Cast("pk", CharField()),
                     Value("@anonymised.invalid")),
        token=Concat(Value("anonymised-"), Cast("pk", CharField()), Value(f"-{secret}")),
    )
    per_event = Counter(event_id for _pk, event_id in claimed)
    for event_id, event in Event.objects.in_bulk(list(per_event)).items():
        audit.log_action(event, history.ANONYMISED, by=by,
                         data={"registrations": per_event[event_id]})
    return len(claimed)


# Personal calendar feeds ----------------------------------------------------------------------
# The person's own setting, like a registration they make themselves: no audit entry (the row's
# created_at is its record); the old address stops working the moment the row changes.

@transaction.atomic
def renew_calendar_feed(*, by) -> CalendarFeed:
    """Give the person a new secret feed address (the first one, or one replacing the old)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=by)
    if not created:
        feed.token = CalendarFeed._meta.get_field("token").get_default()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def revoke_calendar_feed(*, by) -> None:
    """Switch the person's feed address off (it answers 404 from now on)."""
    CalendarFeed.objects.filter(user=by).delete()


# Messages to participants ---------------------------------------------------------------------
# The shared part (limit, outbox rows, audit, preview) is network_portal.messages.

MessageRefused = messages.MessageRefused


def message_recipients(event: Event, audiences, *, part: str = "") -> list[Registration]:
    """The event's registrations in any of the audiences (EventMessage.Audience values), in
    order of registration, each once. `part` ("on_site", "online"; a hybrid event's
    EventMessage.Part) narrows them to the people of that part."""
    statuses = set().union(*(EventMessage.AUDIENCE_STATUSES[a] for a in audiences
                             if a in EventMessage.AUDIENCE_STATUSES)) if audiences else set()
    # Anonymised rows (retention) have no one to write to.
    rows = event.registrations.filter(status__in=statuses, anonymised_at__isnull=True)
    if part:
        rows = rows.filter(attendance=part)
    return list(rows.order_by("sequence"))


def message_addressees(event: Event, audiences, *, part: str = "") -> list[messages.Recipient]:
    return [messages.Recipient(obj=r, email=r.email, language=r.language, key=str(r.pk))
            for r in message_recipients(event, audiences, part=part)]


def clean_message_part(event: Event, part: str | None) -> str:
    """The part a message goes to: "" (both, or an event without parts), "on_site" or "online"
    at a hybrid event. MessageRefused for another value or a part at an event without any."""
    if not part:
        return ""
    if part not in EventMessage.Part.values:
        raise MessageRefused(_("Choose on-site or online participants, or both."),
                             code="unknown_part")
    if not event.is_hybrid:
        raise MessageRefused(_("This event has no online participation."), code="not_hybrid")
    return part


def render_message(message: EventMessage, registration: Registration) -> tuple[str, str]:
    """(subject, text) of the message as `registration` gets it, in the person's language."""
    subject, text = message.in_language(registration.language)
    with translation.override(registration.language):
        body = mail.render_text("emails/events_message_body.txt", {
            **_mail_context(registration), "message_text": text})
    return subject, body


def disguise_registration(registration: Registration) -> None:
    """A made-up person in a preview: no one's name, address or secret link."""
    registration.email, registration.token = messages.SAMPLE_EMAIL, "example"
    registration.name = messages.SAMPLE_NAME


@transaction.atomic
def send_event_message(event: Event, *, audiences: list[str], subject_de: str, text_de: str,
                       subject_en: str = "", text_en: str = "", part: str = "", by,
                       now=None) -> EventMessage:
    """Queue one e-mail per recipient through the outbox (key
    `event:<id>:message:<message id>:<registration id>`, reference = the event's, Reply-To the
    event's contact) and record who wrote what to how many. At most
    PORTAL_MAX_MESSAGES_PER_EVENT_PER_DAY per event in 24 hours. `part` (a hybrid event's
    EventMessage.Part) writes to the on-site or the online people of the audiences only; the
    message's `audiences` record it."""
    now = now or timezone.now()
    # Locked: two "send" clicks in the same moment count against the limit one after the other.
    event = lock(Event, pk=event.pk)
    part = clean_message_part(event, part)
    messages.refuse_if_over_limit(EventMessage.objects.filter(event=event),
                                  limit=settings.PORTAL_MAX_MESSAGES_PER_EVENT_PER_DAY, now=now)
    recipients = message_addressees(event, audiences, part=part)
    messages.refuse_if_nobody(recipients)
    audiences = [a for a in audiences if a not in EventMessage.Part.values]
    message = EventMessage.objects.create(
        event=event, audiences=[*audiences, *([part] if part else [])],
        subject_de=subject_de, subject_en=subject_en,
        text_de=text_de, text_en=text_en, recipients=len(recipients),
        sent_by=by if getattr(by, "is_authenticated", False) else None, created_at=now)
    for recipient in recipients:
        recipient.obj.event = event
    messages.send(message, recipients, render=render_message,
                  key=f"event:{event.pk}:message:{message.pk}", reference=event.reference,
                  reply_to=event.contact_email, template="events_message", audit_on=event,
                  action=history.MESSAGE_SENT, by=by)
    return message


# Guests: registering without an account (double opt-in) -------------------------------------
# A guest's registration is HELD (a seat held, counted in `seats_taken` like a confirmed one) or
# PENDING (the event was full: no seat, not on the waitlist yet) until the address is confirmed
# by the link of the first e-mail (`confirm_token`, used once). Confirming turns a held seat
# into a confirmed one; a pending registration takes a free seat or joins the waitlist's end.
# Unconfirmed registrations lapse at `hold_expires_at` (expire_guest_holds, beat): a lapsed
# held seat goes to the waitlist through seats.fill_seats, as a cancellation's does. All of it
# under the event lock, like register and cancel_registration.


class GuestLinkInvalid(RegistrationError):
    """The confirmation link was used already, or never existed."""


class GuestHoldExpired(RegistrationError):
    """The confirmation link came too late: the held time is over."""


class GuestLimitReached(RegistrationError):
    """Too many guest registrations from one client or for one address within the hour."""


def guest_hold_until(event: Event, now=None):
    """Until when a guest registering now is held: PORTAL_GUEST_HOLD_HOURS, at most until
    registration closes (a held seat is never confirmed after that)."""
    now = now or timezone.now()
    return min(now + timedelta(hours=settings.PORTAL_GUEST_HOLD_HOURS),
               event.registration_closes())


def _guest_counter(kind: str, value: str) -> str:
    # Only a keyed hash goes into the cache: the counters never hold an IP or e-mail address.
    digest = salted_hmac("events.guest-limit", f"{kind}:{value}").hexdigest()
    return f"events:guest-limit:{kind}:{digest}"


def _over_limit(key: str, limit: int) -> bool:
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def throttle_guest(*, client: str, email: str) -> None:
    """Count one guest registration from `client` (the IP) and for `email`; raise
    GuestLimitReached beyond PORTAL_GUEST_REGISTRATIONS_PER_HOUR (counters in the cache, so
    they hold across web processes). Each registration mails the address: without a limit the
    form would mail strangers on a bot's behalf."""
    limit = settings.PORTAL_GUEST_REGISTRATIONS_PER_HOUR
    limited = _over_limit(_guest_counter("client", client), limit)
    limited = _over_limit(_guest_counter("email", email.strip().lower()), limit) or limited
    if limited:
        raise GuestLimitReached(
            _("Several registrations were sent within a short time. Please try again in an "
              "hour, or write to the event's contact person."), code="limit")


def _guest_context(registration: Registration) -> dict:
    return {"confirm_url": links.absolute_url(
                reverse("events:guest_confirm", args=[registration.confirm_token])),
            "hold_hours": settings.PORTAL_GUEST_HOLD_HOURS}


def _answer_known_address(existing: Registration, now) -> None:
    """The address is registered already: tell its owner, not the form (no enumeration). An
    unconfirmed one gets its confirmation link again, a registration its secret link; at most
    one such mail an hour (the outbox key)."""
    hour = now.strftime("%Y%m%d%H")
    if existing.is_unconfirmed:
        notices.send(existing, "guest_confirm", f"guest_confirm:{hour}",
                     context=_guest_context(existing), known={"agenda_choices": []})
    else:
        notices.send(existing, "guest_already_registered", f"guest_already_registered:{hour}",
                     known={"agenda_choices": []})


@transaction.atomic
def register_guest(event: Event, attendee: Attendee, *, agenda_items=(), diet: str = "",
                   accessibility: str = "", public_consent: bool = False,
                   language: str | None = None, answers: dict | None = None, now=None,
                   attendance: str | None = None,
                   registered_by: "GroupMember | None" = None) -> Registration | None:
    """Register a guest (no account): a seat held (or, the event full, nothing yet) until the
    address is confirmed, and the confirmation link mailed. Raises RegistrationClosed.

    Returns None when the address is registered for the event already: its owner gets an
    e-mail instead, and the caller answers exactly as for a new registration, so the form does
    not tell whether an address is registered. `answers` as for `register` (checked first).
    """
    stored_answers = clean_answers(event.questions.all(), answers or {})
    attendance = clean_attendance(event, attendance)
    _check_one_island_per_slot([item for item in agenda_items if item.event_id == event.pk])
    email = attendee.email.strip().lower()
    language = (language or translation.get_language() or "de")[:2]
    # Without this lock two guests could both be held on the last free seat.
    event = lock(Event, pk=event.pk)
    now = now or timezone.now()
    _check_open(event, now)
    existing = event.registrations.filter(email__iexact=email).exclude(
        status=Registration.Status.CANCELLED).first()
    if existing is not None:
        existing.event = event
        _answer_known_address(existing, now)
        return None
    attendance = clean_attendance(event, attendance)
    full = event.is_full_for(attendance)
    registration = Registration.objects.create(
        event=event, name=attendee.name.strip(), email=email, organisation=attendee.organisation,
        organisation_name="" if attendee.organisation else attendee.organisation_name.strip(),
        job_title=attendee.job_title, diet=diet, accessibility=accessibility,
        public_consent=public_consent, consent_at=now if public_consent else None,
        consent_version=CONSENT_VERSION if public_consent else "", language=language,
        attendance=attendance,
        status=Registration.Status.PENDING if full else Registration.Status.HELD,
        confirm_token=secrets.token_urlsafe(32), hold_expires_at=guest_hold_until(event, now),
        created_at=now, sequence=Registration.next_sequence(event.pk),
    )
    seats.count(event, now=registration.status, attendance=attendance)
    _store_answers(registration, stored_answers, new=True)
    items = [item for item in agenda_items if item.event_id == event.pk]
    if items:
        AgendaChoice.objects.bulk_create([
            AgendaChoice(registration=registration, agenda_item=item, created_at=now,
                         status=AgendaChoice.Status.WAITLISTED) for item in items])
        # A held seat holds its agenda seats too, in order, as register's do.
        promoted = seats.fill_agenda_items(event, exclude_registration=registration.pk)
        seats.fill_agenda_items_for(registration)
        seats.store_item_counts(event)
        notices.notify_agenda_promotions(promoted)
    context = _guest_context(registration)
    if registered_by is not None and registered_by.email.strip().lower() != email:
        context["guest_registered_by"] = {"name": registered_by.name,
                                          "email": registered_by.email}
    notices.send(registration, "guest_confirm", "guest_confirm", context=context,
                 known={"agenda_choices": []})
    pagecache.changed(event)
    return registration


@dataclass
class GroupMember:
    """One person of a group registration: name, address, the language of their e-mails."""

    name: str
    email: str
    language: str = "de"
    # The person's answers to the event's questions ({question pk: value}, as for `register`).
    answers: dict | None = None


@transaction.atomic
def register_group(event: Event, people: list[GroupMember], *, organisation=None,
                   organisation_name: str = "", user=None, registrant: GroupMember | None = None,
                   now=None, attendance: str | None = None) -> list[Registration | None]:
    """Register several people of one organisation at once, under one event lock, in the
    order given: each takes a seat or (all seats gone) the waitlist, as `register` decides for
    one; each gets their own e-mail and secret link in their language; the registrant one
    summary. `user`: a logged-in registrant (any refusal, such as an address registered
    already, refuses the whole group and changes nothing). Otherwise `registrant` is a guest
    and every person is registered as a guest (`register_guest`: each confirms their own
    address; an address registered already gets a mail, the list a None, the summary the same
    words). Each person's `answers` are checked first (AnswerRefused names the person and
    nobody is registered). Raises RegistrationError."""
    if not people:
        raise RegistrationError(_("Add at least one person."), code="nobody")
    emails = [person.email.strip().lower() for person in people]
    if len(set(emails)) != len(emails):
        raise RegistrationError(_("Each person needs their own e-mail address."),
                                code="same_address")
    # Every person's answers before anything is written: one missing refuses the whole group.
    questions = list(event.questions.all())
    for person in people:
        try:
            clean_answers(questions, person.answers or {})
        except AnswerRefused as error:
            raise AnswerRefused(
                _("%(name)s: %(reason)s") % {"name": person.name, "reason": error.message},
                code=error.code) from error
    # One lock for the whole group: nobody else's registration comes in between.
    event = lock(Event, pk=event.pk)
    now = now or timezone.now()
    registered = []
    for person in people:
        attendee = Attendee(name=person.name, email=person.email, organisation=organisation,
                            organisation_name=organisation_name)
        if user is not None:
            registered.append(register(event, attendee, user=user, language=person.language,
                                       answers=person.answers, now=now,
                                       copy_to_registrant=False, attendance=attendance))
        else:
            registered.append(register_guest(event, attendee, language=person.language,
                                             answers=person.answers, now=now,
                                             registered_by=registrant, attendance=attendance))
    if user is not None:
        to, name, language = user.email, user.get_full_name() or user.email, user.language
    else:
        to, name, language = registrant.email, registrant.name, registrant.language
    event.refresh_from_db(fields=list(Event.COUNTERS))
    mail.enqueue("events_group_summary", to=to, language=language, context={
        "event": event, "registrant_name": name, "guest": user is None,
        "people": [{"name": person.name, "email": person.email,
                    "registration": registration}
                   for person, registration in zip(people, registered, strict=True)],
        "event_url": links.absolute_url(event.get_absolute_url()),
    }, key=f"event:{event.pk}:group:{secrets.token_hex(8)}", reference=event.reference)
    return registered


def guest_registration_to_confirm(token: str) -> Registration | None:
    """The unconfirmed registration the confirmation link names (None: used or unknown)."""
    return (Registration.objects.select_related("event")
            .filter(confirm_token=token, status__in=Registration.UNCONFIRMED).first())


@transaction.atomic
def confirm_guest(token: str, *, now=None) -> Registration:
    """Follow the confirmation link: the address is confirmed, the held seat confirmed (or the
    pending registration seated or waitlisted); the usual confirmation or waitlist e-mail with
    the secret link follows. The link works once (the token is emptied).

    Raises GuestLinkInvalid (used, unknown, or lapsed and gone) and GuestHoldExpired.
    """
    found = Registration.objects.filter(confirm_token=token).values_list(
        "pk", "event_id").first()
    if found is None:
        raise GuestLinkInvalid(_("This confirmation link was used already or is not valid."),
                               code="invalid")
    event = lock(Event, pk=found[1])
    registration = lock(Registration, pk=found[0])
    registration.event = event
    now = now or timezone.now()
    # Read again under the lock: a second click (or a lapse) may have come first.
    if registration.confirm_token != token or not registration.is_unconfirmed:
        raise GuestLinkInvalid(_("This confirmation link was used already or is not valid."),
                               code="invalid")
    if now >= registration.hold_expires_at:
        raise GuestHoldExpired(
            _("This confirmation link has expired: the registration was not confirmed in time. "
              "Please register again."), code="expired")
    was = registration.status
    registration.email_confirmed_at = now
    registration.confirm_token = None
    if was == Registration.Status.HELD:
        registration.status = Registration.Status.CONFIRMED
    elif (not event.is_full_for(registration.attendance)
          and not event.waitlist_length_for(registration.attendance)):
        registration.status = Registration.Status.CONFIRMED
    else:
        # The waitlist's end: the place in line is taken when the address is confirmed.
        registration.status = Registration.Status.WAITLISTED
        registration.sequence = Registration.next_sequence(event.pk)
    registration.save(update_fields=["status", "email_confirmed_at", "confirm_token",
                                     "sequence"])
    seats.count(event, was=was, now=registration.status, attendance=registration.attendance)
    if registration.is_confirmed and was == Registration.Status.PENDING:
        seats.fill_agenda_items_for(registration)
        seats.store_item_counts(event)
    if registration.is_confirmed:
        notices.send(registration, "confirmation", "confirmation", with_ics=True)
    else:
        notices.send(registration, "waitlisted", "waitlisted",
                     known={"waitlist_position": event.waitlist_length_for(
                         registration.attendance)})
    pagecache.changed(event)
    return registration


def confirm_guest_address(email: str, *, now=None) -> int:
    """An account has just confirmed `email` (allauth): confirm the guest registrations under
    it that wait for that address, each as its link would (each under its event's lock).
    Returns how many were confirmed; lapsed ones are left to expire_guest_holds."""
    now = now or timezone.now()
    tokens = list(Registration.objects.filter(
        email__iexact=email.strip(), status__in=Registration.UNCONFIRMED,
        hold_expires_at__gt=now, confirm_token__isnull=False).values_list(
        "confirm_token", flat=True))
    confirmed = 0
    for token in tokens:
        try:
            confirm_guest(token, now=now)
        except RegistrationError:  # confirmed or lapsed in the meantime
            continue
        confirmed += 1
    return confirmed


def guest_holds_due(now=None):
    """Unconfirmed guest registrations whose time is up."""
    return Registration.objects.filter(status__in=Registration.UNCONFIRMED,
                                       hold_expires_at__lte=now or timezone.now())


def expire_guest_holds(now=None) -> int:
    """Lapse every unconfirmed guest registration whose time is up; held seats go to the
    waitlist. Returns how many lapsed. One transaction per event, each under the event lock
    (like a cancellation), so a confirmation in the same moment either comes first (and the
    seat stays) or finds the registration lapsed, and a second run finds nothing to do."""
    now = now or timezone.now()
    event_ids = sorted(set(guest_holds_due(now).values_list("event_id", flat=True)))
    return sum(_lapse_guest_holds(event_id, now) for event_id in event_ids)


@transaction.atomic
def _lapse_guest_holds(event_id: int, now) -> int:
    event = lock(Event, pk=event_id)
    # Read under the lock: what a confirmation or another run changed is seen.
    rows = list(guest_holds_due(now).filter(event=event).values_list(
        "pk", "status", "attendance"))
    if not rows:
        return 0
    Registration.objects.filter(pk__in=[pk for pk, _status, _attendance in rows]).update(
        status=Registration.Status.CANCELLED, cancelled_at=now, confirm_token=None)
    held = Counter(attendance for _pk, status, attendance in rows
                   if status == Registration.Status.HELD)
    for attendance, n in held.items():
        seats.count(event, was=Registration.Status.HELD, n=n, attendance=attendance)
    promoted = []
    if held and event.status == Event.Status.PUBLISHED and now < event.starts_at:
        promoted = seats.fill_seats(event)
    seats.store_item_counts(event)
    audit.log_action(event, history.GUEST_HOLDS_LAPSED, by=None,
                     data={"registrations": len(rows), "promoted": len(promoted)})
    pagecache.changed(event)
    return len(rows)


def lapsed_guest_registrations_due_for_deletion(now=None):
    """Guest registrations never confirmed (lapsed, or cancelled with their event), cancelled
    more than PORTAL_GUEST_LAPSED_DAYS ago: the data of an address nobody confirmed."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PORTAL_GUEST_LAPSED_DAYS)
    return Registration.objects.filter(
        status=Registration.Status.CANCELLED, hold_expires_at__isnull=False,
        email_confirmed_at__isnull=True, cancelled_at__lt=cutoff)


@transaction.atomic
def delete_lapsed_guest_registrations(*, by=None, now=None, batch_size: int = 1000) -> int:
    """Delete up to `batch_size` of them (retention); returns how many. Claimed with FOR UPDATE
    SKIP LOCKED, no event locked: cancelled rows count on no seat counter."""
    claimed = list(lapsed_guest_registrations_due_for_deletion(now)
                   .select_for_update(skip_locked=True, of=("self",))
                   .order_by("event_id", "pk").values_list("pk", "event_id")[:batch_size])
    if not claimed:
        return 0
    Registration.objects.filter(pk__in=[pk for pk, _event in claimed]).delete()
    per_event = Counter(event_id for _pk, event_id in claimed)
    for event_id, event in Event.objects.in_bulk(list(per_event)).items():
        audit.log_action(event, history.GUEST_LAPSED_DELETED, by=by,
                         data={"registrations": per_event[event_id]})
    return len(claimed)
