from datetime import timedelta

import factory
from django.utils import timezone

from events.models import AgendaItem, Event, Registration
from members.tests.factories import OrganizationFactory  # noqa: F401 - shared by the apps' tests


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title_de = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    title_en = factory.Sequence(lambda n: f"Network meeting {n}")
    slug = factory.Sequence(lambda n: f"netzwerktreffen-{n}")
    kind = Event.Kind.NETWORK_MEETING
    status = Event.Status.PUBLISHED
    venue_name = "Konzert- und Ballhaus „Neue Welt“"
    venue_address = "Leipziger Straße 182, 08058 Zwickau"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    capacity = 50
    contact_name = "Petra Beispiel"
    contact_email = "kontakt@example.org"

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    kind = AgendaItem.Kind.ISLAND
    title_de = factory.Sequence(lambda n: f"Gesprächsinsel {n}")
    title_en = factory.Sequence(lambda n: f"Discussion island {n}")
    position = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    organisation_name = "Freie Firma"
    status = Registration.Status.CONFIRMED
    language = "de"


def attendee(n: int | str = 1, **fields):
    from events.services import Attendee

    defaults = {"name": f"Teilnehmerin {n}", "email": f"teilnehmerin{n}@example.com",
                "organisation_name": "Beispiel AG"}
    defaults.update(fields)
    return Attendee(**defaults)
