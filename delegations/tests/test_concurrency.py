"""Seats are never exceeded, also when organisers accept at the same moment (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, TripFactory, UserFactory
from network_portal.models import OutgoingEmail

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls, refused):
    """Start every call at the same moment, each on its own connection; return their results,
    with "refused" for a call that raised `refused`."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_accepts_never_exceed_the_seats():
    trip = TripFactory(organisers=[OrganizationFactory()], seats=2)
    applications = [ApplicationFactory(trip=trip) for _ in range(8)]

    outcomes = run_together([
        lambda a=a: services.decide_application(a, decision=Application.Status.ACCEPTED, by=None).status
        for a in applications], refused=services.NoSeatLeft)

    assert sorted(outcomes) == ["accepted"] * 2 + ["refused"] * 6
    assert Application.objects.filter(trip=trip, status=Application.Status.ACCEPTED).count() == 2


def test_parallel_applications_of_one_person_make_one_application():
    trip = TripFactory(organisers=[OrganizationFactory()])
    person = UserFactory()

    outcomes = run_together(
        [lambda: services.apply(trip, person, organisation_name="ACME").status] * 4,
        refused=services.AlreadyApplied)

    assert sorted(outcomes) == ["refused"] * 3 + ["submitted"]
    assert Application.objects.filter(trip=trip).count() == 1


def test_parallel_cancellations_cancel_once_and_mail_once():
    trip = TripFactory(organisers=[OrganizationFactory()])
    for status in (Application.Status.ACCEPTED, Application.Status.WAITLISTED):
        ApplicationFactory(trip=trip, status=status)

    outcomes = run_together([lambda: services.cancel_trip(trip, by=None)] * 4,
                            refused=services.InvalidTransition)

    assert sorted(outcomes, key=str) == [2, "refused", "refused", "refused"]
    assert OutgoingEmail.objects.filter(template="delegations_trip_cancelled").count() == 2


def _save(trip_pk, data):
    """What the edit view does with `data`, on a trip loaded before the others saved."""
    from delegations.forms import StopFormSet, TripForm, stop_rows, trip_values
    from delegations.models import DelegationTrip

    trip = DelegationTrip.objects.get(pk=trip_pk)
    form = TripForm(data, instance=trip)
    assert form.is_valid(), form.errors
    formset = StopFormSet(data, instance=trip, prefix="stops",
                          trip_dates=(form.cleaned_data["start_date"], form.cleaned_data["end_date"]))
    assert formset.is_valid(), formset.errors
    return services.save_trip(trip, values=trip_values(form), stops=stop_rows(formset),
                              by=None).programme_version


def test_a_parallel_double_submit_of_one_change_mails_once():
    from datetime import timedelta

    from delegations.tests.helpers import trip_data

    organiser = OrganizationFactory()
    trip = TripFactory(organisers=[organiser], seats=3)
    for _ in range(2):
        ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    waiting = [ApplicationFactory(trip=trip, status=Application.Status.WAITLISTED) for _ in range(3)]
    start = trip.start_date + timedelta(days=1)
    data = trip_data(trip, organiser, seats="5", meeting_point_de="Zwickau Hbf",
                     start_date=start.isoformat(), end_date=(start + timedelta(days=3)).isoformat())

    outcomes = run_together([lambda: _save(trip.pk, data)] * 4, refused=())

    assert outcomes == [1] * 4
    assert OutgoingEmail.objects.filter(template="delegations_programme_changed").count() == 2
    # Two seats were added: the first two waiting are proposed, by the first save only.
    proposed = Application.objects.filter(next_in_line_since__isnull=False)
    assert sorted(proposed.values_list("pk", flat=True)) == [waiting[0].pk, waiting[1].pk]
