"""Pages of the B2B meetings: thin views over matchmaking.meetings (changes) and
matchmaking.meeting_reads (reads); who may see what is matchmaking.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delegations.models import DelegationTrip, ItineraryStop
from events.models import Event
from matchmaking import meeting_reads, meetings, permissions
from matchmaking.meeting_forms import AnswerForm, MoveForm, OptInForm, RequestForm, SetupForm
from matchmaking.models import Meeting, MeetingParticipant, MeetingSetup, MeetingSlot
from network_portal import calendar, links


def _setup(pk) -> MeetingSetup:
    try:
        return meeting_reads.setup(pk)
    except MeetingSetup.DoesNotExist as error:
        raise Http404 from error


def _meeting(pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("setup__event", "setup__trip", "setup__stop", "slot",
                                       "requester__user", "requester__organization",
                                       "invitee__user", "invitee__organization"), pk=pk)


def _back_url(setup: MeetingSetup) -> str:
    if setup.event_id:
        return setup.event.get_absolute_url()
    return setup.trip.get_absolute_url()


# The organisers' settings -------------------------------------------------------------------

def _setup_page(request, setup: MeetingSetup):
    permissions.require(permissions.can_manage_meetings(request.user, setup))
    form = SetupForm(request.POST or None, initial=SetupForm.initial_for(setup))
    if request.method == "POST" and form.is_valid():
        try:
            saved = meetings.save_setup(by=request.user, setup=setup if setup.pk else None,
                                        event=setup.event, trip=setup.trip, stop=setup.stop,
                                        **form.values())
        except meetings.MeetingError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The B2B meetings are saved."))
            return redirect("matchmaking:meetings_grid", saved.pk)
    return render(request, "matchmaking/meetings/setup.html", {
        "setup": setup, "form": form, "back_url": _back_url(setup)})


@login_required
def setup_for_event(request, event_id):
    event = get_object_or_404(Event, pk=event_id)
    setup = MeetingSetup.objects.filter(event=event).first() or MeetingSetup(event=event)
    return _setup_page(request, setup)


@login_required
def setup_for_trip(request, trip_id):
    trip = get_object_or_404(DelegationTrip, pk=trip_id)
    setup = (MeetingSetup.objects.filter(trip=trip, stop=None).first()
             or MeetingSetup(trip=trip))
    return _setup_page(request, setup)


@login_required
def setup_for_stop(request, stop_id):
    stop = get_object_or_404(ItineraryStop.objects.select_related("trip"), pk=stop_id)
    setup = (MeetingSetup.objects.filter(stop=stop).first()
             or MeetingSetup(trip=stop.trip, stop=stop))
    return _setup_page(request, setup)


# The participants ---------------------------------------------------------------------------

@login_required
def overview(request, pk):
    """Sign up; then the other participants, suggestions first, and one's open requests."""
    setup = _setup(pk)
    can_manage = permissions.can_manage_meetings(request.user, setup)
    can_take_part = permissions.can_take_part_in_meetings(request.user, setup)
    permissions.require(can_take_part or can_manage)
    me = meeting_reads.participant_of(setup, request.user)
    initial = {"about": me.about if me else ""}
    if can_take_part and request.method != "POST":
        initial.update(meeting_reads.interests_initial(setup, request.user, me))
    form = OptInForm(request.POST or None, initial=initial)
    if request.method == "POST":
        permissions.require(can_take_part)
        if form.is_valid():
            try:
                meetings.opt_in(setup, by=request.user, about=form.cleaned_data["about"],
                                interests=form.interests())
            except meetings.MeetingError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Your offers and needs for these meetings are "
                                            "saved.") if me else
                                 _("You take part in the B2B meetings. Ask the "
                                   "people you would like to meet."))
            return redirect(setup.get_absolute_url())
    context = {"setup": setup, "me": me, "form": form, "can_manage": can_manage,
               "can_take_part": can_take_part, "back_url": _back_url(setup)}
    if me is not None:
        context["entries"] = meeting_reads.participant_list(setup, me)
        context["requests"] = meeting_reads.requests_for(me)
    return render(request, "matchmaking/meetings/overview.html", context)


def _participant_or_403(request, setup) -> MeetingParticipant:
    permissions.require(permissions.can_take_part_in_meetings(request.user, setup))
    me = meeting_reads.participant_of(setup, request.user)
    if me is None:
        messages.info(request, _("Please sign up for the B2B meetings first."))
    return me


@login_required
def ask(request, pk, participant_pk):
    """Ask another participant for a meeting, with a message (and a slot when booked at once)."""
    setup = _setup(pk)
    me = _participant_or_403(request, setup)
    if me is None:
        return redirect(setup.get_absolute_url())
    invitee = get_object_or_404(MeetingParticipant.objects.select_related("user", "organization"),
                                pk=participant_pk, setup=setup)
    if invitee.pk == me.pk:
        raise Http404
    slots = None
    if not setup.needs_acceptance:
        probe = Meeting(setup=setup, requester=me, invitee=invitee)
        slots = MeetingSlot.objects.filter(
            pk__in=[slot.pk for slot in meeting_reads.free_slots(probe)])
    form = RequestForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.request_meeting(setup, by=request.user, invitee=invitee,
                                               message=form.cleaned_data["message"],
                                               slot=form.cleaned_data.get("slot"))
        except meetings.MeetingError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request has been sent. You will hear by e-mail "
                                        "when they answer.") if setup.needs_acceptance
                             else _("The meeting is booked. It is in your agenda."))
            return redirect(meeting.get_absolute_url())
    return render(request, "matchmaking/meetings/ask.html", {
        "setup": setup, "invitee": invitee, "form": form})


@login_required
def meeting(request, pk):
    """A request or meeting as its two people see it; the invitee accepts in a free slot or
    declines."""
    meeting = _meeting(pk)
    permissions.require(permissions.can_see_meeting(request.user, meeting))
    can_answer = (permissions.can_answer_meeting(request.user, meeting)
                  and meeting.status == Meeting.Status.REQUESTED)
    free = MeetingSlot.objects.filter(
        pk__in=[slot.pk for slot in meeting_reads.free_slots(meeting)]) if can_answer else None
    form = AnswerForm(request.POST or None, slots=free if free is not None
                      else MeetingSlot.objects.none())
    if request.method == "POST":
        permissions.require(permissions.can_answer_meeting(request.user, meeting))
        decision = request.POST.get("decision")
        if decision not in ("accept", "decline"):
            raise Http404
        if decision == "decline" or form.is_valid():
            try:
                meetings.answer_meeting(meeting, by=request.user, accept=decision == "accept",
                                        slot=form.cleaned_data.get("slot")
                                        if decision == "accept" else None)
            except meetings.MeetingError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Accepted: the meeting is in both agendas.")
                                 if decision == "accept"
                                 else _("You declined. The person who asked has been told."))
            return redirect(meeting.get_absolute_url())
    me_is_requester = meeting.requester.user_id == request.user.pk
    return render(request, "matchmaking/meetings/meeting.html", {
        "meeting": meeting, "setup": meeting.setup, "can_answer": can_answer, "form": form,
        "other": meeting.invitee if me_is_requester else meeting.requester,
        "is_party": request.user.pk in (meeting.requester.user_id, meeting.invitee.user_id),
        "can_cancel": permissions.can_cancel_own_meeting(request.user, meeting),
        "can_manage": permissions.can_manage_meetings(request.user, meeting.setup)})


@login_required
def cancel(request, pk):
    """One of the two people cancels their booked meeting; the other is told (POST only)."""
    meeting = _meeting(pk)
    permissions.require(permissions.can_see_meeting(request.user, meeting))
    if request.method != "POST":
        return redirect(meeting.get_absolute_url())
    permissions.require(permissions.can_cancel_own_meeting(request.user, meeting))
    try:
        meetings.cancel_meeting(meeting, by=request.user)
    except meetings.MeetingError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The meeting is cancelled. The other person has been told."))
    return redirect(meeting.get_absolute_url())


def _my_agenda(request, pk):
    setup = _setup(pk)
    me = _participant_or_403(request, setup)
    return setup, me


@login_required
def agenda(request, pk, printing=False):
    setup, me = _my_agenda(request, pk)
    if me is None:
        return redirect(setup.get_absolute_url())
    return render(request, "matchmaking/meetings/agenda_print.html" if printing
                  else "matchmaking/meetings/agenda.html",
                  {"setup": setup, "me": me, "items": meeting_reads.agenda(me)})


@login_required
def agenda_print(request, pk):
    return agenda(request, pk, printing=True)


@login_required
def agenda_ics(request, pk):
    setup, me = _my_agenda(request, pk)
    if me is None:
        raise Http404
    feed = calendar.new_calendar(_("B2B meetings: %(title)s") % {"title": setup.title})
    for item in meeting_reads.agenda(me):
        other = item.other.name + (f" ({item.other.organisation_label})"
                                   if item.other.organisation_label else "")
        calendar.add_entry(
            feed, uid=f"b2b-meeting-{item.meeting.pk}-{me.pk}",
            start=item.meeting.slot.starts_at, end=item.meeting.slot.ends_at,
            summary=_("B2B meeting with %(name)s") % {"name": other},
            location=_("Table %(table)s") % {"table": item.meeting.table},
            url=links.absolute_url(item.meeting.get_absolute_url()),
            description=setup.title, sequence=item.meeting.sequence)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="b2b-{slugify(setup.title)[:60]}'
                                       f'.ics"')
    return response


# The organisers -----------------------------------------------------------------------------

@login_required
def grid(request, pk, printing=False):
    """Slots × tables with the booked meetings, and the figures."""
    setup = _setup(pk)
    permissions.require(permissions.can_manage_meetings(request.user, setup))
    return render(request, "matchmaking/meetings/grid_print.html" if printing
                  else "matchmaking/meetings/grid.html", {
                      "setup": setup, "rows": meeting_reads.grid(setup),
                      "tables": range(1, setup.tables + 1),
                      "figures": meeting_reads.figures(setup), "back_url": _back_url(setup)})


@login_required
def grid_print(request, pk):
    return grid(request, pk, printing=True)


@login_required
def manage(request, pk):
    """An organiser moves a booked meeting (slot, table) or cancels it; both are told."""
    meeting = _meeting(pk)
    permissions.require(permissions.can_manage_meetings(request.user, meeting.setup))
    slots = MeetingSlot.objects.filter(setup=meeting.setup)
    form = MoveForm(request.POST or None, meeting=meeting, slots=slots,
                    initial={"slot": meeting.slot_id, "table": meeting.table})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                meetings.cancel_meeting(meeting, by=request.user)
                messages.success(request, _("The meeting is cancelled. Both have been told."))
                return redirect("matchmaking:meetings_grid", meeting.setup_id)
            if form.is_valid():
                meetings.move_meeting(meeting, by=request.user, slot=form.cleaned_data["slot"],
                                      table=form.cleaned_data["table"])
                messages.success(request, _("The meeting is moved. Both have been told."))
                return redirect("matchmaking:meetings_grid", meeting.setup_id)
        except meetings.MeetingError as error:
            form.add_error(None, error)
    return render(request, "matchmaking/meetings/manage.html", {
        "meeting": meeting, "setup": meeting.setup, "form": form})
