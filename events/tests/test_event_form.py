"""Creating an event as organisers expect (issue 14): the address proposed from the title, a
"Publish" button, and messages that say what happened."""

import pytest

from events import services
from events.models import Event
from events.tests.factories import EventFactory, event_data

pytestmark = pytest.mark.django_db


def create(client, cluster, **fields):
    return client.post("/events/new/", event_data(cluster, **fields), follow=True)


def test_an_empty_address_is_proposed_from_the_german_title(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    create(client, cluster, slug="", title_de="Netzwerktreffen Übergänge 2027")

    assert Event.objects.get().slug == "netzwerktreffen-uebergaenge-2027"


def test_a_taken_address_gets_a_number_and_a_portal_page_is_never_proposed(client, cluster,
                                                                         cluster_manager):
    EventFactory(slug="netzwerktreffen-fruehjahr")
    client.force_login(cluster_manager)

    create(client, cluster, slug="", title_de="Netzwerktreffen Frühjahr")

    assert Event.objects.filter(slug="netzwerktreffen-fruehjahr-2").exists()
    assert services.free_slug("New") == "new-2" and services.free_slug("Manage") == "manage-2"
    assert services.free_slug("!!!") == "veranstaltung"


def test_an_address_typed_by_hand_is_kept(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    create(client, cluster, slug="mein-treffen")

    assert Event.objects.get().slug == "mein-treffen"


def test_saving_a_draft_says_so(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = create(client, cluster, status="draft", save="")

    assert Event.objects.get().is_draft
    assert "als Entwurf gespeichert" in response.content.decode()


def test_the_publish_button_publishes_a_draft_and_says_so(client, cluster, cluster_manager):
    client.force_login(cluster_manager)
    create(client, cluster, status="draft")
    event = Event.objects.get()
    assert "Veröffentlichen" in client.get(f"/events/{event.slug}/edit/").content.decode()

    response = client.post(f"/events/{event.slug}/edit/",
                           event_data(cluster, slug=event.slug, status="draft", publish=""),
                           follow=True)

    event.refresh_from_db()
    assert event.is_published
    assert "ist veröffentlicht" in response.content.decode()


def test_saving_a_published_event_says_saved_and_offers_no_publish_button(client, cluster,
                                                                         cluster_manager):
    client.force_login(cluster_manager)
    create(client, cluster)
    event = Event.objects.get()

    assert "Veröffentlichen" not in client.get(f"/events/{event.slug}/edit/").content.decode()
    response = client.post(f"/events/{event.slug}/edit/", event_data(cluster, slug=event.slug),
                           follow=True)
    assert "Die Veranstaltung ist gespeichert." in response.content.decode()
