from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from delegations.models import Application, DelegationTrip, ItineraryStop
from members.tests.factories import OrganizationFactory
from network_portal.testing import make_user

BERLIN = ZoneInfo("Europe/Berlin")


class TripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationTrip
        skip_postgeneration_save = True

    title_de = factory.Sequence(lambda n: f"Unternehmensreise {n}")
    title_en = factory.Sequence(lambda n: f"Business trip {n}")
    slug = factory.Sequence(lambda n: f"reise-{n}")
    status = DelegationTrip.Status.OPEN
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    end_date = factory.LazyAttribute(lambda trip: trip.start_date + timedelta(days=3))
    application_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    seats = 20
    destination_city = "Liège"

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


class StopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItineraryStop

    trip = factory.SubFactory(TripFactory)
    date = factory.LazyAttribute(lambda stop: stop.trip.start_date)
    start_time = time(9, 30)
    end_time = time(11, 0)
    kind = ItineraryStop.Kind.SITE_VISIT
    title_de = factory.Sequence(lambda n: f"Besuch {n}")
    title_en = factory.Sequence(lambda n: f"Visit {n}")
    place = "Liège"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network_portal.User"

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = "Paula"
    last_name = factory.Sequence(lambda n: f"Person{n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    trip = factory.SubFactory(TripFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganizationFactory)
    interests = "Partner für Zellfertigung"
    public_consent = True
    language = "de"


def applicant(email="applicant@example.com", **fields):
    return make_user(email, first_name="Alma", last_name="Antrag", **fields)


def aware(day: date, hour=12):
    return datetime.combine(day, time(hour), tzinfo=BERLIN)
