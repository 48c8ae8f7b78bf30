"""Who in this room fits me: the participants of an event or trip see the fitting
organisations among the other participants, with the reasons; nobody else sees the page."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, TripFactory
from events.models import Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from matchmaking import services
from matchmaking.tests.conftest import state
from members.models import Organization
from members.tests.factories import OrganizationFactory
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db

# The event's room fit: session, user (with roles and representations, portal.auth), and what
# the page reads of the event, the registration and the candidates.
ROOM_QUERIES = 17
# The trip's: session, user, the trip, the accepted application (with its organisation), the
# stages it states (sought, offered), then the room fit as for events, and the edit right.
TRIP_ROOM_QUERIES = 19


@pytest.fixture
def event():
    return EventFactory(title_de="Netzwerktreffen Zwickau", slug="treffen")


@pytest.fixture
def seated(event, representative, cell_maker):
    """The representative of the cell maker holds a seat, for the cell maker."""
    return RegistrationFactory(event=event, email=representative.email, organisation=cell_maker)


def attend(event, organisation, **fields):
    return RegistrationFactory(event=event, organisation=organisation, **fields)


def test_a_participant_sees_the_fitting_organisations_in_the_room_best_first(
        event, seated, cell_maker, representative, supplier):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])
    state(supplier, offers=["testing"], seeks=["cell-manufacturing"])
    attend(event, supplier)
    materials = OrganizationFactory(name="Anoden AG", stages=["active-materials"])
    attend(event, materials)
    attend(event, OrganizationFactory(name="Kanzlei", stages=["services"]))  # fits nothing
    # A fitting organisation that is not in the room, and one whose person is on the waitlist.
    OrganizationFactory(name="Prüflabor außerhalb", stages=["testing"])
    attend(event, OrganizationFactory(name="Warteliste GmbH", stages=["testing"]),
           status=Registration.Status.WAITLISTED)

    with translation.override("de"):
        room = services.event_room(event, representative)

    assert room.organisation == cell_maker
    assert room.others == 3
    assert [fit.organisation.name for fit in room.fits] == ["Partner AG", "Anoden AG"]
    assert room.fits[0].reason == ("bietet Prüfung, Validierung & Zertifizierung, die Sie "
                                   "suchen; sucht Zellfertigung, die Sie anbieten")


def test_organisations_only_never_the_people(client, event, seated, representative, supplier):
    state(supplier, offers=["testing"])
    attend(event, supplier, name="Sabine Geheim", email="sabine.geheim@example.com")
    client.force_login(representative)

    response = client.get(reverse("matchmaking:event_room", args=[event.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Partner AG" in page
    assert "Sabine Geheim" not in page and "sabine.geheim" not in page


def test_the_event_page_links_the_room_fit_for_seated_participants_only(
        client, event, seated, representative, member):
    url = reverse("matchmaking:event_room", args=[event.slug])
    client.force_login(representative)
    assert url in client.get(event.get_absolute_url()).content.decode()

    client.force_login(member)
    assert url not in client.get(event.get_absolute_url()).content.decode()


def test_a_non_participant_is_refused(client, event, seated, member, supplier):
    attend(event, supplier)
    client.force_login(member)
    response = client.get(reverse("matchmaking:event_room", args=[event.slug]))
    assert response.status_code == 403


def test_a_waitlisted_or_cancelled_person_is_no_participant(client, event, representative,
                                                            cell_maker):
    registration = RegistrationFactory(event=event, email=representative.email,
                                       organisation=cell_maker,
                                       status=Registration.Status.WAITLISTED)
    client.force_login(representative)
    url = reverse("matchmaking:event_room", args=[event.slug])
    assert client.get(url).status_code == 403
    registration.status = Registration.Status.CANCELLED
    registration.save()
    assert client.get(url).status_code == 403


def test_visitors_are_sent_to_log_in_and_drafts_are_not_found(client, event, representative,
                                                              seated):
    url = reverse("matchmaking:event_room", args=[event.slug])
    assert client.get(url).status_code == 302
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    client.force_login(representative)
    assert client.get(url).status_code == 404
    assert client.get(reverse("matchmaking:event_room", args=["gibt-es-nicht"])).status_code == 404


def test_without_a_directory_organisation_the_page_says_so(client, event):
    person = make_user("frei@example.com")
    RegistrationFactory(event=event, email=person.email, organisation=None,
                        organisation_name="Freie Firma")
    client.force_login(person)
    response = client.get(reverse("matchmaking:event_room", args=[event.slug]))
    assert response.status_code == 200
    assert response.context["room"].organisation is None


def test_a_free_text_registration_compares_the_organisation_one_represents(
        event, representative, cell_maker, supplier):
    RegistrationFactory(event=event, email=representative.email, organisation=None)
    state(supplier, offers=["testing"])
    state(cell_maker, seeks=["testing"])
    attend(event, supplier)
    room = services.event_room(event, representative)
    assert room.organisation == cell_maker
    assert [fit.organisation for fit in room.fits] == [supplier]


def test_unpublished_organisations_in_the_room_are_not_shown(event, seated, representative):
    hidden = OrganizationFactory(name="Entwurf GmbH", stages=["testing"],
                                 status=Organization.Status.DRAFT)
    attend(event, hidden)
    room = services.event_room(event, representative)
    assert room.others == 0 and room.fits == []


# Trips ----------------------------------------------------------------------------------------

@pytest.fixture
def trip():
    return TripFactory(title_de="Reise nach Lüttich", slug="luettich")


def test_accepted_trip_participants_see_the_fitting_organisations(client, trip, representative,
                                                                  cell_maker, supplier):
    ApplicationFactory(trip=trip, user=representative, organisation=cell_maker,
                       status=Application.Status.ACCEPTED)
    state(supplier, offers=["testing"])
    state(cell_maker, seeks=["testing"])
    ApplicationFactory(trip=trip, organisation=supplier, status=Application.Status.ACCEPTED)
    # Applied but not accepted: not in the room.
    ApplicationFactory(trip=trip, organisation=OrganizationFactory(stages=["testing"]))
    client.force_login(representative)

    url = reverse("matchmaking:trip_room", args=[trip.slug])
    assert url in client.get(trip.get_absolute_url()).content.decode()
    response = client.get(url)

    assert response.status_code == 200
    assert [fit.organisation for fit in response.context["suggestions"]] == [supplier]


def test_an_applicant_not_yet_accepted_is_refused(client, trip, representative, cell_maker):
    ApplicationFactory(trip=trip, user=representative, organisation=cell_maker)
    client.force_login(representative)
    url = reverse("matchmaking:trip_room", args=[trip.slug])
    assert url not in client.get(trip.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403


# Queries --------------------------------------------------------------------------------------

def test_the_room_fit_page_needs_the_same_queries_for_few_and_many(
        client, event, seated, representative, cell_maker, django_assert_num_queries):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])
    admin = make_user("admin-grow@example.com", role="admin")
    url = reverse("matchmaking:event_room", args=[event.slug])
    client.force_login(representative)

    def grow(count):
        for _ in range(count):
            other = OrganizationFactory(stages=["testing", "modules-packs"])
            state(other, offers=["testing"], seeks=["cell-manufacturing"], by=admin)
            attend(event, other)

    # 1 session, 2 user, 3 the event (without its lists: events.selectors.event_detail), 4 the
    # seat (registration with its organisation); the room fit: 5-6 stages and topics, 7 the
    # chain table, 8-11 one's stages and offers and needs, 12 the room's names, 13-16 their
    # stages, offers and needs, 17 the best as organisations; 18 whether one may edit the
    # offers (represented).
    grow(2)
    cache.clear()
    with django_assert_num_queries(ROOM_QUERIES) as cold:
        response = client.get(url)
    assert len(response.context["suggestions"]) == 2
    grow(30)
    cache.clear()
    with django_assert_num_queries(len(cold.captured_queries)):
        response = client.get(url)
    assert len(response.context["suggestions"]) == 32


def test_the_trip_room_needs_the_same_queries_for_few_and_many(
        client, trip, representative, cell_maker, django_assert_num_queries):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])
    ApplicationFactory(trip=trip, user=representative, organisation=cell_maker,
                       status=Application.Status.ACCEPTED)
    admin = make_user("admin-trip@example.com", role="admin")
    url = reverse("matchmaking:trip_room", args=[trip.slug])
    client.force_login(representative)

    def grow(count):
        for _ in range(count):
            other = OrganizationFactory(stages=["testing"])
            state(other, offers=["testing"], by=admin)
            ApplicationFactory(trip=trip, organisation=other, status=Application.Status.ACCEPTED)

    grow(2)
    cache.clear()
    with django_assert_num_queries(TRIP_ROOM_QUERIES) as cold:
        response = client.get(url)
    assert len(response.context["suggestions"]) == 2
    grow(30)
    cache.clear()
    with django_assert_num_queries(len(cold.captured_queries)):
        response = client.get(url)
    assert len(response.context["suggestions"]) == 32
