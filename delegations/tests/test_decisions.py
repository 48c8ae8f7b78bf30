"""Deciding an application: seats, the e-mail each decision sends, when it is refused."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, StopFactory
from delegations.tests.helpers import emails

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED
DECLINED = Application.Status.DECLINED


def test_accepting_sends_the_programme_and_the_calendar(trip, person, cluster_manager):
    StopFactory(trip=trip, title_de="Besuch bei Mitis SA", title_en="Visit to Mitis SA")
    StopFactory(trip=trip, title_de="Rückreise", date=trip.end_date, start_time=None, end_time=None)
    application = services.apply(trip, person, organisation_name="ACME")

    services.decide_application(application, decision=ACCEPTED, message="Willkommen!",
                                by=cluster_manager)

    application.refresh_from_db()
    assert application.status == ACCEPTED
    assert application.decided_by == cluster_manager
    [email] = emails("delegations_accepted")
    assert "Besuch bei Mitis SA" in email.body_text
    assert "Willkommen!" in email.body_text
    [attachment] = email.attachments
    assert attachment["mimetype"] == "text/calendar"
    calendar = Calendar.from_ical(base64.b64decode(attachment["content"]))
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert len(summaries) == 2
    assert summaries[0].startswith("Besuch bei Mitis SA")


def test_accepting_before_the_programme_exists_attaches_no_empty_calendar(trip, person):
    application = services.apply(trip, person, organisation_name="ACME")

    services.decide_application(application, decision=ACCEPTED, by=None)

    [email] = emails("delegations_accepted")
    assert email.attachments == []
    assert "Kalenderdatei" not in email.body_text and "Programm" in email.body_text


@pytest.mark.parametrize(("decision", "template", "word"), [
    (WAITLISTED, "delegations_waitlisted", "Warteliste"),
    (DECLINED, "delegations_declined", "Leider"),
])
def test_waitlisting_and_declining_tell_the_applicant(trip, person, decision, template, word):
    application = services.apply(trip, person, organisation_name="ACME")

    services.decide_application(application, decision=decision, message="Bitte Geduld", by=None)

    [email] = emails(template)
    assert word in email.subject + email.body_text
    assert "Bitte Geduld" in email.body_text


def test_seats_are_never_exceeded(trip):
    first, second, third = (ApplicationFactory(trip=trip) for _ in range(3))
    services.decide_application(first, decision=ACCEPTED, by=None)
    services.decide_application(second, decision=ACCEPTED, by=None)

    with pytest.raises(services.NoSeatLeft):
        services.decide_application(third, decision=ACCEPTED, by=None)

    assert services.accepted_count(trip) == 2
    third.refresh_from_db()
    assert third.status == Application.Status.SUBMITTED


def test_accepting_an_accepted_applicant_again_takes_no_second_seat(trip):
    first, second = ApplicationFactory(trip=trip), ApplicationFactory(trip=trip)
    services.decide_application(first, decision=ACCEPTED, by=None)
    services.decide_application(second, decision=ACCEPTED, by=None)

    services.decide_application(first, decision=ACCEPTED, message="Neue Info", by=None)

    assert services.accepted_count(trip) == 2


def test_a_withdrawn_application_cannot_be_decided(trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.withdraw(application, by=None)

    with pytest.raises(services.InvalidTransition):
        services.decide_application(application, decision=ACCEPTED, by=None)


@pytest.mark.parametrize("status", ["completed", "open"])
def test_the_applications_of_a_trip_that_is_over_cannot_be_decided(trip, status):
    application = ApplicationFactory(trip=trip)
    trip.start_date = timezone.localdate() - timedelta(days=10)
    trip.end_date = timezone.localdate() - timedelta(days=8)
    trip.status = status
    trip.save()

    with pytest.raises(services.InvalidTransition) as error:
        services.decide_application(application, decision=ACCEPTED, by=None)

    assert error.value.code == "over"
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert emails("delegations_accepted") == []


def test_a_new_decision_sends_a_new_email(trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=WAITLISTED, by=None)
    services.decide_application(application, decision=ACCEPTED, by=None)

    assert len(emails("delegations_waitlisted")) == 1
    assert len(emails("delegations_accepted")) == 1
