"""Reads of the B2B meetings (matchmaking.meetings changes them): the participant list with
suggestions first, free slots, agendas, the organisers' grid and figures. Each read needs a
fixed number of queries however many participants, slots or meetings there are."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from delegations.models import Application
from events.models import Registration
from matchmaking import permissions, selectors
from matchmaking.models import (
    Meeting,
    MeetingParticipant,
    MeetingSeat,
    MeetingSetup,
    MeetingSlot,
    StageComplement,
)
from members.models import Topic, ValueChainStage


def setup(pk: int) -> MeetingSetup:
    return MeetingSetup.objects.select_related("event", "trip", "stop").get(pk=pk)


def participant_of(setup: MeetingSetup, user) -> MeetingParticipant | None:
    if not user.is_authenticated:
        return None
    return (MeetingParticipant.objects.filter(setup=setup, user=user)
            .select_related("user", "organization").first())


@dataclass
class Entry:
    """Another participant as the list shows them: the fit of their organisation with mine."""

    participant: MeetingParticipant
    score: int = 0
    reasons: list = field(default_factory=list)
    open_request: Meeting | None = None
    meetings: int = 0  # booked meetings between us


def _participant_sides(setup: MeetingSetup, participants: list, stages: dict,
                       topics: dict) -> dict:
    """{participant pk: Side}: the organisation's offers and needs (matchmaking.selectors), or
    those refined for these meetings. Eight queries whatever the number of participants."""
    org_ids = sorted({p.organization_id for p in participants if p.organization_id})
    org_sides = selectors._sides(org_ids, stages, topics, ids=org_ids)
    refined = defaultdict(lambda: defaultdict(dict))
    for name, model, column, vocabulary in (
            ("offered_stages", MeetingParticipant.offer_stages.through, "valuechainstage_id",
             stages),
            ("offered_topics", MeetingParticipant.offer_topics.through, "topic_id", topics),
            ("sought_stages", MeetingParticipant.seek_stages.through, "valuechainstage_id",
             stages),
            ("sought_topics", MeetingParticipant.seek_topics.through, "topic_id", topics)):
        for participant_id, pk in model.objects.filter(
                meetingparticipant__setup_id=setup.pk,
                meetingparticipant__refined=True).values_list("meetingparticipant_id", column):
            refined[participant_id][name][pk] = vocabulary[pk]
    sides = {}
    for participant in participants:
        base = org_sides.get(participant.organization_id) or selectors.Side()
        if not participant.refined:
            sides[participant.pk] = base
            continue
        mine = refined[participant.pk]
        side = selectors.Side(offered_stages=dict(mine["offered_stages"]),
                              offered_topics=dict(mine["offered_topics"]),
                              sought_stages=dict(mine["sought_stages"]),
                              sought_topics=dict(mine["sought_topics"]),
                              own_stages=base.own_stages)
        if not (side.offered_stages or side.offered_topics):
            side.offered_stages = dict(side.own_stages)
        sides[participant.pk] = side
    return sides


def _fits(setup: MeetingSetup, me: MeetingParticipant, others: list) -> dict:
    """{participant pk: (score, reasons)} of the others' fit with me, as the suggestions
    compute it (matchmaking.selectors), from the offers and needs each side states for these
    meetings: eleven queries whatever the number of participants. Colleagues of my own
    organisation are not suggested."""
    candidates = [p for p in others if not (p.organization_id
                                            and p.organization_id == me.organization_id)]
    if not candidates:
        return {}
    stages = {stage.pk: stage for stage in ValueChainStage.objects.all()}
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    links = []
    for row in StageComplement.objects.all():
        row.offered, row.meets = stages[row.offered_id], stages[row.meets_id]
        links.append(selectors.Link(row.offered_id, row.meets_id, row.weight,
                                    row.offered.position, row))
    sides = _participant_sides(setup, [me, *candidates], stages, topics)
    mine = sides[me.pk]
    fits = {}
    for participant in candidates:
        theirs = sides[participant.pk]
        score = selectors._score(theirs, mine, links)
        if score:
            they_offer, they_seek = selectors._explain(theirs, mine, links)
            fits[participant.pk] = (score, they_offer + they_seek)
    return fits


def interests_initial(setup: MeetingSetup, user, me: MeetingParticipant | None) -> dict:
    """Where the opt-in form's offers and needs start: those refined for these meetings, or
    else, for a trip, the stages the application states, or else the organisation's profile
    ({field: pks})."""
    if me is not None and me.refined:
        return {name: [item.pk for item in getattr(me, name).all()]
                for name in ("offer_stages", "offer_topics", "seek_stages", "seek_topics")}
    source = permissions.participation(user, setup)
    organisation = me.organization if me is not None else getattr(source, "organisation", None)
    initial = selectors.profile_interests(organisation)
    if isinstance(source, Application):
        # A trip: the stages the application states (prefilled from the same profile, maybe
        # refined there) come before the profile's.
        offered = [stage.pk for stage in source.stages_offered.all()]
        sought = [stage.pk for stage in source.stages_sought.all()]
        if offered or sought:
            initial["offer_stages"], initial["seek_stages"] = set(offered), set(sought)
    return {name: sorted(pks) for name, pks in initial.items()}


def participant_list(setup: MeetingSetup, me: MeetingParticipant) -> list[Entry]:
    """The other participants: those whose offers and needs fit mine first (best first, with
    the reasons), then everyone else by name. With each, an open request between us."""
    others = list(MeetingParticipant.objects.filter(setup=setup).exclude(pk=me.pk)
                  .select_related("user", "organization"))
    fits = _fits(setup, me, others)
    open_requests = {}
    for meeting in Meeting.objects.filter(Q(requester=me) | Q(invitee=me),
                                          status=Meeting.Status.REQUESTED):
        other = meeting.invitee_id if meeting.requester_id == me.pk else meeting.requester_id
        open_requests[other] = meeting
    booked = defaultdict(int)
    for meeting in Meeting.objects.filter(Q(requester=me) | Q(invitee=me),
                                          status=Meeting.Status.ACCEPTED).only(
                                              "requester_id", "invitee_id"):
        booked[meeting.invitee_id if meeting.requester_id == me.pk else meeting.requester_id] += 1
    entries = []
    for participant in others:
        score, reasons = fits.get(participant.pk, (0, []))
        entries.append(Entry(participant, score, reasons, open_requests.get(participant.pk),
                             booked[participant.pk]))
    entries.sort(key=lambda entry: (-entry.score, entry.participant.name.casefold(),
                                    entry.participant.organisation_label.casefold()))
    return entries


def requests_for(me: MeetingParticipant) -> dict:
    """My open requests: those waiting for my answer and those I sent."""
    related = ("requester__user", "requester__organization", "invitee__user",
               "invitee__organization")
    mine = Meeting.objects.filter(status=Meeting.Status.REQUESTED).select_related(*related)
    return {"incoming": list(mine.filter(invitee=me).order_by("created_at", "pk")),
            "outgoing": list(mine.filter(requester=me).order_by("created_at", "pk")),
            "closed": list(Meeting.objects.filter(Q(requester=me) | Q(invitee=me))
                           .filter(status__in=[Meeting.Status.DECLINED, Meeting.Status.EXPIRED,
                                               Meeting.Status.CANCELLED])
                           .select_related(*related)[:20])}


def free_slots(meeting: Meeting, *, now=None) -> list[MeetingSlot]:
    """The slots still to come in which both people are free and a table is left (three
    queries). The meeting's own slot counts as free (for moving it)."""
    now = now or timezone.now()
    busy = set(MeetingSeat.objects.filter(
        participant__in=[meeting.requester_id, meeting.invitee_id], active=True,
        slot__setup_id=meeting.setup_id).exclude(meeting=meeting)
        .values_list("slot_id", flat=True))
    used = dict(Meeting.objects.filter(setup_id=meeting.setup_id, status=Meeting.Status.ACCEPTED)
                .exclude(pk=meeting.pk).values_list("slot_id").annotate(n=Count("pk")))
    tables = meeting.setup.tables
    return [slot for slot in MeetingSlot.objects.filter(setup_id=meeting.setup_id,
                                                        starts_at__gt=now)
            if slot.pk not in busy and used.get(slot.pk, 0) < tables]


def all_slots(setup: MeetingSetup, *, now=None) -> list[MeetingSlot]:
    now = now or timezone.now()
    return list(MeetingSlot.objects.filter(setup=setup, starts_at__gt=now))


@dataclass
class AgendaItem:
    meeting: Meeting
    other: MeetingParticipant


def agenda(me: MeetingParticipant) -> list[AgendaItem]:
    """My booked meetings in time order, with the other person (one query)."""
    meetings = (Meeting.objects.filter(Q(requester=me) | Q(invitee=me),
                                       status=Meeting.Status.ACCEPTED)
                .select_related("slot", "requester__user", "requester__organization",
                                "invitee__user", "invitee__organization")
                .order_by("slot__starts_at", "table"))
    return [AgendaItem(m, m.invitee if m.requester_id == me.pk else m.requester)
            for m in meetings]


def block_agendas(block):
    """[(participant, [AgendaItem])] of everyone with meetings in `block` (one query)."""
    meetings = (Meeting.objects.filter(slot__block=block, status=Meeting.Status.ACCEPTED)
                .select_related("slot", "requester__user", "requester__organization",
                                "invitee__user", "invitee__organization")
                .order_by("slot__starts_at", "table"))
    people = {}
    items = defaultdict(list)
    for meeting in meetings:
        for me, other in ((meeting.requester, meeting.invitee),
                          (meeting.invitee, meeting.requester)):
            people[me.pk] = me
            items[me.pk].append(AgendaItem(meeting, other))
    return [(people[pk], items[pk]) for pk in people]


@dataclass
class GridRow:
    slot: MeetingSlot
    cells: list  # one per table: the Meeting or None


def grid(setup: MeetingSetup) -> list[GridRow]:
    """Slots × tables with the booked meetings (two queries)."""
    meetings = {}
    for meeting in (Meeting.objects.filter(setup=setup, status=Meeting.Status.ACCEPTED)
                    .select_related("requester__user", "requester__organization",
                                    "invitee__user", "invitee__organization")):
        meetings[(meeting.slot_id, meeting.table)] = meeting
    return [GridRow(slot, [meetings.get((slot.pk, table)) for table in
                           range(1, setup.tables + 1)])
            for slot in MeetingSlot.objects.filter(setup=setup)]


FIGURES = ("requested", "accepted", "held", "declined", "expired", "cancelled", "waiting",
           "participants")


def figures_of(setup_ids, *, now=None) -> dict[int, dict]:
    """The figures of each of these setups: requested (all requests), accepted, held (accepted
    and over), declined, expired, cancelled, waiting (open), participants. The one count of
    them, for the organisers' grid and the statistics. Two queries however many setups."""
    now = now or timezone.now()
    status = Meeting.Status
    setup_ids = list(setup_ids)
    figures = {pk: dict.fromkeys(FIGURES, 0) for pk in setup_ids}
    if not setup_ids:
        return figures
    for row in (Meeting.objects.filter(setup_id__in=setup_ids).order_by().values("setup_id")
                .annotate(
                    requested=Count("pk"),
                    accepted=Count("pk", filter=Q(status=status.ACCEPTED)),
                    held=Count("pk", filter=Q(status=status.ACCEPTED, slot__ends_at__lte=now)),
                    declined=Count("pk", filter=Q(status=status.DECLINED)),
                    expired=Count("pk", filter=Q(status=status.EXPIRED)),
                    cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
                    waiting=Count("pk", filter=Q(status=status.REQUESTED)))):
        figures[row.pop("setup_id")].update(row)
    for setup_id, participants in (MeetingParticipant.objects.filter(setup_id__in=setup_ids)
                                   .order_by().values("setup_id")
                                   .annotate(n=Count("pk")).values_list("setup_id", "n")):
        figures[setup_id]["participants"] = participants
    return figures


def figures(setup: MeetingSetup, *, now=None) -> dict:
    """The figures of one setup (figures_of), for its grid page. Two queries."""
    return figures_of([setup.pk], now=now)[setup.pk]


def statistics_figures(event_ids, trip_ids, *, now=None) -> dict[tuple[str, int], dict]:
    """The B2B meeting figures of these events and trips, for the statistics (reports.hooks):
    {("event", id) or ("trip", id): figures_of}, only those with meetings switched on; a trip's
    figures add up its own meetings and those of its stops. Three queries, none without ids."""
    if not event_ids and not trip_ids:
        return {}
    setups = list(MeetingSetup.objects.filter(Q(event_id__in=event_ids) | Q(trip_id__in=trip_ids))
                  .values_list("pk", "event_id", "trip_id"))
    counted = figures_of([pk for pk, _event, _trip in setups], now=now)
    result = {}
    for pk, event_id, trip_id in setups:
        key = ("event", event_id) if event_id else ("trip", trip_id)
        total = result.setdefault(key, dict.fromkeys(FIGURES, 0))
        for name, value in counted[pk].items():
            total[name] += value
    return result


def setup_for_event(event) -> MeetingSetup | None:
    return MeetingSetup.objects.filter(event=event).first()


def _organised(user) -> dict:
    """For staff: the upcoming events and trips they manage, each with its meetings (if on)
    and, for trips, the exchange stops. Five queries, however many there are."""
    from delegations import selectors as trip_selectors
    from delegations.models import ItineraryStop
    from events import selectors as event_selectors
    from network_portal.permissions import is_staff_member

    if not is_staff_member(user):
        return {}
    events = list(event_selectors.managed_upcoming(user)[:10])
    trips = list(trip_selectors.managed_trips(user))[:10]
    setups = list(MeetingSetup.objects.filter(Q(event__in=events) | Q(trip__in=trips)))
    by_event = {setup.event_id: setup for setup in setups if setup.event_id}
    by_trip = {setup.trip_id: setup for setup in setups if setup.trip_id and not setup.stop_id}
    by_stop = {setup.stop_id: setup for setup in setups if setup.stop_id}
    stops = defaultdict(list)
    for stop in ItineraryStop.objects.filter(trip__in=trips, kind=ItineraryStop.Kind.EXCHANGE):
        stops[stop.trip_id].append((stop, by_stop.get(stop.pk)))
    return {"events": [(event, by_event.get(event.pk)) for event in events],
            "trips": [(trip, by_trip.get(trip.pk), stops[trip.pk]) for trip in trips]}


def my_portal_sections(user) -> list[dict]:
    """"B2B meetings" in My portal: the meetings one can take part in (a confirmed
    registration or an accepted application), with what waits for one's answer; for
    organisers the events and trips they may switch meetings on for."""
    if not user.is_authenticated:
        return []
    now = timezone.now()
    events = Registration.objects.filter(user=user, status__in=Registration.SEATED).values(
        "event_id")
    trips = Application.objects.filter(user=user, status=Application.Status.ACCEPTED).values(
        "trip_id")
    setups = list(MeetingSetup.objects.filter(Q(event_id__in=events) | Q(trip_id__in=trips))
                  .filter(slots__ends_at__gt=now).distinct()
                  .select_related("event", "trip", "stop")
                  .annotate(waiting=Count("participants__meetings_invited", filter=Q(
                      participants__user=user,
                      participants__meetings_invited__status=Meeting.Status.REQUESTED),
                      distinct=True)).order_by("pk"))
    organised = _organised(user)
    if not (setups or organised.get("events") or organised.get("trips")):
        return []
    return [{"template": "matchmaking/_my_meetings.html",
             "data": {"setups": setups, **organised}}]


def event_participant_link(event, user):
    """The event page's link to its B2B meetings, for those who hold a seat (events.hooks)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    found = setup_for_event(event)
    return ({"url": reverse("matchmaking:meetings", args=[found.pk]), "label": _("B2B meetings")}
            if found else None)


def trip_participant_link(trip, user):
    """The trip page's link to its B2B meetings (the trip's or a stop's), for accepted
    participants (delegations.hooks)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    found = (MeetingSetup.objects.filter(Q(trip=trip) | Q(stop__trip=trip)).order_by("pk")
             .first())
    return ({"url": reverse("matchmaking:meetings", args=[found.pk]), "label": _("B2B meetings")}
            if found else None)
