"""Staff create and edit events (the form with its agenda, the manage list), and who may."""

import pytest
from django.utils import timezone

from events import services
from events.models import AgendaItem, Event, Registration
from events.tests.factories import EventFactory, attendee, event_data

pytestmark = pytest.mark.django_db


def test_a_cluster_manager_creates_an_event_of_their_cluster(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = client.post("/events/new/", event_data(cluster))

    event = Event.objects.get(slug="netzwerktreffen-fruehjahr")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert list(event.organisers.all()) == [cluster]
    assert timezone.localtime(event.starts_at).hour == 14
    assert [(i.title_de, i.capacity) for i in event.agenda_items.all()] == [("Energie", 20)]


def test_a_cluster_manager_cannot_create_for_another_cluster(client, cluster_manager, other_cluster):
    client.force_login(cluster_manager)

    response = client.post("/events/new/", event_data(other_cluster))

    assert response.status_code == 200
    assert not Event.objects.exists()


@pytest.mark.parametrize("persona, status", [
    (None, 302), ("member", 403), ("cluster_manager", 200), ("economic_development", 200),
    ("admin_user", 200),
])
def test_who_may_open_the_create_form(client, request, persona, status):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    assert client.get("/events/new/").status_code == status


@pytest.mark.parametrize("persona, status", [
    ("member", 403), ("other_manager", 403), ("cluster_manager", 200),
    ("economic_development", 200), ("admin_user", 200),
])
def test_who_may_edit_an_event(client, request, event, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(f"/events/{event.slug}/edit/").status_code == status
    assert client.get(f"/events/{event.slug}/outbox/").status_code == status


def test_raising_the_capacity_in_the_form_promotes_the_waitlist(client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], capacity=1, slug="netzwerktreffen-fruehjahr")
    services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    client.force_login(cluster_manager)

    client.post(f"/events/{event.slug}/edit/", event_data(
        cluster, capacity="2", **{"agenda-TOTAL_FORMS": "0"}))

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_the_manage_list_shows_only_my_clusters_events(client, event, other_cluster, cluster_manager):
    EventFactory(title_de="Fremdes Treffen", organisers=[other_cluster])
    client.force_login(cluster_manager)

    text = client.get("/events/manage/").content.decode()

    assert event.title_de in text and "Fremdes Treffen" not in text


def test_agenda_items_can_be_deleted_in_the_form(client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], slug="netzwerktreffen-fruehjahr")
    item = AgendaItem.objects.create(event=event, title_de="Alt", position=1)
    client.force_login(cluster_manager)

    client.post(f"/events/{event.slug}/edit/", event_data(cluster, **{
        "agenda-TOTAL_FORMS": "1", "agenda-INITIAL_FORMS": "1", "agenda-0-id": str(item.pk),
        "agenda-0-event": str(event.pk), "agenda-0-title_de": "Alt", "agenda-0-position": "1",
        "agenda-0-kind": "talk", "agenda-0-DELETE": "on"}))

    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_form_refuses_a_capacity_below_the_seats_taken_and_keeps_everything(
        client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], capacity=3, slug="netzwerktreffen-fruehjahr",
                         title_de="Alter Titel")
    for n in range(3):
        services.register(event, attendee(n))
    client.force_login(cluster_manager)

    response = client.post(f"/events/{event.slug}/edit/", event_data(cluster, capacity="2"))

    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "3 Personen haben bereits einen Platz, daher kann die Kapazität nicht unter 3 liegen. "
        "Stornieren Sie zuerst Anmeldungen, wenn Plätze wegfallen müssen."]
    event.refresh_from_db()
    assert (event.capacity, event.title_de) == (3, "Alter Titel")  # nothing saved
    assert not event.agenda_items.exists()
    assert event.registrations.filter(status="confirmed").count() == 3


def test_the_form_refuses_to_delete_an_agenda_item_people_chose(client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], slug="netzwerktreffen-fruehjahr")
    item = AgendaItem.objects.create(event=event, title_de="Gewählt", position=1)
    services.register(event, attendee(1), agenda_items=[item])
    client.force_login(cluster_manager)

    response = client.post(f"/events/{event.slug}/edit/", event_data(cluster, **{
        "agenda-TOTAL_FORMS": "1", "agenda-INITIAL_FORMS": "1", "agenda-0-id": str(item.pk),
        "agenda-0-event": str(event.pk), "agenda-0-title_de": "Gewählt", "agenda-0-position": "1",
        "agenda-0-kind": "talk", "agenda-0-DELETE": "on"}))

    assert response.status_code == 200
    assert "„Gewählt“ wurde von angemeldeten Personen gewählt" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("persona, status", [(None, 302), ("member", 403), ("other_manager", 403)])
def test_others_cannot_change_an_event_by_posting(client, request, cluster, persona, status):
    event = EventFactory(organisers=[cluster], slug="netzwerktreffen-fruehjahr", title_de="Alt")
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.post(f"/events/{event.slug}/edit/", event_data(cluster, title_de="Gekapert"))

    assert response.status_code == status
    event.refresh_from_db()
    assert event.title_de == "Alt"


def test_a_member_cannot_create_an_event_by_posting(client, cluster, member):
    client.force_login(member)

    assert client.post("/events/new/", event_data(cluster)).status_code == 403
    assert not Event.objects.exists()


def test_another_clusters_draft_stays_hidden(client, cluster, other_manager):
    event = EventFactory(organisers=[cluster], status=Event.Status.DRAFT)
    client.force_login(other_manager)

    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/events/{event.slug}/register/").status_code == 404


@pytest.mark.parametrize("slug", ["manage", "new", "registration"])
def test_an_address_taken_by_a_portal_page_is_refused(client, cluster, cluster_manager, slug):
    client.force_login(cluster_manager)

    response = client.post("/events/new/", event_data(cluster, slug=slug))

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_manage_list_puts_upcoming_events_first_and_past_ones_apart(client, cluster,
                                                                        cluster_manager):
    from datetime import timedelta

    EventFactory(title_de="Kommendes Treffen", organisers=[cluster])
    EventFactory(title_de="Vergangenes Treffen", organisers=[cluster],
                 starts_at=timezone.now() - timedelta(days=30),
                 ends_at=timezone.now() - timedelta(days=30, hours=-3))
    client.force_login(cluster_manager)

    text = client.get("/events/manage/").content.decode()

    upcoming, past = text.split('id="manage-upcoming"')[1].split('id="manage-past"')
    assert "Kommendes Treffen" in upcoming and "Vergangenes Treffen" not in upcoming
    assert "Vergangenes Treffen" in past


def test_my_portal_lists_the_events_one_manages_with_what_waits(client, cluster, cluster_manager,
                                                                member):
    from datetime import timedelta

    soon = timezone.now() + timedelta(days=10)
    EventFactory(title_de="Volles Treffen", organisers=[cluster], capacity=1,
                 starts_at=soon + timedelta(days=10), ends_at=soon + timedelta(days=10, hours=3))
    EventFactory(title_de="Entwurfstreffen", organisers=[cluster], status=Event.Status.DRAFT,
                 starts_at=soon, ends_at=soon + timedelta(hours=3))
    full = Event.objects.get(title_de="Volles Treffen")
    services.register(full, attendee(1))
    services.register(full, attendee(2))
    client.force_login(cluster_manager)

    text = client.get("/my/").content.decode()
    section = text.split('id="my-managed-events"')[1]

    assert "Entwurfstreffen" in section and "Entwurf: noch nicht veröffentlicht" in section
    assert "Volles Treffen" in section and "1 von 1 Plätzen" in section
    assert "1 wartet auf einen Platz" in section
    assert section.index("Entwurfstreffen") < section.index("Volles Treffen")  # soonest first
    client.force_login(member)
    assert 'id="my-managed-events"' not in client.get("/my/").content.decode()
