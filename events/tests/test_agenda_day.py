"""The agenda as the day runs: times, rooms, slots of discussion islands (one each)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from events import services
from events.models import AgendaItem, Registration, agenda_slots
from events.tests.factories import (
    AgendaItemFactory,
    assert_counters_match,
    attendee,
    event_data,
    register_data,
)

pytestmark = pytest.mark.django_db


def day(event):
    """A plenary talk, two islands at 14:00 (one with 1 seat), a workshop with seats."""
    two = (event.starts_at + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    talk = AgendaItemFactory(event=event, kind=AgendaItem.Kind.TALK, title_de="Begrüßung",
                             starts_at=event.starts_at, room="Saal")
    recycling = AgendaItemFactory(event=event, title_de="Recycling", starts_at=two,
                                  ends_at=two + timedelta(hours=1), room="Raum 1", capacity=1)
    cells = AgendaItemFactory(event=event, title_de="Zellchemie", starts_at=two,
                              ends_at=two + timedelta(hours=1), room="Raum 2")
    workshop = AgendaItemFactory(event=event, kind=AgendaItem.Kind.PANEL, title_de="Werkstatt",
                                 starts_at=two + timedelta(hours=1), capacity=10)
    return talk, recycling, cells, workshop


def test_islands_at_the_same_time_form_one_slot(event):
    talk, recycling, cells, workshop = day(event)
    slots = agenda_slots(event.agenda_items.all())
    assert [[item.title_de for item in slot.items] for slot in slots] == [
        ["Begrüßung"], ["Recycling", "Zellchemie"], ["Werkstatt"]]
    assert slots[1].is_islands and slots[1].ends_at == recycling.ends_at


def test_the_form_offers_one_island_per_slot_and_no_plenary_checkbox(client, member, event):
    talk, recycling, cells, workshop = day(event)
    client.force_login(member)

    form = client.get(f"/events/{event.slug}/register/").context["form"]

    slot = form.fields[f"slot_{recycling.pk}"]
    assert [label for _value, label in slot.choices] == [
        "Recycling (Raum 1, begrenzte Plätze)", "Zellchemie (Raum 2)", "Keine davon"]
    assert slot.label.startswith("Gesprächsinseln") and "eine wählen" in slot.label
    assert list(form.fields["agenda_items"].queryset) == [workshop]  # not the plenary talk
    page = client.get(f"/events/{event.slug}/register/").content.decode()
    assert "Gesprächsinsel: " not in page


def test_choosing_an_island_in_a_slot(client, member, event):
    talk, recycling, cells, workshop = day(event)
    client.force_login(member)

    client.post(f"/events/{event.slug}/register/", register_data(**{
        f"slot_{recycling.pk}": cells.pk, "agenda_items": [workshop.pk]}))

    registration = Registration.objects.get()
    assert set(registration.agenda_items.all()) == {cells, workshop}
    assert_counters_match(event)


def test_an_island_of_another_slot_is_not_a_choice(client, member, event):
    talk, recycling, cells, workshop = day(event)
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data(**{
        f"slot_{recycling.pk}": talk.pk}))

    assert response.status_code == 200 and not Registration.objects.exists()


def test_the_service_refuses_two_islands_of_one_slot(event):
    talk, recycling, cells, workshop = day(event)
    with pytest.raises(services.RegistrationError) as refused:
        services.register(event, attendee(), agenda_items=[recycling, cells])
    assert refused.value.code == "one_island_per_slot"
    assert not Registration.objects.exists()


def test_island_seats_are_still_counted_under_the_lock(event):
    talk, recycling, cells, workshop = day(event)
    first = services.register(event, attendee(1), agenda_items=[recycling])
    second = services.register(event, attendee(2), agenda_items=[recycling])
    assert first.agenda_choices.get().status == "confirmed"
    assert second.agenda_choices.get().status == "waitlisted"
    recycling.refresh_from_db()
    assert recycling.seats_taken == 1
    assert_counters_match(event)


def test_the_event_page_shows_the_day(client, event):
    day(event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Programm" in page and "Raum 1" in page and "Saal" in page
    assert "zur selben Zeit" in page
    assert "Gesprächsinsel: " not in page


def test_the_edit_page_takes_end_room_and_description(client, cluster, cluster_manager, event):
    client.force_login(cluster_manager)
    start = timezone.localtime(event.starts_at)
    data = event_data(cluster, slug=event.slug, **{
        "agenda-0-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "agenda-0-ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "agenda-0-room": "Raum 3", "agenda-0-description_de": "Kreislauf."})

    assert client.post(f"/events/{event.slug}/edit/", data).status_code == 302

    item = event.agenda_items.get()
    assert (item.room, item.description_de, item.ends_at - item.starts_at) == (
        "Raum 3", "Kreislauf.", timedelta(hours=1))


def test_an_item_ending_before_it_starts_is_refused(client, cluster, cluster_manager, event):
    client.force_login(cluster_manager)
    start = timezone.localtime(event.starts_at)
    data = event_data(cluster, slug=event.slug, **{
        "agenda-0-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "agenda-0-ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")})

    response = client.post(f"/events/{event.slug}/edit/", data)

    assert response.status_code == 200 and not event.agenda_items.exists()


def test_the_migration_drops_the_doubled_kind_from_island_titles(event):
    island = AgendaItemFactory(event=event, title_de="Gesprächsinsel Recycling",
                               title_en="Discussion island: Recycling")
    talk = AgendaItemFactory(event=event, kind=AgendaItem.Kind.TALK,
                             title_de="Gesprächsinsel Recycling")
    keep = AgendaItemFactory(event=event, title_de="Gesprächsinseln im Überblick")
    migration = importlib.import_module("events.migrations.0012_agenda_times_rooms")

    migration.strip_doubled_kind(django_apps, None)

    island.refresh_from_db()
    talk.refresh_from_db()
    keep.refresh_from_db()
    assert (island.title_de, island.title_en) == ("Recycling", "Recycling")
    assert talk.title_de == "Gesprächsinsel Recycling"  # not an island: its title is its own
    assert keep.title_de == "Gesprächsinseln im Überblick"
