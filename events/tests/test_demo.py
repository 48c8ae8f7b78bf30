"""The demo events from the source documents."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import Event, Registration
from events.tests.factories import attendee

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def test_the_past_events_carry_the_sources_dates_and_places(seeded):
    meeting = Event.objects.get(slug="netzwerktreffen-akkumulatoren-campus-2022")
    start = timezone.localtime(meeting.starts_at)
    assert (start.date().isoformat(), start.hour) == ("2022-04-21", 14)
    assert meeting.venue_name == "Konzert- und Ballhaus „Neue Welt“"

    dialogue = Event.objects.get(slug="industriedialog-neue-mobilitaet-sachsen-2020")
    assert dialogue.capacity == 250 and "Gläserne Manufaktur" in dialogue.venue_name
    assert dialogue.registrations.count() == 250
    islands = [i.title_de for i in dialogue.agenda_items.filter(kind="island")]
    # The kind is shown beside the title, so the title is the topic alone.
    assert islands == ["Innovation", "Produktion", "Mobilität", "Energie", "Unterstützung"]

    kickoff = Event.objects.get(slug="auftakttreffen-akkumulatoren-campus-2021")
    organisations = {r.organisation_label for r in kickoff.registrations.select_related("organisation")}
    assert len(organisations) == 18

    assert timezone.localtime(Event.objects.get(
        slug="netzwerkempfang-cleantech-innovation-park-2022").starts_at).date().isoformat() == "2022-12-02"
    assert timezone.localtime(Event.objects.get(
        slug="battery-show-europe-messerundgang-2023").starts_at).date().isoformat() == "2023-05-23"


def test_one_upcoming_event_is_nearly_full_and_one_has_a_waitlist(seeded):
    workshop = Event.objects.with_seat_counts().get(slug="workshop-batterierecycling-2027")
    assert workshop.seats_left() == 1
    reception = Event.objects.with_seat_counts().get(slug="netzwerkempfang-cleantech-2027")
    assert (reception.seats_taken, reception.waitlist_length) == (12, 3)


def test_an_upcoming_demo_event_can_be_registered_for(seeded):
    event = Event.objects.get(slug="netzwerktreffen-akkumulatoren-campus-2027")

    registration = services.register(event, attendee("demo"))

    assert registration.status == Registration.Status.CONFIRMED


def test_the_demo_meeting_shows_its_day_a_slot_of_islands_questions_and_its_series(seeded):
    from events.models import agenda_slots

    event = Event.objects.get(slug="netzwerktreffen-akkumulatoren-campus-2027")
    slots = agenda_slots(event.agenda_items.all())
    assert [len(slot.items) for slot in slots] == [1, 3, 1]
    assert slots[1].is_islands and {item.room for item in slots[1].items} == {
        "Galerie", "Salon 1", "Salon 2"}
    assert all(slot.starts_at and slot.ends_at for slot in slots)
    assert list(event.questions.values_list("label_de", flat=True)) == [
        "Teilnahme am Imbiss", "Übernachtung"]
    assert event.series.slug == "netzwerktreffen-akkumulatoren-campus"
    assert set(event.series.events.values_list("slug", flat=True)) == {
        "netzwerktreffen-akkumulatoren-campus-2022", "netzwerktreffen-akkumulatoren-campus-2027"}


def test_seeding_twice_changes_nothing_of_the_agenda_and_questions(seeded):
    from events.models import AgendaItem, EventSeries, Question

    before = (AgendaItem.objects.count(), Question.objects.count(), EventSeries.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (AgendaItem.objects.count(), Question.objects.count(),
            EventSeries.objects.count()) == before


def test_the_hybrid_demo_event_has_people_on_site_and_online_once(settings, seeded):
    from events.seats import counts_from_rows, stored_counts

    event = Event.objects.get(slug="fachforum-zellfertigung-hybrid-2027")
    assert event.is_hybrid and (event.capacity, event.online_capacity) == (40, 100)
    assert event.online_url and event.is_published
    by_part = {part: set(event.registrations.filter(attendance=part).values_list("email",
                                                                                 flat=True))
               for part in Registration.Attendance.values}
    assert len(by_part["on_site"]) == 4 and len(by_part["online"]) == 4
    assert (event.seats_taken, event.online_seats_taken) == (4, 4)
    assert stored_counts(event) == counts_from_rows(event)

    call_command("seed_demo", stdout=StringIO())  # a second run: the same event, the same people

    assert Event.objects.filter(slug=event.slug).count() == 1
    assert event.registrations.count() == 8
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken) == (4, 4)


def test_the_hybrid_demo_event_takes_an_online_registration(seeded):
    event = Event.objects.get(slug="fachforum-zellfertigung-hybrid-2027")

    registration = services.register(event, attendee("demo"),
                                     attendance=Registration.Attendance.ONLINE)

    assert registration.status == Registration.Status.CONFIRMED and registration.is_online
    event.refresh_from_db()
    assert event.online_seats_taken == 5
