"""The demo trips from the source documents, loaded idempotently."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations import demo
from delegations.models import Application, DelegationTrip, ItineraryStop
from members import demo as members_demo


def seed():
    members_demo.seed()
    demo.seed()


def test_it_loads_the_wallonia_trip_with_its_full_programme(client, db):
    seed()

    trip = DelegationTrip.objects.get(slug="wirtschaftsreise-wallonie-2024")
    assert (trip.start_date, trip.end_date) == (date(2024, 11, 25), date(2024, 11, 28))
    assert trip.status == DelegationTrip.Status.COMPLETED
    assert {o.slug for o in trip.organisers.all()} == {"wirtschaftsfoerderung-sachsen", "awex",
                                                        "energy-saxony"}
    hosts = [s.host.slug for s in trip.stops.all() if s.host]
    assert hosts == ["mitis", "ce-t-power", "jema", "tweed", "technord", "crm-group", "john-cockerill"]
    assert trip.stops.last().title_de == "Rückreise per Reisebus nach Dresden"
    assert trip.route == "Sachsen (Dresden) → Liège"
    page = client.get(trip.get_absolute_url()).content.decode()
    assert "Mikrogrid MiRIS" in page and "V2I/BeBlue Cryotech" in page
    assert "Archiv" in client.get(reverse("delegations:list")).content.decode()


def test_it_loads_the_fair_tour_and_an_open_trip_in_2027(db):
    seed()

    fair = DelegationTrip.objects.get(slug="messerundgang-battery-show-europe-2023")
    assert fair.direction == DelegationTrip.Direction.INBOUND
    kinds = [s.kind for s in fair.stops.all()]
    assert kinds[:3] == [ItineraryStop.Kind.EXCHANGE, ItineraryStop.Kind.PRESENTATIONS,
                         ItineraryStop.Kind.DINNER]
    assert {s.host.slug for s in fair.stops.filter(kind=ItineraryStop.Kind.FAIR_TOUR)} == {
        "comemso", "coperion", "elringklinger", "konzelmann", "manz"}
    upcoming = DelegationTrip.objects.get(slug="akkumulatoren-campus-auvergne-rhone-alpes-2027")
    assert upcoming.accepts_applications()
    assert fair.route == "Auvergne-Rhône-Alpes (Lyon) → Stuttgart"
    assert upcoming.route == "Sachsen (Zwickau) → Lyon"
    assert upcoming.applications.filter(status=Application.Status.SUBMITTED).exists()


def test_a_second_run_writes_nothing(db):
    seed()

    with CaptureQueriesContext(connection) as queries:
        demo.seed()

    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
