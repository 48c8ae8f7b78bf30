from datetime import timedelta

import factory
from django.utils import timezone

from events.models import AgendaItem, Event, Registration
from members.tests.factories import OrganizationFactory  # noqa: F401 - shared by the apps' tests
from network_portal.models import OutgoingEmail


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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Rows made here skip the services, which keep the event's seat counters: count them
        # from the rows, as the migration does, so the arranged state is one services could make.
        from events.seats import store_counts

        registration = super()._create(model_class, *args, **kwargs)
        store_counts(Event.objects.filter(pk=registration.event_id))
        return registration


def attendee(n: int | str = 1, **fields):
    from events.services import Attendee

    defaults = {"name": f"Teilnehmerin {n}", "email": f"teilnehmerin{n}@example.com",
                "organisation_name": "Beispiel AG"}
    defaults.update(fields)
    return Attendee(**defaults)


def keys():
    """The keys of every e-mail in the outbox (which mails were queued)."""
    return set(OutgoingEmail.objects.values_list("key", flat=True))


def event_data(cluster, **fields):
    """What the staff's event form posts: an event of `cluster` with one agenda item."""
    start = (timezone.localtime() + timedelta(days=40)).replace(hour=14, minute=0, second=0,
                                                                 microsecond=0)
    data = {
        "title_de": "Netzwerktreffen Frühjahr", "title_en": "Spring network meeting",
        "slug": "netzwerktreffen-fruehjahr", "kind": "network_meeting", "status": "published",
        "organisers": [cluster.pk], "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "venue_name": "Neue Welt", "capacity": "80", "contact_name": "Petra Beispiel",
        "contact_email": "kontakt@example.org", "description_de": "Treffen.",
        "agenda-TOTAL_FORMS": "2", "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0", "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-position": "1", "agenda-0-kind": "island", "agenda-0-title_de": "Energie",
        "agenda-0-capacity": "20",
        "agenda-1-position": "0", "agenda-1-kind": "talk", "agenda-1-title_de": "",
    }
    data.update(fields)
    return data


def register_data(**fields):
    """What the registration form posts: oneself, with a free-text organisation."""
    data = {"registers_for": "self", "name": "Mara Muster", "email": "ignored@example.com",
            "organisation_name": "Muster GmbH", "job_title": "Leiterin Einkauf",
            "diet": "vegetarisch", "accessibility": ""}
    data.update(fields)
    return data


def assert_counters_match(*events):
    """The seat counters of each event and its agenda items say what its rows say."""
    from events.seats import counts_from_rows, stored_counts

    for event in events:
        assert stored_counts(event) == counts_from_rows(event), event
