"""B2B meetings at events and trips: every operation that changes them (README "Matchmaking").

The rules:
- Organisers switch meetings on for an event, a trip or a stop of a trip (`save_setup`): meeting
  blocks cut into slots of 15, 20 or 30 minutes, a number of tables, whether requests wait for
  the invitee's acceptance, and after how many hours an unanswered request expires.
- Confirmed registrants of the event (accepted applicants of the trip) opt in; they ask each
  other for a meeting with a message; the invitee accepts in a slot both have free (a table is
  given at once) or declines.
- A person never has two meetings in one slot, a table is never given twice in one slot, and a
  request cannot be accepted after it expired. Each operation locks the setup row first (one
  lock, nothing else: docs/locking.md), checks the rule, and writes; the database refuses what
  slips past anyway (`MeetingSeat` unique per slot and person, `Meeting` unique per slot and
  table, both only while the meeting is accepted).
- Every change reaches the people concerned through the outbox, in their language.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matchmaking import permissions, selectors
from matchmaking.models import (
    Meeting,
    MeetingBlock,
    MeetingParticipant,
    MeetingSeat,
    MeetingSetup,
    MeetingSlot,
)
from matchmaking.permissions import participation
from network_portal import audit, links, mail
from network_portal.locking import lock


class MeetingError(ValidationError):
    """A meeting operation was refused; the message says why, in the reader's language."""


MAY_NOT_MANAGE = _("You may not manage the B2B meetings of this event or trip.")
NOT_A_PARTICIPANT = _("Only confirmed participants of this event or trip can take part in the "
                      "B2B meetings.")
CLOSED = _("The B2B meetings are not open for requests.")
NOT_OPTED_IN = _("Please sign up for the B2B meetings first.")
INVITEE_GONE = _("This person no longer takes part in the B2B meetings.")
WITH_ONESELF = _("You cannot ask yourself for a meeting.")
ALREADY_ASKED = _("There is already an open request between you two.")
MAY_NOT_ANSWER = _("Only the person asked may answer this request.")
ALREADY_ANSWERED = _("This request has already been answered.")
EXPIRED = _("This request has expired. The person who asked has been told.")
SLOT_NEEDED = _("Please choose a slot.")
SLOT_TAKEN = _("This slot is no longer free for both of you. Please choose another one.")
SLOT_PAST = _("This slot has already begun. Please choose a later one.")
NO_TABLE = _("All tables are taken in this slot. Please choose another one.")
TABLE_TAKEN = _("This table is taken in this slot.")
NOT_ACCEPTED = _("Only an accepted meeting can be moved.")
MAY_NOT_CANCEL = _("Only the two people of a meeting and its organisers may cancel it.")
ALREADY_CANCELLED = _("This meeting has already been cancelled or was never booked.")
BLOCKS_NEEDED = _("Please enter at least one meeting block.")
BLOCK_TOO_SHORT = _("A meeting block must be at least one slot long.")
BLOCKS_OVERLAP = _("Meeting blocks must not overlap.")
BOOKED_SLOT_REMOVED = _("Booked meetings lie in slots this change would remove. Move or cancel "
                        "them first.")
TABLES_IN_USE = _("Meetings are booked at table %(table)s: keep at least that many tables.")


# Who takes part -----------------------------------------------------------------------------

def _lock_setup(setup: MeetingSetup) -> MeetingSetup:
    # The one lock of every meeting operation: all meetings of a setup are decided one at a time.
    lock(MeetingSetup, pk=setup.pk)
    return MeetingSetup.objects.select_related("event", "trip", "stop").get(pk=setup.pk)


# The organisers' settings -------------------------------------------------------------------

def _slot_starts(blocks, minutes: int) -> list[tuple]:
    """(block index, start, end) of every slot the blocks hold; a remainder is left unused."""
    length = timedelta(minutes=minutes)
    starts = []
    for index, (start, end) in enumerate(blocks):
        current = start
        while current + length <= end:
            starts.append((index, current, current + length))
            current += length
    return starts


def _check_blocks(blocks, minutes: int) -> list[tuple]:
    blocks = sorted(blocks)
    if not blocks:
        raise MeetingError(BLOCKS_NEEDED)
    for start, end in blocks:
        if end - start < timedelta(minutes=minutes):
            raise MeetingError(BLOCK_TOO_SHORT)
    for (_start, end), (next_start, _end) in zip(blocks, blocks[1:], strict=False):
        if next_start < end:
            raise MeetingError(BLOCKS_OVERLAP)
    return blocks


@transaction.atomic
def save_setup(*, by, setup: MeetingSetup | None = None, event=None, trip=None, stop=None,
               slot_minutes: int, tables: int, needs_acceptance: bool, expiry_hours: int,
               is_open: bool = True, blocks: list[tuple]) -> MeetingSetup:
    """Switch B2B meetings on (no `setup`: for `event`, `trip`, or `stop` of a trip) or change
    their settings. `blocks`: [(start, end)] aware datetimes. Slots follow the blocks; a change
    that would drop a slot holding a booked meeting, or a table in use, is refused."""
    if setup is None:
        if stop is not None:
            trip = stop.trip
        setup = MeetingSetup(event=event, trip=trip, stop=stop)
        if not permissions.can_manage_meetings(by, setup):
            raise MeetingError(MAY_NOT_MANAGE)
        existing = MeetingSetup.objects.filter(
            Q(event=event) if event else Q(stop=stop) if stop else Q(trip=trip, stop=None)).first()
        if existing:
            setup = existing
        else:
            setup.save()
    setup = _lock_setup(setup)
    if not permissions.can_manage_meetings(by, setup):
        raise MeetingError(MAY_NOT_MANAGE)
    blocks = _check_blocks(blocks, slot_minutes)
    booked = Meeting.objects.filter(setup=setup, status=Meeting.Status.ACCEPTED)
    highest = max(booked.values_list("table", flat=True), default=0)
    if highest > tables:
        raise MeetingError(TABLES_IN_USE % {"table": highest})
    wanted = _slot_starts(blocks, slot_minutes)
    wanted_keys = {(start, end) for _index, start, end in wanted}
    existing_slots = {(slot.starts_at, slot.ends_at): slot for slot in setup.slots.all()}
    dropped = [slot for key, slot in existing_slots.items() if key not in wanted_keys]
    if booked.filter(slot__in=dropped).exists():
        raise MeetingError(BOOKED_SLOT_REMOVED)
    setup.slot_minutes, setup.tables = slot_minutes, tables
    setup.needs_acceptance, setup.expiry_hours, setup.is_open = (needs_acceptance, expiry_hours,
                                                                 is_open)
    setup.save()
    # Unbooked slots that no longer fit go (with their past, inactive seats); blocks are rebuilt.
    MeetingSeat.objects.filter(slot__in=dropped).delete()
    Meeting.objects.filter(slot__in=dropped).update(slot=None)
    MeetingSlot.objects.filter(pk__in=[slot.pk for slot in dropped]).delete()
    old_blocks = {(block.starts_at, block.ends_at): block for block in setup.blocks.all()}
    kept_blocks = []
    for start, end in blocks:
        block = old_blocks.pop((start, end), None) or MeetingBlock.objects.create(
            setup=setup, starts_at=start, ends_at=end)
        kept_blocks.append(block)
    for index, start, end in wanted:
        slot = existing_slots.get((start, end))
        if slot is None:
            MeetingSlot.objects.create(setup=setup, block=kept_blocks[index], starts_at=start,
                                       ends_at=end)
        elif slot.block_id != kept_blocks[index].pk:
            slot.block = kept_blocks[index]
            slot.save(update_fields=["block"])
    MeetingBlock.objects.filter(pk__in=[block.pk for block in old_blocks.values()]).delete()
    audit.log_action(setup, "matchmaking.meetings.saved", by=by, data={
        "slot_minutes": slot_minutes, "tables": tables, "needs_acceptance": needs_acceptance,
        "expiry_hours": expiry_hours, "is_open": is_open, "blocks": len(blocks),
        "slots": len(wanted)})
    return setup


# Taking part --------------------------------------------------------------------------------

INTEREST_FIELDS = ("offer_stages", "offer_topics", "seek_stages", "seek_topics")


@transaction.atomic
def opt_in(setup: MeetingSetup, *, by, about: str = "",
           interests: dict | None = None) -> MeetingParticipant:
    """Sign `by` up for the meetings (again: updates what they would like to talk about).

    `interests` ({field of INTEREST_FIELDS: stage or topic pks}) are the offers and needs for
    these meetings: stored on the participant when they differ from the organisation's profile
    (which is never changed), otherwise the profile counts. None keeps what was stated."""
    setup = _lock_setup(setup)
    if not setup.is_open:
        raise MeetingError(CLOSED)
    source = participation(by, setup)
    if source is None:
        raise MeetingError(NOT_A_PARTICIPANT)
    participant, created = MeetingParticipant.objects.update_or_create(
        setup=setup, user=by, defaults={
            "organization": source.organisation,
            "organisation_name": source.organisation_name, "about": about.strip()[:300]})
    if created:
        audit.log_action(setup, "matchmaking.meetings.opted_in", by=by,
                         data={"participant": participant.pk})
    if interests is not None:
        _refine(participant, interests, by=by)
    return participant


def _refine(participant: MeetingParticipant, interests: dict, *, by) -> None:
    wanted = {name: sorted({int(getattr(item, "pk", item)) for item in interests.get(name, ())})
              for name in INTEREST_FIELDS}
    profile = selectors.profile_interests(participant.organization)
    refined = wanted != {name: sorted(profile[name]) for name in INTEREST_FIELDS}
    if not refined and not participant.refined:
        return
    participant.refined = refined
    participant.save(update_fields=["refined"])
    for name in INTEREST_FIELDS:
        getattr(participant, name).set(wanted[name] if refined else [])
    audit.log_action(participant.setup, "matchmaking.meetings.refined", by=by, data={
        "participant": participant.pk, "refined": refined, **wanted})


def _context(meeting: Meeting, recipient: MeetingParticipant, other: MeetingParticipant) -> dict:
    return {"meeting": meeting, "setup": meeting.setup, "recipient": recipient,
            "recipient_name": recipient.user.get_full_name(), "other": other,
            "other_name": other.name, "other_organisation": other.organisation_label,
            "meeting_url": links.absolute_url(meeting.get_absolute_url()),
            "agenda_url": links.url("matchmaking:meetings_agenda", meeting.setup_id)}


def _tell(template: str, meeting: Meeting, recipient: MeetingParticipant,
          other: MeetingParticipant, key: str, **extra) -> None:
    mail.enqueue(template, to=recipient.user.email, language=recipient.user.language,
                 key=f"{meeting.reference}:{key}:{recipient.pk}", reference=meeting.reference,
                 context={**_context(meeting, recipient, other), **extra})


def _taken_tables(slot: MeetingSlot) -> set[int]:
    return set(Meeting.objects.filter(slot=slot, status=Meeting.Status.ACCEPTED)
               .values_list("table", flat=True))


def _busy(slot: MeetingSlot, participants, *, except_meeting=None) -> bool:
    seats = MeetingSeat.objects.filter(slot=slot, participant__in=participants, active=True)
    if except_meeting is not None:
        seats = seats.exclude(meeting=except_meeting)
    return seats.exists()


def _book(meeting: Meeting, slot: MeetingSlot, *, table: int | None = None,
          now=None) -> None:
    """Give the meeting `slot` and a table (the lowest free one unless `table`), under the
    setup's lock. Raises MeetingError when a person or the table is taken."""
    now = now or timezone.now()
    setup = meeting.setup
    if slot is None or slot.setup_id != setup.pk:
        raise MeetingError(SLOT_NEEDED)
    if slot.starts_at <= now:
        raise MeetingError(SLOT_PAST)
    people = [meeting.requester_id, meeting.invitee_id]
    if _busy(slot, people, except_meeting=meeting):
        raise MeetingError(SLOT_TAKEN)
    taken = _taken_tables(slot) - ({meeting.table} if meeting.slot_id == slot.pk else set())
    if table is None:
        free = [number for number in range(1, setup.tables + 1) if number not in taken]
        if not free:
            raise MeetingError(NO_TABLE)
        table = free[0]
    elif table in taken or not 1 <= table <= setup.tables:
        raise MeetingError(TABLE_TAKEN)
    meeting.slot, meeting.table, meeting.status = slot, table, Meeting.Status.ACCEPTED
    meeting.sequence += 1
    try:
        # A savepoint: should the constraints refuse after all, the caller's transaction lives.
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table", "status", "sequence", "decided_at",
                                        "expires_at"])
            for participant_id in people:
                MeetingSeat.objects.update_or_create(
                    meeting=meeting, participant_id=participant_id,
                    defaults={"slot": slot, "active": True})
    except IntegrityError as error:
        raise MeetingError(SLOT_TAKEN) from error


def _participant_of(setup: MeetingSetup, user) -> MeetingParticipant | None:
    return (MeetingParticipant.objects.filter(setup=setup, user=user)
            .select_related("user", "organization").first())


@transaction.atomic
def request_meeting(setup: MeetingSetup, *, by, invitee: MeetingParticipant, message: str,
                    slot: MeetingSlot | None = None, now=None) -> Meeting:
    """Ask `invitee` for a meeting. With acceptance switched off the request is booked at once
    in `slot`. Raises MeetingError unless both take part and no request is open between them."""
    now = now or timezone.now()
    setup = _lock_setup(setup)
    if not setup.is_open:
        raise MeetingError(CLOSED)
    requester = _participant_of(setup, by)
    if requester is None:
        raise MeetingError(NOT_OPTED_IN)
    if participation(by, setup) is None:
        raise MeetingError(NOT_A_PARTICIPANT)
    invitee = (MeetingParticipant.objects.filter(setup=setup, pk=invitee.pk)
               .select_related("user", "organization").first())
    if invitee is None or participation(invitee.user, setup) is None:
        raise MeetingError(INVITEE_GONE)
    if invitee.pk == requester.pk:
        raise MeetingError(WITH_ONESELF)
    if Meeting.objects.filter(Q(requester=requester, invitee=invitee)
                              | Q(requester=invitee, invitee=requester),
                              status=Meeting.Status.REQUESTED).exists():
        raise MeetingError(ALREADY_ASKED)
    last_start = setup.slots.order_by("-starts_at").values_list("starts_at", flat=True).first()
    expires_at = now + timedelta(hours=setup.expiry_hours)
    if last_start and last_start < expires_at:
        expires_at = max(last_start, now + timedelta(minutes=1))
    meeting = Meeting.objects.create(setup=setup, requester=requester, invitee=invitee,
                                     message=message.strip(), expires_at=expires_at)
    meeting.setup = setup
    if setup.needs_acceptance:
        _tell("matchmaking_meeting_requested", meeting, invitee, requester, "requested")
        audit.log_action(meeting, "matchmaking.meeting.requested", by=by,
                         data={"setup": setup.pk})
        return meeting
    meeting.decided_at, meeting.expires_at = now, None
    _book(meeting, slot, now=now)
    _tell("matchmaking_meeting_booked", meeting, invitee, requester, "booked")
    _tell("matchmaking_meeting_booked", meeting, requester, invitee, "booked")
    audit.log_action(meeting, "matchmaking.meeting.booked", by=by,
                     data={"setup": setup.pk, "slot": meeting.slot_id, "table": meeting.table})
    return meeting


def _expire(meeting: Meeting, now) -> None:
    meeting.status, meeting.decided_at = Meeting.Status.EXPIRED, now
    meeting.save(update_fields=["status", "decided_at"])
    _tell("matchmaking_meeting_expired", meeting, meeting.requester, meeting.invitee, "expired")


def _lock_meeting(meeting: Meeting) -> tuple[MeetingSetup, Meeting]:
    setup = _lock_setup(meeting.setup)
    meeting = (Meeting.objects.select_related("requester__user", "requester__organization",
                                              "invitee__user", "invitee__organization", "slot")
               .get(pk=meeting.pk))
    meeting.setup = setup
    return setup, meeting


def answer_meeting(meeting: Meeting, *, by, accept: bool, slot: MeetingSlot | None = None,
                   now=None) -> Meeting:
    """The invitee accepts in `slot` (both free, a table free) or declines. An expired request
    is marked expired (the requester is told) and the answer refused."""
    now = now or timezone.now()
    expired = False
    with transaction.atomic():
        setup, meeting = _lock_meeting(meeting)
        if meeting.invitee.user_id != getattr(by, "pk", None):
            raise MeetingError(MAY_NOT_ANSWER)
        if meeting.status != Meeting.Status.REQUESTED:
            raise MeetingError(ALREADY_ANSWERED)
        if meeting.expires_at and meeting.expires_at <= now:
            _expire(meeting, now)
            expired = True
        elif accept:
            meeting.decided_at, meeting.expires_at = now, None
            _book(meeting, slot, now=now)
            _tell("matchmaking_meeting_accepted", meeting, meeting.requester, meeting.invitee,
                  "accepted")
            audit.log_action(meeting, "matchmaking.meeting.accepted", by=by, data={
                "setup": setup.pk, "slot": meeting.slot_id, "table": meeting.table})
        else:
            meeting.status, meeting.decided_at = Meeting.Status.DECLINED, now
            meeting.save(update_fields=["status", "decided_at"])
            _tell("matchmaking_meeting_declined", meeting, meeting.requester, meeting.invitee,
                  "declined")
            audit.log_action(meeting, "matchmaking.meeting.declined", by=by,
                             data={"setup": setup.pk})
    if expired:  # committed: the request stays expired although the answer is refused
        raise MeetingError(EXPIRED)
    return meeting


# The organisers ---------------------------------------------------------------------------

@transaction.atomic
def move_meeting(meeting: Meeting, *, by, slot: MeetingSlot, table: int | None = None,
                 now=None) -> Meeting:
    """An organiser moves a booked meeting to another slot and/or table; both are told."""
    setup, meeting = _lock_meeting(meeting)
    if not permissions.can_manage_meetings(by, setup):
        raise MeetingError(MAY_NOT_MANAGE)
    if meeting.status != Meeting.Status.ACCEPTED:
        raise MeetingError(NOT_ACCEPTED)
    before = (meeting.slot_id, meeting.table)
    _book(meeting, slot, table=table, now=now)
    if (meeting.slot_id, meeting.table) == before:
        return meeting
    key = f"moved:{meeting.sequence}"
    _tell("matchmaking_meeting_moved", meeting, meeting.requester, meeting.invitee, key)
    _tell("matchmaking_meeting_moved", meeting, meeting.invitee, meeting.requester, key)
    audit.log_action(meeting, "matchmaking.meeting.moved", by=by, data={
        "from_slot": before[0], "from_table": before[1], "slot": meeting.slot_id,
        "table": meeting.table})
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by) -> Meeting:
    """An organiser cancels a booked (or still open) meeting; both people are told. One of
    its two people cancels a booked meeting; the other is told."""
    setup, meeting = _lock_meeting(meeting)
    if not permissions.can_manage_meetings(by, setup):
        return _cancel_own(meeting, by=by)
    if meeting.status not in (Meeting.Status.ACCEPTED, Meeting.Status.REQUESTED):
        raise MeetingError(ALREADY_CANCELLED)
    meeting.status, meeting.sequence = Meeting.Status.CANCELLED, meeting.sequence + 1
    meeting.save(update_fields=["status", "sequence"])
    MeetingSeat.objects.filter(meeting=meeting).update(active=False)
    _tell("matchmaking_meeting_cancelled", meeting, meeting.requester, meeting.invitee,
          "cancelled")
    _tell("matchmaking_meeting_cancelled", meeting, meeting.invitee, meeting.requester,
          "cancelled")
    audit.log_action(meeting, "matchmaking.meeting.cancelled", by=by,
                     data={"slot": meeting.slot_id, "table": meeting.table})
    return meeting


def _cancel_own(meeting: Meeting, *, by) -> Meeting:
    parties = {meeting.requester.user_id: (meeting.requester, meeting.invitee),
               meeting.invitee.user_id: (meeting.invitee, meeting.requester)}
    if getattr(by, "pk", None) not in parties:
        raise MeetingError(MAY_NOT_CANCEL)
    if meeting.status != Meeting.Status.ACCEPTED:
        raise MeetingError(ALREADY_CANCELLED)
    me, other = parties[by.pk]
    meeting.status, meeting.sequence = Meeting.Status.CANCELLED, meeting.sequence + 1
    meeting.save(update_fields=["status", "sequence"])
    MeetingSeat.objects.filter(meeting=meeting).update(active=False)
    _tell("matchmaking_meeting_withdrawn", meeting, other, me, "cancelled")
    audit.log_action(meeting, "matchmaking.meeting.withdrawn", by=by,
                     data={"slot": meeting.slot_id, "table": meeting.table})
    return meeting


# Periodic jobs (Celery beat and run_periodic): they lock nothing, they claim rows -------------

def expire_due_requests(now=None) -> int:
    """Mark requests past their expiry as expired and tell the requester. Each row is claimed
    with a conditional UPDATE, so a second run at the same time skips it."""
    now = now or timezone.now()
    count = 0
    due = Meeting.objects.filter(status=Meeting.Status.REQUESTED, expires_at__lte=now)
    for pk in list(due.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not Meeting.objects.filter(pk=pk, status=Meeting.Status.REQUESTED).update(
                    status=Meeting.Status.EXPIRED, decided_at=now):
                continue
            meeting = (Meeting.objects.select_related(
                "setup__event", "setup__trip", "setup__stop", "requester__user",
                "invitee__user", "invitee__organization").get(pk=pk))
            _tell("matchmaking_meeting_expired", meeting, meeting.requester, meeting.invitee,
                  "expired")
            count += 1
    return count


REMINDER_BEFORE = timedelta(hours=24)


def send_due_reminders(now=None) -> int:
    """A day before a meeting block, each person with meetings in it gets their agenda of the
    block. The block is claimed once (`reminded_at`); the outbox key keeps each mail single."""
    from matchmaking import meeting_reads

    now = now or timezone.now()
    sent = 0
    due = MeetingBlock.objects.filter(reminded_at__isnull=True, starts_at__gt=now,
                                      starts_at__lte=now + REMINDER_BEFORE)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            if not MeetingBlock.objects.filter(pk=pk, reminded_at__isnull=True).update(
                    reminded_at=now):
                continue
            block = MeetingBlock.objects.select_related("setup__event", "setup__trip",
                                                        "setup__stop").get(pk=pk)
            for participant, meetings in meeting_reads.block_agendas(block):
                mail.enqueue("matchmaking_meeting_reminder", to=participant.user.email,
                             language=participant.user.language,
                             key=f"{block.setup.reference}:block:{block.pk}:reminder:"
                                 f"{participant.pk}",
                             reference=block.setup.reference, context={
                                 "setup": block.setup, "block": block,
                                 "recipient_name": participant.user.get_full_name(),
                                 "meetings": meetings,
                                 "agenda_url": links.url(
                                     "matchmaking:meetings_agenda", block.setup_id)})
                sent += 1
    return sent
