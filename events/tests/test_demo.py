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
    assert islands == [f"Gesprächsinsel {t}" for t in
                       ("Innovation", "Produktion", "Mobilität", "Energie", "Unterstützung")]

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
