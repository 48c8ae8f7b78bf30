"""A person's data is found only through the account's verified addresses (issue 9, item 1).

Anyone may add any address on /accounts/email/: allauth keeps it unverified, also when another
account holds it, and sends the confirmation link to that address. Until its owner follows the
link, the address finds nothing: not in the download, not in "My portal", not in the erasure.
"""

import json
import re

import pytest
from allauth.account.models import EmailAddress

from delegations import services as trip_services
from delegations.models import Application
from delegations.tests.factories import TripFactory
from events import services
from events.models import Registration
from events.tests.factories import EventFactory
from members.models import ContactPerson
from members.tests.factories import ContactPersonFactory, OrganizationFactory
from network_portal.models import OutgoingEmail, User
from network_portal.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

BEA = "bea.berger@example.com"


@pytest.fixture
def bea():
    """Another member, with a seat, a contact entry and mails the portal sent her."""
    bea = make_user(BEA, first_name="Bea", last_name="Berger")
    event = EventFactory(title_de="Zellchemie-Werkstatt", online_url="https://meet.example/geheim")
    registration = services.register(
        event, services.Attendee(name="Bea Berger", email=BEA, job_title="Zellchemikerin",
                                 organisation_name="Berger Batterie GmbH"),
        user=bea, diet="vegan", accessibility="Rollstuhl, Rampe nötig")
    ContactPersonFactory(name="Bea Berger", email=BEA, phone="+49 375 5550-17",
                         organization=OrganizationFactory(name="Berger Batterie GmbH"))
    return registration


def add_address(client, email):
    """What a signed-in person does on the e-mail page: type an address, press "Add"."""
    response = client.post("/accounts/email/", {"email": email, "action_add": ""})
    assert response.status_code == 302


@pytest.fixture
def mallory_with_beas_address(client, member, bea):
    """Member signed in, who added Bea's address to their account (it stays unverified)."""
    client.force_login(member)
    add_address(client, BEA.upper())  # case must not matter either
    assert EmailAddress.objects.get(user=member, email__iexact=BEA).verified is False
    return member


def beas_traces():
    return {
        "registration": Registration.objects.filter(email=BEA).values_list("status", flat=True)[0],
        "contacts": ContactPerson.objects.filter(email=BEA).count(),
        "mails": sorted(OutgoingEmail.objects.filter(to__iexact=BEA)
                        .values_list("pk", "subject", "status")),
    }


def test_the_download_holds_none_of_the_address_owners_data(client, mallory_with_beas_address,
                                                             bea):
    beas_subjects = list(OutgoingEmail.objects.filter(to=BEA).values_list("subject", flat=True))
    assert beas_subjects  # her confirmation, at least

    response = client.get("/my/data.json")

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["events"]["registrations"] == []
    assert data["members"]["contact_person_entries"] == []
    assert [m["subject"] for m in data["emails_sent_to_you"]] == []
    text = response.content.decode()
    for secret in ("Zellchemikerin", "vegan", "Rollstuhl", "+49 375 5550-17", "Bea Berger",
                   *beas_subjects):
        assert secret not in text
    # The address itself is the account's own data: listed, as not verified.
    assert {"email": BEA, "verified": False, "primary": False} in data["account"]["email_addresses"]


def test_my_portal_and_the_event_page_show_none_of_her_registrations(
        client, mallory_with_beas_address, bea):
    my_portal = client.get("/my/").content.decode()
    event_page = client.get(bea.event.get_absolute_url()).content.decode()

    assert bea.get_absolute_url() not in my_portal  # the secret link: see and cancel her seat
    assert bea.event.title_de not in my_portal
    assert bea.get_absolute_url() not in event_page
    assert "https://meet.example/geheim" not in event_page
    assert "Sie sind angemeldet." not in event_page


def test_deleting_the_account_leaves_her_seat_contact_entry_and_mails(
        client, mallory_with_beas_address, bea, django_capture_on_commit_callbacks):
    before = beas_traces()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=mallory_with_beas_address.pk).exists()
    assert beas_traces() == before
    assert before["registration"] == Registration.Status.CONFIRMED
    assert not OutgoingEmail.objects.filter(template="events_cancelled").exists()


def test_the_address_cannot_be_made_primary_before_it_is_confirmed(
        client, mallory_with_beas_address):
    client.post("/accounts/email/", {"email": BEA, "action_primary": ""})

    mallory_with_beas_address.refresh_from_db()
    assert mallory_with_beas_address.email == "member@example.com"


def test_an_address_counts_once_its_owner_confirmed_it(client, member,
                                                       django_capture_on_commit_callbacks):
    second = "member.zweit@example.com"
    registration = services.register(EventFactory(), services.Attendee(name="M. Zweit",
                                                                       email=second), diet="halal")
    client.force_login(member)
    add_address(client, second)
    assert client.get("/my/").content.decode().count(registration.get_absolute_url()) == 0

    # The owner follows the link the portal mailed to the new address.
    link = re.search(r"/accounts/confirm-email/[^/\s]+/",
                     OutgoingEmail.objects.get(to=second, template="email_confirmation").body_text)
    assert client.post(link.group(0)).status_code == 302
    assert EmailAddress.objects.get(user=member, email=second).verified

    assert registration.get_absolute_url() in client.get("/my/").content.decode()
    data = json.loads(client.get("/my/data.json").content)
    assert [r["diet"] for r in data["events"]["registrations"]] == ["halal"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"})
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert not OutgoingEmail.objects.filter(to=second).exists()


def test_erasure_keeps_the_mails_that_tell_others_and_drops_those_to_the_person(
        client, member, cluster, cluster_manager, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    services.register(event, services.Attendee(name="Mia Member", email=member.email),
                      user=member)
    waiting = services.register(event, services.Attendee(name="Wim Wartend",
                                                         email="wim@example.com"))
    trip = TripFactory(organisers=[cluster], seats=1)
    accepted = trip_services.apply(trip, member)
    trip_services.decide_application(accepted, decision=Application.Status.ACCEPTED, by=None)
    next_in_line = trip_services.apply(trip, make_user("nina@example.com"))
    trip_services.decide_application(next_in_line, decision=Application.Status.WAITLISTED, by=None)
    client.force_login(member)
    # Typed in, never confirmed: the organiser's and the waitlisted person's addresses.
    add_address(client, cluster_manager.email)
    add_address(client, "wim@example.com")
    managers_mails = set(OutgoingEmail.objects.filter(to=cluster_manager.email)
                         .values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"})

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    promotion = OutgoingEmail.objects.get(to="wim@example.com", template="events_promoted")
    assert promotion.status == OutgoingEmail.Status.SENT
    prompt = OutgoingEmail.objects.get(to=cluster_manager.email,
                                       template="delegations_organiser_prompt")
    assert prompt.status == OutgoingEmail.Status.SENT
    assert managers_mails < set(OutgoingEmail.objects.filter(to=cluster_manager.email)
                                .values_list("pk", flat=True))
    # Mails to the person, sent or queued by the erasure itself (the cancellation), are gone.
    assert not OutgoingEmail.objects.filter(to__iexact=member.email).exists()
