"""The application life cycle: apply, decide, withdraw, remind – and the e-mails each one sends."""

import base64
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.utils import timezone
from icalendar import Calendar

from delegations import services, tasks
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory, StopFactory, applicant
from members.models import ValueChainStage
from network_portal.models import OutgoingEmail

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED
DECLINED = Application.Status.DECLINED


def emails(template):
    return list(OutgoingEmail.objects.filter(template=template).order_by("pk"))


def test_it_records_an_application_and_confirms_receipt(trip, person):
    stage = ValueChainStage.objects.get(code="recycling")

    application = services.apply(trip, person, organisation_name="Neue Firma", interests="Recycling",
                                 stages_sought=[stage], public_consent=True)

    assert application.status == Application.Status.SUBMITTED
    assert list(application.stages_sought.all()) == [stage]
    [email] = emails("delegations_received")
    assert email.to == person.email
    assert email.language == "de"
    assert "Bewerbung" in email.subject and trip.title_de in email.subject
    assert email.reference == f"delegations.trip:{trip.pk}"


def test_the_receipt_is_in_the_applicants_language(trip, person):
    services.apply(trip, person, organisation_name="ACME", language="en")

    [email] = emails("delegations_received")
    assert email.subject == f"Application received: {trip.title_en}"
    assert "we have received your application" in email.body_text


def test_a_second_application_of_the_same_person_is_refused(trip, person):
    services.apply(trip, person, organisation_name="ACME")

    with pytest.raises(services.AlreadyApplied) as error:
        services.apply(trip, person, organisation_name="ACME")

    assert "bereits" in str(error.value.message) or "already" in str(error.value.message)
    assert Application.objects.count() == 1


def test_it_refuses_applications_after_the_deadline(trip, person):
    trip.application_deadline = timezone.now() - timedelta(minutes=1)
    trip.save()

    with pytest.raises(services.ApplicationsClosed):
        services.apply(trip, person, organisation_name="ACME")


@pytest.mark.parametrize("status", ["draft", "closed", "completed", "cancelled"])
def test_it_refuses_applications_unless_the_trip_is_open(trip, person, status):
    trip.status = status
    trip.save()

    with pytest.raises(services.ApplicationsClosed):
        services.apply(trip, person, organisation_name="ACME")


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

    services.decide_application(application, decision=ACCEPTED)

    [email] = emails("delegations_accepted")
    assert email.attachments == []
    assert "Kalenderdatei" not in email.body_text and "Programm" in email.body_text


@pytest.mark.parametrize(("decision", "template", "word"), [
    (WAITLISTED, "delegations_waitlisted", "Warteliste"),
    (DECLINED, "delegations_declined", "Leider"),
])
def test_waitlisting_and_declining_tell_the_applicant(trip, person, decision, template, word):
    application = services.apply(trip, person, organisation_name="ACME")

    services.decide_application(application, decision=decision, message="Bitte Geduld")

    [email] = emails(template)
    assert word in email.subject + email.body_text
    assert "Bitte Geduld" in email.body_text


def test_seats_are_never_exceeded(trip):
    first, second, third = (ApplicationFactory(trip=trip) for _ in range(3))
    services.decide_application(first, decision=ACCEPTED)
    services.decide_application(second, decision=ACCEPTED)

    with pytest.raises(services.NoSeatLeft):
        services.decide_application(third, decision=ACCEPTED)

    assert services.accepted_count(trip) == 2
    third.refresh_from_db()
    assert third.status == Application.Status.SUBMITTED


def test_accepting_an_accepted_applicant_again_takes_no_second_seat(trip):
    first, second = ApplicationFactory(trip=trip), ApplicationFactory(trip=trip)
    services.decide_application(first, decision=ACCEPTED)
    services.decide_application(second, decision=ACCEPTED)

    services.decide_application(first, decision=ACCEPTED, message="Neue Info")

    assert services.accepted_count(trip) == 2


def test_a_withdrawn_application_cannot_be_decided(trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.withdraw(application)

    with pytest.raises(services.InvalidTransition):
        services.decide_application(application, decision=ACCEPTED)


def test_withdrawing_frees_the_seat_and_prompts_the_organisers(trip, cluster_manager):
    accepted = [ApplicationFactory(trip=trip) for _ in range(2)]
    for application in accepted:
        services.decide_application(application, decision=ACCEPTED)
    waiting_first = ApplicationFactory(trip=trip)
    waiting_second = ApplicationFactory(trip=trip)
    services.decide_application(waiting_first, decision=WAITLISTED)
    services.decide_application(waiting_second, decision=WAITLISTED)

    services.withdraw(accepted[0])

    accepted[0].refresh_from_db()
    assert accepted[0].status == Application.Status.WITHDRAWN
    assert services.accepted_count(trip) == 1
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    # Not accepted automatically: the organiser decides, prompted by mail and a highlighted row.
    assert waiting_first.status == WAITLISTED
    assert waiting_first.next_in_line_since is not None
    assert waiting_second.next_in_line_since is None
    [prompt] = emails("delegations_organiser_prompt")
    assert prompt.to == cluster_manager.email
    assert waiting_first.person_name in prompt.body_text
    assert f"/delegations/{trip.slug}/applications/" in prompt.body_text
    [confirmation] = emails("delegations_withdrawn")
    assert confirmation.to == accepted[0].user.email
    assert "jemandem von der Warteliste anbieten" in confirmation.body_text

    services.decide_application(waiting_first, decision=ACCEPTED)
    waiting_first.refresh_from_db()
    assert waiting_first.next_in_line_since is None


def test_only_managers_in_the_role_are_prompted(trip, cluster, cluster_manager):
    former = applicant("former-manager@example.com")
    cluster.managers.add(former)  # linked, but no longer in the cluster-manager role
    accepted = ApplicationFactory(trip=trip, status=ACCEPTED)
    ApplicationFactory(trip=trip, status=WAITLISTED)

    services.withdraw(accepted)

    assert [e.to for e in emails("delegations_organiser_prompt")] == [cluster_manager.email]


def test_withdrawing_without_a_waiting_list_prompts_no_one(trip, cluster_manager):
    application = ApplicationFactory(trip=trip)
    services.decide_application(application, decision=ACCEPTED)

    services.withdraw(application)

    assert emails("delegations_organiser_prompt") == []


def test_one_cannot_withdraw_once_the_trip_has_begun(trip, cluster_manager):
    application = ApplicationFactory(trip=trip, status=ACCEPTED)
    ApplicationFactory(trip=trip, status=WAITLISTED)
    trip.start_date = timezone.localdate()
    trip.save()

    with pytest.raises(services.InvalidTransition) as error:
        services.withdraw(application)

    assert error.value.code == "started"
    application.refresh_from_db()
    assert application.status == ACCEPTED
    assert emails("delegations_organiser_prompt") == []


@pytest.mark.parametrize("status", ["completed", "open"])
def test_the_applications_of_a_trip_that_is_over_cannot_be_decided(trip, status):
    application = ApplicationFactory(trip=trip)
    trip.start_date = timezone.localdate() - timedelta(days=10)
    trip.end_date = timezone.localdate() - timedelta(days=8)
    trip.status = status
    trip.save()

    with pytest.raises(services.InvalidTransition) as error:
        services.decide_application(application, decision=ACCEPTED)

    assert error.value.code == "over"
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert emails("delegations_accepted") == []


def test_a_withdrawn_application_cannot_be_withdrawn_again(trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.withdraw(application)

    with pytest.raises(services.InvalidTransition):
        services.withdraw(application)


def test_a_new_decision_sends_a_new_email(trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=WAITLISTED)
    services.decide_application(application, decision=ACCEPTED)

    assert len(emails("delegations_waitlisted")) == 1
    assert len(emails("delegations_accepted")) == 1


# Reminders ----------------------------------------------------------------------------------

@pytest.fixture
def soon(trip):
    trip.start_date = timezone.localdate() + timedelta(days=5)
    trip.end_date = trip.start_date + timedelta(days=2)
    trip.application_deadline = timezone.now() - timedelta(days=1)
    trip.save()
    return trip


def test_it_reminds_accepted_participants_once_a_week_before_departure(soon):
    accepted = ApplicationFactory(trip=soon, status=ACCEPTED)
    ApplicationFactory(trip=soon, status=WAITLISTED)
    ApplicationFactory(trip=soon, status=Application.Status.WITHDRAWN)

    assert tasks.send_due_reminders() == 1
    assert tasks.send_due_reminders() == 0

    [email] = emails("delegations_reminder")
    assert email.to == accepted.user.email
    accepted.refresh_from_db()
    assert accepted.reminded_at is not None


def test_it_does_not_remind_too_early(trip):
    ApplicationFactory(trip=trip, status=ACCEPTED)  # trip starts in 60 days

    assert services.send_due_reminders() == 0


def test_a_claimed_reminder_is_not_sent_again(soon):
    application = ApplicationFactory(trip=soon, status=ACCEPTED)
    # Another worker claimed the row between the query and the update.
    Application.objects.filter(pk=application.pk).update(reminded_at=timezone.now())

    assert services.send_due_reminders() == 0
    assert emails("delegations_reminder") == []


def test_emails_are_sent_through_the_outbox(trip, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(trip, person, organisation_name="ACME")

    assert [m.to for m in django_mail.outbox] == [[person.email]]


def test_every_email_renders_in_english_too(trip, cluster_manager):
    StopFactory(trip=trip)
    person = applicant("en@example.com", language="en")
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=WAITLISTED)
    services.decide_application(application, decision=DECLINED)
    services.decide_application(application, decision=ACCEPTED)
    waiting = ApplicationFactory(trip=trip, status=WAITLISTED)
    services.withdraw(application)
    other = services.apply(trip, applicant("en2@example.com", language="en"), organisation_name="B")
    services.cancel_trip(trip)

    sent = OutgoingEmail.objects.exclude(to=cluster_manager.email).exclude(to=waiting.user.email)
    assert {e.template for e in sent} == {
        "delegations_received", "delegations_waitlisted", "delegations_declined",
        "delegations_accepted", "delegations_withdrawn", "delegations_trip_cancelled"}
    for email in sent:
        assert email.language == "en", email.template
        assert email.body_text.startswith("Hello "), email.template
        assert "{%" not in email.body_text and "{{" not in email.body_text
        assert trip.title_en in email.subject + email.body_text, email.template
    assert other.user.email in [e.to for e in sent.filter(template="delegations_trip_cancelled")]
    assert waiting.user.email not in [e.to for e in OutgoingEmail.objects.exclude(
        template="delegations_trip_cancelled")]


def test_links_in_emails_are_absolute(trip, person, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"

    services.apply(trip, person, organisation_name="ACME")

    [email] = emails("delegations_received")
    assert "https://portal.example.org/my/" in email.body_text


def test_the_beat_schedule_names_the_reminder_task():
    from django.conf import settings

    from network_portal.celery import app

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "delegations.tasks.send_due_reminders" in names
    assert tasks.send_due_reminders.name in app.tasks
    assert tasks.send_due_reminders.name == "delegations.tasks.send_due_reminders"


def test_two_freed_seats_propose_the_first_two_on_the_waiting_list(trip, cluster_manager):
    accepted = [ApplicationFactory(trip=trip) for _ in range(2)]
    for application in accepted:
        services.decide_application(application, decision=ACCEPTED)
    waiting = [ApplicationFactory(trip=trip) for _ in range(3)]
    for application in waiting:
        services.decide_application(application, decision=WAITLISTED)

    services.withdraw(accepted[0])
    services.decide_application(accepted[1], decision=DECLINED)

    proposed = [a.pk for a in Application.objects.filter(next_in_line_since__isnull=False)]
    assert proposed == [waiting[0].pk, waiting[1].pk]
    assert len(emails("delegations_organiser_prompt")) == 2


# Cancelling the trip --------------------------------------------------------------------------

def test_cancelling_tells_every_applicant_still_in_the_running(trip, cluster_manager):
    told = {status: ApplicationFactory(trip=trip, status=status)
            for status in (Application.Status.SUBMITTED, ACCEPTED, WAITLISTED)}
    english = ApplicationFactory(trip=trip, status=ACCEPTED, language="en")
    declined = ApplicationFactory(trip=trip, status=DECLINED)
    withdrawn = ApplicationFactory(trip=trip, status=Application.Status.WITHDRAWN)

    count = services.cancel_trip(trip, message="Der Bus fällt aus.")

    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.CANCELLED
    assert count == 4
    sent = emails("delegations_trip_cancelled")
    assert sorted(e.to for e in sent) == sorted(
        a.user.email for a in [*told.values(), english])
    assert declined.user.email not in [e.to for e in sent]
    assert withdrawn.user.email not in [e.to for e in sent]
    german = next(e for e in sent if e.to == told[ACCEPTED].user.email)
    assert german.subject == f"Abgesagt: Die Delegationsreise {trip.title_de} findet nicht statt"
    assert german.language == "de" and "leider müssen wir Ihnen mitteilen" in german.body_text
    assert "Der Bus fällt aus." in german.body_text
    assert german.reference == f"delegations.trip:{trip.pk}"
    [in_english] = [e for e in sent if e.to == english.user.email]
    assert in_english.language == "en"
    assert in_english.subject == f"Cancelled: the delegation trip {trip.title_en} does not take place"
    assert len({e.key for e in sent}) == 4
    # Nothing else was changed behind anyone's back.
    assert {a.pk: a.status for a in Application.objects.all()} == {
        **{a.pk: s for s, a in told.items()}, english.pk: ACCEPTED, declined.pk: DECLINED,
        withdrawn.pk: Application.Status.WITHDRAWN}


def test_a_trip_is_cancelled_once(trip):
    ApplicationFactory(trip=trip, status=ACCEPTED)
    services.cancel_trip(trip)

    with pytest.raises(services.InvalidTransition):
        services.cancel_trip(trip)

    assert len(emails("delegations_trip_cancelled")) == 1


def test_a_completed_trip_cannot_be_cancelled(trip):
    ApplicationFactory(trip=trip, status=ACCEPTED)
    trip.status = DelegationTrip.Status.COMPLETED
    trip.save()

    with pytest.raises(services.InvalidTransition):
        services.cancel_trip(trip)

    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.COMPLETED
    assert emails("delegations_trip_cancelled") == []


def test_after_cancelling_no_decision_reminder_or_prompt_follows(soon, cluster_manager):
    accepted = ApplicationFactory(trip=soon, status=ACCEPTED)
    ApplicationFactory(trip=soon, status=WAITLISTED)
    submitted = ApplicationFactory(trip=soon)
    services.cancel_trip(soon)

    with pytest.raises(services.InvalidTransition):
        services.decide_application(submitted, decision=ACCEPTED)
    with pytest.raises(services.InvalidTransition):
        services.withdraw(accepted)

    assert services.send_due_reminders() == 0
    assert emails("delegations_organiser_prompt") == []
