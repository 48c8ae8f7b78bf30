"""B2B meeting pages: who may see and do what, and query counts that do not grow with rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matchmaking import meetings
from matchmaking.models import Meeting
from matchmaking.tests.conftest import state
from matchmaking.tests.meeting_helpers import meeting_event, participant, registrant
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db
HELLO = "Gern 20 Minuten zu Separatoren?"


@pytest.fixture
def setup(cluster_manager, cluster):
    return meeting_event(cluster_manager, cluster=cluster, tables=3)


@pytest.fixture
def anna(setup):
    return registrant(setup, "anna@example.com", first_name="Anna", last_name="Anode")


@pytest.fixture
def bert(setup):
    return registrant(setup, "bert@example.com", first_name="Bert", last_name="Binder")


@pytest.fixture
def request_(setup, anna, bert):
    return meetings.request_meeting(setup, by=anna, invitee=participant(setup, bert),
                                    message=HELLO)


def urls(setup, meeting=None):
    base = f"/matchmaking/meetings/{setup.pk}/"
    pages = [base, base + "agenda/", base + "agenda/print/", base + "agenda.ics"]
    if meeting:
        pages.append(f"/matchmaking/meeting/{meeting.pk}/")
    return pages


def test_a_non_participant_sees_nothing_and_cannot_ask(client, setup, bert, request_):
    outsider = make_user("outsider@example.com")
    client.force_login(outsider)
    for url in urls(setup, request_):
        assert client.get(url).status_code == 403, url
    ask = f"/matchmaking/meetings/{setup.pk}/ask/{participant(setup, bert).pk}/"
    assert client.post(ask, {"message": HELLO}).status_code == 403
    assert client.post(f"/matchmaking/meetings/{setup.pk}/", {"about": "x"}).status_code == 403
    assert Meeting.objects.count() == 1


def test_a_registered_person_not_signed_up_is_sent_to_sign_up(client, setup, bert):
    late = registrant(setup, "late@example.com", opt_in=False)
    client.force_login(late)
    page = client.get(f"/matchmaking/meetings/{setup.pk}/")
    assert page.status_code == 200 and 'name="about"' in page.content.decode()
    ask = f"/matchmaking/meetings/{setup.pk}/ask/{participant(setup, bert).pk}/"
    assert client.post(ask, {"message": HELLO}).status_code == 302
    assert not Meeting.objects.exists()
    assert client.post(f"/matchmaking/meetings/{setup.pk}/", {"about": "Zellchemie"}).status_code \
        == 302
    assert participant(setup, late).about == "Zellchemie"


def test_nobody_accepts_someone_elses_request_by_url(client, setup, anna, request_):
    slot = setup.slots.first()
    carla = registrant(setup, "carla@example.com", last_name="Kathode")
    for person in (anna, carla):  # the requester herself, a third participant
        client.force_login(person)
        response = client.post(f"/matchmaking/meeting/{request_.pk}/",
                               {"decision": "accept", "slot": slot.pk})
        assert response.status_code == 403
    request_.refresh_from_db()
    assert request_.status == Meeting.Status.REQUESTED


def test_the_invitee_accepts_in_a_free_slot(client, setup, bert, request_):
    client.force_login(bert)
    page = client.get(f"/matchmaking/meeting/{request_.pk}/").content.decode()
    assert HELLO in page and 'name="slot"' in page
    slot = setup.slots.all()[1]
    response = client.post(f"/matchmaking/meeting/{request_.pk}/",
                           {"decision": "accept", "slot": slot.pk})
    assert response.status_code == 302
    request_.refresh_from_db()
    assert (request_.status, request_.slot, request_.table) == ("accepted", slot, 1)
    ics = client.get(f"/matchmaking/meetings/{setup.pk}/agenda.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"Anna Anode" in ics.content and b"BEGIN:VEVENT" in ics.content


def test_a_bad_slot_changes_nothing(client, setup, bert, request_, cluster_manager, cluster):
    other = meeting_event(cluster_manager, cluster=cluster, tables=1)
    client.force_login(bert)
    response = client.post(f"/matchmaking/meeting/{request_.pk}/",
                           {"decision": "accept", "slot": other.slots.first().pk})
    assert response.status_code == 200  # the form again, with the message
    assert "nicht mehr frei" in response.content.decode()  # German: the default language
    request_.refresh_from_db()
    assert request_.status == Meeting.Status.REQUESTED


def test_only_organisers_see_the_grid_and_move(client, setup, anna, bert, request_,
                                               cluster_manager, other_manager):
    meetings.answer_meeting(request_, by=bert, accept=True, slot=setup.slots.first())
    grid = f"/matchmaking/meetings/{setup.pk}/grid/"
    manage = f"/matchmaking/meeting/{request_.pk}/manage/"
    for person in (anna, other_manager):
        client.force_login(person)
        assert client.get(grid).status_code == 403
        assert client.post(manage, {"action": "cancel"}).status_code == 403
    client.force_login(cluster_manager)
    page = client.get(grid).content.decode()
    assert "Anna Anode – Bert Binder" in page
    assert client.get(grid + "print/").status_code == 200
    response = client.post(manage, {"action": "move", "slot": setup.slots.last().pk,
                                    "table": 3})
    assert response.status_code == 302
    request_.refresh_from_db()
    assert (request_.slot, request_.table) == (setup.slots.last(), 3)


def test_the_organiser_sets_meetings_up_by_form(client, cluster, cluster_manager):
    from events.tests.factories import EventFactory

    event = EventFactory(organisers=[cluster])
    client.force_login(cluster_manager)
    url = f"/matchmaking/meetings/event/{event.pk}/setup/"
    assert client.get(url).status_code == 200
    day = event.starts_at.date().isoformat()
    bad = client.post(url, {"slot_minutes": 20, "tables": 5, "needs_acceptance": "on",
                            "expiry_hours": 24, "is_open": "on", "block_1_date": day,
                            "block_1_start": "12:00", "block_1_end": "11:00"})
    assert bad.status_code == 200  # the form again, with the message
    from matchmaking.models import MeetingSetup

    assert not MeetingSetup.objects.filter(event=event).exists()
    good = client.post(url, {"slot_minutes": 20, "tables": 5, "needs_acceptance": "on",
                             "expiry_hours": 24, "is_open": "on", "block_1_date": day,
                             "block_1_start": "10:00", "block_1_end": "11:00"})
    assert good.status_code == 302
    setup = MeetingSetup.objects.get(event=event)
    assert setup.slots.count() == 3 and setup.tables == 5
    member = make_user("m@example.com")
    client.force_login(member)
    assert client.get(url).status_code == 403


# Query counts ---------------------------------------------------------------------------------

def count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _crowd(setup, start, n, organisation_state=True):
    people = []
    for i in range(start, start + n):
        person = registrant(setup, f"crowd{i}@example.com", last_name=f"Crowd{i}")
        if organisation_state:
            state(participant(setup, person).organization, offers=["cell-manufacturing"],
                  seeks=["recycling"])
        people.append(person)
    return people


def test_the_participant_list_needs_the_same_queries_for_few_and_many(client, setup, anna):
    state(participant(setup, anna).organization, offers=["recycling"],
          seeks=["cell-manufacturing"])
    client.force_login(anna)
    url = f"/matchmaking/meetings/{setup.pk}/"
    people = _crowd(setup, 0, 2)
    meetings.request_meeting(setup, by=people[0], invitee=participant(setup, anna),
                             message=HELLO)
    few = count(client, url)
    more = _crowd(setup, 2, 25)
    for person in more[:5]:
        meetings.request_meeting(setup, by=person, invitee=participant(setup, anna),
                                 message=HELLO)
    assert count(client, url) == few
    page = client.get(url).content.decode()
    assert "die Sie suchen" in page  # the suggestions' reasons (German: the default language)


def test_the_grid_and_agenda_need_the_same_queries_for_few_and_many(client, setup,
                                                                     cluster_manager):
    people = _crowd(setup, 0, 4, organisation_state=False)
    host = people[0]

    def book(askers, slot_index):
        for n, person in enumerate(askers):
            meeting = meetings.request_meeting(setup, by=person, invitee=participant(setup, host),
                                               message=HELLO)
            meetings.answer_meeting(meeting, by=host, accept=True,
                                    slot=setup.slots.all()[slot_index + n])

    book(people[1:2], 0)
    client.force_login(cluster_manager)
    grid = f"/matchmaking/meetings/{setup.pk}/grid/"
    few_grid = count(client, grid)
    client.force_login(host)
    agenda = f"/matchmaking/meetings/{setup.pk}/agenda/"
    few_agenda = count(client, agenda)
    book(people[2:4], 1)
    assert count(client, agenda) == few_agenda
    client.force_login(cluster_manager)
    assert count(client, grid) == few_grid


def test_the_event_page_links_the_meetings_for_seated_people_only(client, setup, anna):
    page = f"/events/{setup.event.slug}/"
    meetings_url = f"/matchmaking/meetings/{setup.pk}/"
    client.force_login(anna)
    assert meetings_url in client.get(page).content.decode()
    client.force_login(make_user("outsider@example.com"))
    assert meetings_url not in client.get(page).content.decode()
