"""The rules the services hold every caller to (views, admin, commands), not only the forms."""

from datetime import date

import pytest

from delegations import services
from delegations.models import Application, DelegationTrip, ItineraryStop
from delegations.tests.factories import ApplicationFactory, StopFactory, TripFactory, applicant, aware
from delegations.tests.helpers import emails, stops_data, trip_data, url
from network_portal.models import AuditEntry

ACCEPTED = Application.Status.ACCEPTED


def new_trip(organisers, **values):
    return {"title_de": "Reise nach Lyon", "slug": "reise-nach-lyon", "start_date": date(2027, 5, 10),
            "end_date": date(2027, 5, 12), "application_deadline": aware(date(2027, 4, 1)),
            "seats": 12, "organisers": organisers, **values}


@pytest.mark.parametrize("who", ["member", "other_manager"])
def test_only_the_trips_managers_decide(trip, request, who):
    application = ApplicationFactory(trip=trip)

    with pytest.raises(services.NotAllowed):
        services.decide_application(application, decision=ACCEPTED, by=request.getfixturevalue(who))

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.decided_by is None
    assert emails("delegations_accepted") == [] and not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["cluster_manager", "economic_development", "admin_user"])
def test_the_trips_managers_decide(trip, request, who):
    application = ApplicationFactory(trip=trip)

    services.decide_application(application, decision=ACCEPTED, by=request.getfixturevalue(who))

    application.refresh_from_db()
    assert application.status == ACCEPTED


def test_only_the_trips_managers_cancel_it(trip, other_manager):
    ApplicationFactory(trip=trip, status=ACCEPTED)

    with pytest.raises(services.NotAllowed):
        services.cancel_trip(trip, by=other_manager)

    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN
    assert emails("delegations_trip_cancelled") == []


def test_only_the_applicant_withdraws(trip, person, cluster_manager):
    application = services.apply(trip, person, organisation_name="ACME")

    for someone in (applicant("other@example.com"), cluster_manager):
        with pytest.raises(services.NotAllowed):
            services.withdraw(application, by=someone)

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_cluster_manager_must_name_a_cluster_they_manage(cluster_manager, other_cluster):
    with pytest.raises(services.OrganiserRequired):
        services.save_trip(None, values=new_trip([other_cluster]), by=cluster_manager)

    assert not DelegationTrip.objects.exists()


def test_a_cluster_manager_cannot_drop_their_cluster_from_a_trip(trip, cluster_manager, other_cluster):
    with pytest.raises(services.OrganiserRequired):
        services.save_trip(trip, values={"organisers": [other_cluster]}, by=cluster_manager)

    assert list(trip.organisers.all()) == [trip.organisers.get()]
    assert trip.organisers.get() != other_cluster


def test_economic_development_names_any_organiser(economic_development, other_cluster):
    trip = services.save_trip(None, values=new_trip([other_cluster]), by=economic_development)

    assert list(trip.organisers.all()) == [other_cluster]


def test_members_set_up_no_trips_and_others_edit_none(member, trip, other_manager, other_cluster):
    with pytest.raises(services.NotAllowed):
        services.save_trip(None, values=new_trip([other_cluster]), by=member)
    with pytest.raises(services.NotAllowed):
        services.save_trip(trip, values={"title_de": "Gekapert"}, by=other_manager)

    trip.refresh_from_db()
    assert trip.title_de != "Gekapert" and DelegationTrip.objects.count() == 1


def test_saving_never_cancels_a_trip(trip, cluster_manager):
    ApplicationFactory(trip=trip, status=ACCEPTED)

    with pytest.raises(services.InvalidTransition):
        services.save_trip(trip, values={"status": DelegationTrip.Status.CANCELLED}, by=cluster_manager)

    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN


def test_a_stop_deleted_meanwhile_is_not_recreated(trip, cluster_manager):
    stop = StopFactory(trip=trip, title_de="Alt")
    pk = stop.pk
    stop.delete()  # by another organiser, after this one opened the form

    with pytest.raises(services.ProgrammeChanged):
        services.save_trip(trip, values={"title_de": "Neu"},
                           stops=[{"id": pk, "title_de": "Geändert"}], by=cluster_manager)

    trip.refresh_from_db()
    assert trip.title_de != "Neu" and not trip.stops.exists()


def test_the_edit_view_shows_a_stop_deleted_meanwhile(client, trip, cluster, cluster_manager,
                                                       monkeypatch):
    stop = StopFactory(trip=trip)
    client.force_login(cluster_manager)
    data = trip_data(trip, cluster, **stops_data((stop, {"place": "Mons"})))
    save_trip = services.save_trip

    def deleted_meanwhile(*args, **kwargs):
        # Deleted by another organiser after this form was validated (it still saw the stop).
        ItineraryStop.objects.filter(pk=stop.pk).delete()
        return save_trip(*args, **kwargs)

    monkeypatch.setattr(services, "save_trip", deleted_meanwhile)
    response = client.post(url("edit", trip), data)

    assert response.status_code == 200
    assert "in der Zwischenzeit gelöscht" in response.content.decode()


def test_a_stop_of_another_trip_cannot_be_changed_through_this_one(trip, cluster_manager):
    foreign = StopFactory(trip=TripFactory(), title_de="Fremd")

    with pytest.raises(services.ProgrammeChanged):
        services.save_trip(trip, values={}, stops=[{"id": foreign.pk, "title_de": "Gekapert"}],
                           by=cluster_manager)

    foreign.refresh_from_db()
    assert foreign.title_de == "Fremd"


def test_only_those_who_manage_the_trip_export_it(trip, member):
    with pytest.raises(services.NotAllowed):
        services.record_export(trip, by=member, fmt="csv")

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("values", [{"programme_version": 9}, {"pk": 5}, {"no_such_field": 1}])
def test_only_the_trips_own_fields_can_be_set(trip, cluster_manager, values):
    from django.core.exceptions import FieldDoesNotExist

    with pytest.raises((ValueError, FieldDoesNotExist)):
        services.save_trip(trip, values=values, by=cluster_manager)
