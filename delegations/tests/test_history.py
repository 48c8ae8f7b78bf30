"""The audit trail of trips and applications: one entry per change, shown to the trip's staff."""

from datetime import timedelta

import pytest
from django.urls import reverse

from delegations import selectors, services
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory, StopFactory
from delegations.tests.helpers import new_trip_data, stops_data, trip_data, url
from network_portal import audit
from network_portal.models import AuditEntry

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED


def entries(obj):
    return [(entry.action, entry.actor, entry.data) for entry in audit.entries_for(obj)]


@pytest.fixture
def trip(trip):
    """The trip as its edit form shows it: a deadline to the minute."""
    trip.application_deadline = trip.application_deadline.replace(second=0, microsecond=0)
    trip.save()
    return trip


def as_sent(trip, cluster, **changes):
    """The edit form of `trip` sent back with `changes` (and what trip_data leaves out)."""
    return trip_data(trip, cluster, title_en=trip.title_en, destination_city=trip.destination_city,
                     **changes)


def test_setting_up_a_trip_records_who_did_it(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    client.post(reverse("delegations:create"), new_trip_data(cluster, **{
        "stops-TOTAL_FORMS": "1", "stops-0-date": "2027-05-10", "stops-0-kind": "site_visit",
        "stops-0-title_de": "Besuch bei CARA"}))

    trip = DelegationTrip.objects.get(slug="reise-nach-lyon")
    assert entries(trip) == [("delegations.trip.created", cluster_manager,
                              {"status": "draft", "stops": 1})]


def test_an_edit_records_the_fields_and_stops_it_changed(client, trip, stop, cluster, cluster_manager):
    client.force_login(cluster_manager)

    client.post(url("edit", trip), as_sent(trip, cluster, title_de="Neuer Titel",
                                           meeting_point_de="Zwickau Hbf",
                                           **stops_data((stop, {"place": "Mons"}))))

    [(action, actor, data)] = entries(trip)
    assert (action, actor) == ("delegations.trip.edited", cluster_manager)
    assert data["fields"] == ["title_de", "meeting_point_de"]
    assert data["stops"] == {"added": 0, "changed": 1, "deleted": 0}


def test_a_save_that_changes_nothing_records_nothing(client, trip, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), as_sent(trip, cluster))

    assert response.status_code == 302
    assert entries(trip) == []


def test_opening_a_draft_is_recorded_as_publishing_it(client, trip, cluster, cluster_manager):
    trip.status = DelegationTrip.Status.DRAFT
    trip.save()
    client.force_login(cluster_manager)

    client.post(url("edit", trip), as_sent(trip, cluster, status="open"))

    [(action, actor, data)] = entries(trip)
    assert (action, actor, data["fields"]) == ("delegations.trip.published", cluster_manager, ["status"])


def test_a_decision_is_recorded_and_decided_by_kept(client, trip, cluster_manager):
    application = ApplicationFactory(trip=trip)
    client.force_login(cluster_manager)

    client.post(url("decide", trip, application.pk), {"decision": "accepted", "message": "Bis bald"})

    application.refresh_from_db()
    assert application.decided_by == cluster_manager
    assert entries(application) == [("delegations.application.accepted", cluster_manager, {
        "trip": trip.pk, "previous": "submitted", "with_message": True, "proposed": None})]


def test_a_withdrawal_names_the_applicant_and_the_one_proposed_for_the_seat(client, trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=ACCEPTED, by=None)
    waiting = ApplicationFactory(trip=trip, status=WAITLISTED)
    client.force_login(person)

    client.post(url("withdraw", trip))

    assert [e[0] for e in entries(application)] == [
        "delegations.application.withdrawn", "delegations.application.accepted",
        "delegations.application.submitted"]
    action, actor, data = entries(application)[0]
    assert actor == person and data == {"trip": trip.pk, "previous": "accepted", "proposed": waiting.pk}


def test_cancelling_records_how_many_were_told(client, trip, cluster_manager):
    ApplicationFactory(trip=trip, status=ACCEPTED)
    ApplicationFactory(trip=trip, status=Application.Status.DECLINED)
    client.force_login(cluster_manager)

    client.post(url("cancel", trip), {"message": "Leider zu wenige Anmeldungen."})

    assert entries(trip) == [("delegations.trip.cancelled", cluster_manager,
                              {"applicants_told": 1, "with_message": True})]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_records_its_format_and_rows(client, trip, cluster_manager, fmt):
    for _ in range(3):
        ApplicationFactory(trip=trip)
    client.force_login(cluster_manager)

    response = client.get(url("participants", trip) + f"?format={fmt}")

    assert response.status_code == 200
    assert entries(trip) == [("delegations.trip.applications_exported", cluster_manager,
                              {"format": fmt, "rows": 3})]


def test_a_refused_export_records_nothing(client, trip, cluster_manager, member):
    client.force_login(cluster_manager)
    assert client.get(url("participants", trip) + "?format=pdf").status_code == 400
    client.force_login(member)
    assert client.get(url("participants", trip) + "?format=csv").status_code == 403

    assert entries(trip) == []


def test_applying_is_the_applicants_and_a_reminder_the_portals(soon, person):
    application = services.apply(soon, person, organisation_name="ACME",
                                 now=soon.application_deadline - timedelta(days=1))
    Application.objects.filter(pk=application.pk).update(status=ACCEPTED)

    services.send_due_reminders()

    assert entries(application) == [
        ("delegations.application.reminded", None, {"trip": soon.pk,
                                                     "start_date": soon.start_date.isoformat()}),
        ("delegations.application.submitted", person, {"trip": soon.pk, "organisation": None}),
    ]


def test_the_applications_page_shows_the_history_to_the_trips_staff(client, trip, cluster_manager,
                                                                     person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=WAITLISTED, by=cluster_manager)
    client.force_login(cluster_manager)

    page = client.get(url("applications", trip)).content.decode()

    assert "Verlauf" in page
    history = page[page.index('id="trip-history"'):]
    assert "hat auf die Warteliste gesetzt: Alma Antrag" in history
    assert "hat sich beworben: Alma Antrag" in history
    assert history.index("Warteliste") < history.index("beworben")  # newest first
    assert cluster_manager.email in history


def test_the_portal_and_erased_accounts_are_named_as_such(client, trip, cluster_manager, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=ACCEPTED, by=None)
    audit.erase_actor(person)
    client.force_login(cluster_manager)

    history = client.get(url("applications", trip)).content.decode().split('id="trip-history"')[1]

    assert "das Portal" in history and "ein gelöschtes Konto" in history


def test_the_history_needs_one_query_for_many_entries(trip, cluster_manager, django_assert_num_queries):
    applications = [ApplicationFactory(trip=trip) for _ in range(30)]
    for application in applications:
        services.decide_application(application, decision=WAITLISTED, by=cluster_manager)
    StopFactory(trip=trip)
    other = ApplicationFactory()  # of another trip: not in this one's history
    services.decide_application(other, decision=WAITLISTED, by=None)
    selectors.trip_history(trip, applications)  # caches the content types

    # the entries of the trip and of its applications (+ actors)
    with django_assert_num_queries(1):
        history = selectors.trip_history(trip, applications)

    assert len(history) == 30
    assert {entry.application for entry in history} == set(applications)
    assert all(entry.actor == cluster_manager and entry.label for entry in history)
    assert AuditEntry.objects.count() == 31


def test_each_save_is_one_entry_with_what_it_changed(trip, cluster_manager):
    stop = StopFactory(trip=trip)
    values = {"start_date": trip.start_date + timedelta(days=1),
              "end_date": trip.end_date + timedelta(days=1)}
    services.save_trip(trip, values=values, stops=[{"id": stop.pk, "delete": True}], by=cluster_manager)
    services.save_trip(trip, values={"title_de": "Zweiter Titel"}, by=cluster_manager)

    [second, first] = entries(trip)
    assert first[2]["fields"] == ["start_date", "end_date"]
    assert first[2]["stops"] == {"added": 0, "changed": 0, "deleted": 1}
    assert second[2]["fields"] == ["title_de"]
