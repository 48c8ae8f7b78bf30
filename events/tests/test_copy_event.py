"""Copy an event: a draft with the same texts, organisers, venue, capacity and agenda, without
registrations, titles suffixed, dates unchanged; POST only, for those who manage the event."""

import pytest

from events import history, services
from events.models import Event
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory
from network_portal import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(cluster):
    event = EventFactory(organisers=[cluster], slug="netzwerktreffen-zwickau",
                         title_de="Netzwerktreffen Zwickau", title_en="Network meeting Zwickau",
                         description_de="Zellchemie.", description_en="Cell chemistry.",
                         capacity=40)
    AgendaItemFactory(event=event, title_de="Insel Recycling", capacity=10, position=1)
    AgendaItemFactory(event=event, title_de="Vortrag", capacity=None, position=0)
    RegistrationFactory(event=event)
    return event


def test_copy_is_a_draft_with_texts_organisers_venue_capacity_and_agenda(event, cluster,
                                                                         cluster_manager):
    copy = services.copy_event(event, by=cluster_manager)

    assert copy.pk != event.pk and copy.status == Event.Status.DRAFT
    assert (copy.title_de, copy.title_en) == ("Netzwerktreffen Zwickau (Kopie)",
                                              "Network meeting Zwickau (copy)")
    assert copy.slug == "netzwerktreffen-zwickau-kopie"
    assert (copy.description_de, copy.description_en) == (event.description_de,
                                                          event.description_en)
    assert (copy.venue_name, copy.venue_address, copy.capacity) == (
        event.venue_name, event.venue_address, 40)
    assert (copy.starts_at, copy.ends_at) == (event.starts_at, event.ends_at)
    assert list(copy.organisers.all()) == [cluster]
    assert [(i.title_de, i.capacity, i.seats_taken) for i in copy.agenda_items.all()] == [
        ("Vortrag", None, 0), ("Insel Recycling", 10, 0)]
    assert copy.registrations.count() == 0 and copy.seats_taken == 0
    [entry] = audit.entries_for(copy)
    assert (entry.action, entry.actor) == (history.COPIED, cluster_manager)
    assert entry.data == {"copied_from": event.pk, "copied_from_title": "Netzwerktreffen Zwickau"}
    assert event.registrations.count() == 1 and list(audit.entries_for(event)) == []


def test_second_copy_gets_a_free_address(event, cluster_manager):
    services.copy_event(event, by=cluster_manager)
    assert services.copy_event(event, by=cluster_manager).slug == "netzwerktreffen-zwickau-kopie-2"


def test_copy_refused_to_who_does_not_manage_the_event(event, other_manager):
    with pytest.raises(services.EventChangeRefused):
        services.copy_event(event, by=other_manager)
    assert Event.objects.count() == 1


def test_copy_button_posts_and_opens_the_draft(client, event, cluster_manager):
    client.force_login(cluster_manager)
    assert b'action="/events/netzwerktreffen-zwickau/copy/"' in client.get(
        "/events/netzwerktreffen-zwickau/edit/").content
    assert b'action="/events/netzwerktreffen-zwickau/copy/"' in client.get("/events/manage/").content

    response = client.post("/events/netzwerktreffen-zwickau/copy/")

    assert response.status_code == 302
    assert response["Location"] == "/events/netzwerktreffen-zwickau-kopie/edit/"
    assert Event.objects.get(slug="netzwerktreffen-zwickau-kopie").is_draft
    client.cookies["django_language"] = "en"
    history = client.get(response["Location"]).content.decode()
    assert "created the event as a copy" in history and "of “Netzwerktreffen Zwickau”" in history


def test_copy_is_post_only_and_checks_permission(client, event, other_manager):
    client.force_login(other_manager)
    assert client.get("/events/netzwerktreffen-zwickau/copy/").status_code == 405
    assert client.post("/events/netzwerktreffen-zwickau/copy/").status_code == 403
    assert Event.objects.count() == 1
