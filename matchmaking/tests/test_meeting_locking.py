"""B2B meetings on PostgreSQL with parallel requests: nobody is booked twice in one slot, no
table is given twice, however many accept at the same moment (matchmaking.meetings locks the
setup row; the partial unique indexes back it up)."""


import pytest

from matchmaking import meetings
from matchmaking.models import Meeting, MeetingSeat
from matchmaking.tests.meeting_helpers import meeting_event, participant, registrant
from network_portal import testing

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HELLO = "Kurzes Kennenlernen am Stand?"



def run_together(*calls):
    return testing.run_together(*calls, refused=meetings.MeetingError)


def _ask(setup, by, invitee):
    return meetings.request_meeting(setup, by=by, invitee=participant(setup, invitee),
                                    message=HELLO)


def test_one_person_accepting_several_requests_in_one_slot_at_once(cluster_manager, cluster):
    setup = meeting_event(cluster_manager, cluster=cluster, tables=10)
    host = registrant(setup, "host@example.com", last_name="Host")
    askers = [registrant(setup, f"asker{n}@example.com", last_name=f"Asker{n}")
              for n in range(4)]
    requests = [_ask(setup, asker, host) for asker in askers]
    slot = setup.slots.first()

    outcomes = run_together(*(
        (lambda meeting=meeting: meetings.answer_meeting(meeting, by=host, accept=True, slot=slot))
        for meeting in requests))

    assert outcomes == ["done", "refused", "refused", "refused"]
    assert MeetingSeat.objects.filter(participant=participant(setup, host), slot=slot,
                                      active=True).count() == 1
    assert Meeting.objects.filter(status=Meeting.Status.ACCEPTED).count() == 1


def test_the_last_table_goes_to_one_pair_only(cluster_manager, cluster):
    setup = meeting_event(cluster_manager, cluster=cluster, tables=2)
    people = [registrant(setup, f"p{n}@example.com", last_name=f"P{n}") for n in range(8)]
    pairs = [(people[n], people[n + 1]) for n in range(0, 8, 2)]
    requests = [(_ask(setup, a, b), b) for a, b in pairs]
    slot = setup.slots.first()

    outcomes = run_together(*(
        (lambda meeting=meeting, by=by: meetings.answer_meeting(meeting, by=by, accept=True,
                                                                slot=slot))
        for meeting, by in requests))

    assert outcomes == ["done", "done", "refused", "refused"]
    booked = Meeting.objects.filter(status=Meeting.Status.ACCEPTED, slot=slot)
    assert sorted(booked.values_list("table", flat=True)) == [1, 2]


def test_crossed_requests_accepted_at_once_book_each_person_once(cluster_manager, cluster):
    """A asks B and C asks A; B and A accept in the same slot at the same moment."""
    setup = meeting_event(cluster_manager, cluster=cluster, tables=5)
    a, b, c = (registrant(setup, f"{name}@example.com", last_name=name) for name in "abc")
    a_to_b, c_to_a = _ask(setup, a, b), _ask(setup, c, a)
    slot = setup.slots.first()

    outcomes = run_together(
        lambda: meetings.answer_meeting(a_to_b, by=b, accept=True, slot=slot),
        lambda: meetings.answer_meeting(c_to_a, by=a, accept=True, slot=slot))

    assert outcomes == ["done", "refused"]
    assert MeetingSeat.objects.filter(participant=participant(setup, a), slot=slot,
                                      active=True).count() == 1


def test_a_double_click_on_accept_books_once_and_mails_once(cluster_manager, cluster):
    from network_portal.models import OutgoingEmail

    setup = meeting_event(cluster_manager, cluster=cluster)
    a, b = registrant(setup, "a@example.com"), registrant(setup, "b@example.com")
    request = _ask(setup, a, b)
    slot = setup.slots.first()

    outcomes = run_together(*[
        lambda: meetings.answer_meeting(request, by=b, accept=True, slot=slot)] * 2)

    assert outcomes == ["done", "refused"]
    assert OutgoingEmail.objects.filter(template="matchmaking_meeting_accepted").count() == 1
