"""The trips' e-mails: through the outbox, in the recipient's language, with absolute links."""

from django.core import mail as django_mail

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, StopFactory, applicant
from delegations.tests.helpers import emails
from network_portal.models import OutgoingEmail

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED
DECLINED = Application.Status.DECLINED


def test_emails_are_sent_through_the_outbox(trip, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(trip, person, organisation_name="ACME")

    assert [m.to for m in django_mail.outbox] == [[person.email]]


def test_every_email_renders_in_english_too(trip, cluster_manager):
    StopFactory(trip=trip)
    person = applicant("en@example.com", language="en")
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=WAITLISTED, by=None)
    services.decide_application(application, decision=DECLINED, by=None)
    services.decide_application(application, decision=ACCEPTED, by=None)
    waiting = ApplicationFactory(trip=trip, status=WAITLISTED)
    services.withdraw(application, by=None)
    other = services.apply(trip, applicant("en2@example.com", language="en"), organisation_name="B")
    services.cancel_trip(trip, by=None)

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


def test_every_link_in_every_email_starts_with_the_portals_address(trip, cluster_manager, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    StopFactory(trip=trip)
    application = services.apply(trip, applicant(), organisation_name="ACME")
    services.decide_application(application, decision=WAITLISTED, by=None)
    services.decide_application(application, decision=ACCEPTED, by=None)
    ApplicationFactory(trip=trip, status=WAITLISTED)
    services.withdraw(application, by=None)
    services.cancel_trip(trip, by=None)

    sent = list(OutgoingEmail.objects.all())
    assert {e.template for e in sent} >= {
        "delegations_received", "delegations_waitlisted", "delegations_accepted",
        "delegations_withdrawn", "delegations_organiser_prompt", "delegations_trip_cancelled"}
    for email in sent:
        links = [word for word in email.body_text.split() if "://" in word or word.startswith("/")]
        assert links or email.template == "delegations_withdrawn", email.template
        assert all(link.startswith("https://portal.example.org/") for link in links), (
            email.template, links)
