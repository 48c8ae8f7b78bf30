"""B2B meetings: setting them up, opting in, requests, answers in a slot, expiry, the organisers'
moves and cancellations, and the database rules behind "never twice in one slot"."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Registration
from matchmaking import meeting_reads, meetings
from matchmaking.models import Meeting, MeetingSeat
from matchmaking.tests.meeting_helpers import (
    block_times,
    meeting_event,
    participant,
    registrant,
)
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db
HELLO = "Wir suchen Partner für Zellprüfung – 20 Minuten am Stand?"


@pytest.fixture
def setup(cluster_manager, cluster):
    return meeting_event(cluster_manager, cluster=cluster, tables=2)


@pytest.fixture
def anna(setup):
    return registrant(setup, "anna@example.com", first_name="Anna", last_name="Anode")


@pytest.fixture
def bert(setup):
    return registrant(setup, "bert@example.com", first_name="Bert", last_name="Binder",
                      language="en")


@pytest.fixture
def carla(setup):
    return registrant(setup, "carla@example.com", first_name="Carla", last_name="Kathode")


def _ask(setup, by, invitee_user, **kwargs):
    return meetings.request_meeting(setup, by=by, invitee=participant(setup, invitee_user),
                                    message=HELLO, **kwargs)


def test_setup_cuts_blocks_into_slots(setup):
    assert setup.slots.count() == 4  # two hours of 30-minute slots
    assert setup.needs_acceptance and setup.tables == 2


def test_only_the_organisers_switch_meetings_on(member, cluster):
    from events.tests.factories import EventFactory

    with pytest.raises(meetings.MeetingError):
        meetings.save_setup(by=member, event=EventFactory(organisers=[cluster]), slot_minutes=20,
                            tables=2, needs_acceptance=True, expiry_hours=24,
                            blocks=[block_times()])


def test_overlapping_or_short_blocks_are_refused(setup, cluster_manager):
    start, end = block_times()
    for blocks in ([(start, end), (end - timedelta(minutes=30), end + timedelta(hours=1))],
                   [(start, start + timedelta(minutes=10))], []):
        with pytest.raises(meetings.MeetingError):
            meetings.save_setup(by=cluster_manager, setup=setup, slot_minutes=30, tables=2,
                                needs_acceptance=True, expiry_hours=48, blocks=blocks)
    assert setup.slots.count() == 4


def test_only_confirmed_registrants_opt_in(setup, member):
    with pytest.raises(meetings.MeetingError):
        meetings.opt_in(setup, by=member)
    waiting = registrant(setup, "wait@example.com", opt_in=False,
                         status=Registration.Status.WAITLISTED)
    with pytest.raises(meetings.MeetingError):
        meetings.opt_in(setup, by=waiting)
    assert setup.participants.count() == 0


def test_request_mails_the_invitee_in_their_language(setup, anna, bert):
    meeting = _ask(setup, anna, bert)
    assert meeting.status == Meeting.Status.REQUESTED
    email = OutgoingEmail.objects.get(template="matchmaking_meeting_requested")
    assert email.to == "bert@example.com" and email.language == "en"
    assert "Anna Anode" in email.body_text and HELLO in email.body_text
    assert "meeting" in email.subject.lower()


def test_a_second_open_request_between_the_same_two_is_refused(setup, anna, bert):
    _ask(setup, anna, bert)
    with pytest.raises(meetings.MeetingError):
        _ask(setup, bert, anna)


def test_accept_books_a_slot_and_the_lowest_free_table(setup, anna, bert):
    meeting = _ask(setup, anna, bert)
    slot = setup.slots.first()
    meetings.answer_meeting(meeting, by=bert, accept=True, slot=slot)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.slot, meeting.table) == (Meeting.Status.ACCEPTED, slot, 1)
    assert MeetingSeat.objects.filter(meeting=meeting, active=True).count() == 2
    email = OutgoingEmail.objects.get(template="matchmaking_meeting_accepted")
    assert email.to == "anna@example.com" and email.language == "de"
    assert "Tisch 1" in email.body_text  # in her language, German


def test_the_requester_cannot_accept_their_own_request(setup, anna, bert):
    meeting = _ask(setup, anna, bert)
    with pytest.raises(meetings.MeetingError):
        meetings.answer_meeting(meeting, by=anna, accept=True, slot=setup.slots.first())
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.REQUESTED


def test_a_person_busy_in_a_slot_cannot_get_a_second_meeting_there(setup, anna, bert, carla):
    slot = setup.slots.first()
    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True, slot=slot)
    second = _ask(setup, carla, bert)
    with pytest.raises(meetings.MeetingError):
        meetings.answer_meeting(second, by=bert, accept=True, slot=slot)
    assert [s.pk for s in meeting_reads.free_slots(second)] == \
        [s.pk for s in setup.slots.all()[1:]]
    second.refresh_from_db()
    assert second.status == Meeting.Status.REQUESTED


def test_full_tables_close_a_slot(cluster_manager, cluster):
    setup = meeting_event(cluster_manager, cluster=cluster, tables=1)
    a, b, c, d = (registrant(setup, f"p{n}@example.com", last_name=f"P{n}") for n in range(4))
    slot = setup.slots.first()
    meetings.answer_meeting(_ask(setup, a, b), by=b, accept=True, slot=slot)
    other = _ask(setup, c, d)
    with pytest.raises(meetings.MeetingError):
        meetings.answer_meeting(other, by=d, accept=True, slot=slot)
    assert slot not in meeting_reads.free_slots(other)


def test_decline_tells_the_requester(setup, anna, bert):
    meeting = meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=False)
    assert meeting.status == Meeting.Status.DECLINED
    assert OutgoingEmail.objects.get(template="matchmaking_meeting_declined").to == \
        "anna@example.com"


def test_an_expired_request_cannot_be_accepted(setup, anna, bert):
    meeting = _ask(setup, anna, bert)
    later = timezone.now() + timedelta(hours=49)
    with pytest.raises(meetings.MeetingError):
        meetings.answer_meeting(meeting, by=bert, accept=True, slot=setup.slots.first(),
                                now=later)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.EXPIRED
    assert OutgoingEmail.objects.filter(template="matchmaking_meeting_expired").count() == 1


def test_the_periodic_job_expires_requests_once(setup, anna, bert):
    meeting = _ask(setup, anna, bert)
    later = timezone.now() + timedelta(hours=49)
    assert meetings.expire_due_requests(now=later) == 1
    assert meetings.expire_due_requests(now=later) == 0
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.EXPIRED


def test_a_request_expires_at_the_last_slot_at_the_latest(cluster_manager, cluster):
    setup = meeting_event(cluster_manager, cluster=cluster, expiry_hours=24 * 30)
    a, b = registrant(setup, "a@example.com"), registrant(setup, "b@example.com")
    meeting = _ask(setup, a, b)
    assert meeting.expires_at == setup.slots.last().starts_at


def test_without_acceptance_a_request_is_booked_at_once(cluster_manager, cluster):
    setup = meeting_event(cluster_manager, cluster=cluster, needs_acceptance=False)
    a, b = registrant(setup, "a@example.com"), registrant(setup, "b@example.com")
    with pytest.raises(meetings.MeetingError):
        _ask(setup, a, b)  # no slot chosen
    assert not Meeting.objects.exists()
    meeting = _ask(setup, a, b, slot=setup.slots.last())
    assert meeting.status == Meeting.Status.ACCEPTED
    assert OutgoingEmail.objects.filter(template="matchmaking_meeting_booked").count() == 2


def test_organisers_move_and_cancel_and_both_are_told(setup, anna, bert, cluster_manager):
    first, second = list(setup.slots.all()[:2])
    meeting = meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True, slot=first)
    meetings.move_meeting(meeting, by=cluster_manager, slot=second, table=2)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table) == (second, 2)
    assert set(MeetingSeat.objects.filter(meeting=meeting).values_list("slot", flat=True)) == \
        {second.pk}
    assert sorted(OutgoingEmail.objects.filter(template="matchmaking_meeting_moved")
                  .values_list("to", flat=True)) == ["anna@example.com", "bert@example.com"]
    meetings.cancel_meeting(meeting, by=cluster_manager)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert not MeetingSeat.objects.filter(meeting=meeting, active=True).exists()
    assert OutgoingEmail.objects.filter(template="matchmaking_meeting_cancelled").count() == 2


def test_participants_cannot_move_nor_cancel_an_open_request(setup, anna, bert):
    request = _ask(setup, anna, bert)
    with pytest.raises(meetings.MeetingError):
        meetings.cancel_meeting(request, by=anna)  # an open request is answered, not cancelled
    meeting = meetings.answer_meeting(request, by=bert, accept=True, slot=setup.slots.first())
    with pytest.raises(meetings.MeetingError):
        meetings.move_meeting(meeting, by=bert, slot=setup.slots.last())


def test_a_booked_slot_cannot_be_removed_by_an_edit(setup, anna, bert, cluster_manager):
    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True,
                            slot=setup.slots.last())
    start, _end = block_times()
    with pytest.raises(meetings.MeetingError):
        meetings.save_setup(by=cluster_manager, setup=setup, slot_minutes=30, tables=2,
                            needs_acceptance=True, expiry_hours=48,
                            blocks=[(start, start + timedelta(hours=1))])
    with pytest.raises(meetings.MeetingError):
        meetings.save_setup(by=cluster_manager, setup=setup, slot_minutes=30, tables=0,
                            needs_acceptance=True, expiry_hours=48, blocks=[block_times()])
    # Longer blocks keep the booked slots.
    meetings.save_setup(by=cluster_manager, setup=setup, slot_minutes=30, tables=2,
                        needs_acceptance=True, expiry_hours=48, blocks=[block_times(hours=3)])
    assert setup.slots.count() == 6


def test_figures(setup, anna, bert, carla):
    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True,
                            slot=setup.slots.first())
    meetings.answer_meeting(_ask(setup, carla, bert), by=bert, accept=False)
    _ask(setup, carla, anna)
    figures = meeting_reads.figures(setup)
    assert (figures["requested"], figures["accepted"], figures["declined"], figures["waiting"],
            figures["participants"]) == (3, 1, 1, 1, 3)
    later = meeting_reads.figures(setup, now=timezone.now() + timedelta(days=30))
    assert later["held"] == 1


def test_reminders_go_once_a_day_before_the_block(setup, anna, bert):
    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True,
                            slot=setup.slots.first())
    block = setup.blocks.get()
    assert meetings.send_due_reminders() == 0  # ten days ahead
    day_before = block.starts_at - timedelta(hours=20)
    assert meetings.send_due_reminders(now=day_before) == 2
    assert meetings.send_due_reminders(now=day_before) == 0
    mails = OutgoingEmail.objects.filter(template="matchmaking_meeting_reminder")
    assert sorted(mails.values_list("language", flat=True)) == ["de", "en"]


# The database rules, when something slips past the services -------------------------------

def test_the_database_refuses_a_person_twice_in_one_slot(setup, anna, bert, carla):
    slot = setup.slots.first()
    meeting = meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True, slot=slot)
    other = Meeting.objects.create(setup=setup, requester=participant(setup, carla),
                                   invitee=participant(setup, bert), message="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSeat.objects.create(meeting=other, participant=participant(setup, bert),
                                   slot=slot)
    assert meeting.pk


def test_the_database_refuses_a_table_twice_in_one_slot(setup, anna, bert, carla):
    slot = setup.slots.first()
    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True, slot=slot)
    dora = registrant(setup, "dora@example.com", last_name="Dora")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(setup=setup, requester=participant(setup, carla),
                               invitee=participant(setup, dora), message="x", slot=slot,
                               table=1, status=Meeting.Status.ACCEPTED)


def test_cancelled_meetings_free_their_table_in_the_database(setup, anna, bert, carla,
                                                             cluster_manager):
    slot = setup.slots.first()
    meeting = meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True, slot=slot)
    meetings.cancel_meeting(meeting, by=cluster_manager)
    again = meetings.answer_meeting(_ask(setup, carla, bert), by=bert, accept=True, slot=slot)
    assert (again.slot, again.table) == (slot, 1)


def test_trip_meetings_are_for_accepted_applicants(economic_development):
    from delegations.models import Application
    from delegations.tests.factories import ApplicationFactory, StopFactory

    stop = StopFactory()
    setup = meetings.save_setup(by=economic_development, stop=stop, slot_minutes=20, tables=4,
                                needs_acceptance=True, expiry_hours=24, blocks=[block_times()])
    assert setup.trip == stop.trip
    accepted = ApplicationFactory(trip=stop.trip, status=Application.Status.ACCEPTED)
    waiting = ApplicationFactory(trip=stop.trip, status=Application.Status.WAITLISTED)
    assert meetings.opt_in(setup, by=accepted.user).organization == accepted.organisation
    with pytest.raises(meetings.MeetingError):
        meetings.opt_in(setup, by=waiting.user)
    outsider = make_user("outsider@example.com")
    with pytest.raises(meetings.MeetingError):
        meetings.opt_in(setup, by=outsider)


def test_beat_and_run_periodic_name_the_meeting_tasks(settings):
    from django.utils.module_loading import import_string

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("matchmaking.tasks.expire_meeting_requests",
                 "matchmaking.tasks.send_meeting_reminders"):
        assert name in tasks
        assert import_string(name).run() == 0  # nothing due


def test_the_hosts_representatives_meet_the_delegation(economic_development):
    from delegations.models import Application
    from delegations.tests.factories import ApplicationFactory, StopFactory
    from members.tests.factories import OrganizationFactory, RepresentativeFactory

    host = OrganizationFactory(name="Gastgeber GmbH")
    stop = StopFactory(host=host)
    setup = meetings.save_setup(by=economic_development, stop=stop, slot_minutes=20, tables=4,
                                needs_acceptance=True, expiry_hours=24, blocks=[block_times()])
    representative = make_user("host@example.com")
    RepresentativeFactory(user=representative, organization=host)
    delegate = ApplicationFactory(trip=stop.trip, status=Application.Status.ACCEPTED)
    assert meetings.opt_in(setup, by=representative).organization == host
    meetings.opt_in(setup, by=delegate.user)
    meeting = meetings.request_meeting(setup, by=delegate.user,
                                       invitee=participant(setup, representative), message=HELLO)
    assert meetings.answer_meeting(meeting, by=representative, accept=True,
                                   slot=setup.slots.first()).status == Meeting.Status.ACCEPTED


def test_deleting_the_event_takes_its_meetings(setup, anna, bert):
    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True,
                            slot=setup.slots.first())
    setup.event.delete()
    assert not Meeting.objects.exists() and not MeetingSeat.objects.exists()


def test_erasing_a_person_takes_their_meetings(setup, anna, bert, carla):
    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True,
                            slot=setup.slots.first())
    _ask(setup, carla, anna)
    anna.delete()
    assert not Meeting.objects.exists()
    assert setup.participants.count() == 2


def test_the_data_download_holds_ones_meetings(setup, anna, bert):
    from matchmaking import privacy

    meetings.answer_meeting(_ask(setup, anna, bert), by=bert, accept=True,
                            slot=setup.slots.first())
    [entry] = privacy.export(anna)["b2b_meetings"]
    assert entry["for"] == setup.title
    [meeting] = entry["meetings"]
    assert (meeting["asked_by_me"], meeting["with"], meeting["message"], meeting["table"]) == \
        (True, "Bert Binder", HELLO, 1)
    privacy.erase(anna)
    assert not Meeting.objects.exists() and setup.participants.count() == 1
