"""The registration form: oneself or a colleague, the organisation, refusals, the waitlist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
    attendee,
    register_data,
)

pytestmark = pytest.mark.django_db


def test_registering_without_a_login_shows_the_guest_form(client, event):
    response = client.get(f"/events/{event.slug}/register/")

    assert response.status_code == 200
    assert "first_name" in response.context["form"].fields
    assert "registers_for" not in response.context["form"].fields


def test_a_member_registers_themself(client, member, event):
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data())

    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert registration.email == member.email  # "myself" is the account's address
    assert registration.user == member
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.language == "de"


def test_a_member_registers_a_colleague_with_a_member_organisation(client, member, event):
    organisation = OrganizationFactory(name="Zellwerk Zwickau")
    first = AgendaItemFactory(event=event)
    island = AgendaItemFactory(event=event, capacity=5)
    client.force_login(member)

    client.post(f"/events/{event.slug}/register/", register_data(
        registers_for="colleague", name="Kai Kollege", email="kai@zellwerk.example",
        organisation=organisation.pk, organisation_name="", **{f"slot_{first.pk}": island.pk}))

    registration = Registration.objects.get()
    assert (registration.email, registration.organisation, registration.user) == (
        "kai@zellwerk.example", organisation, member)
    assert list(registration.agenda_items.all()) == [island]


def test_the_organisation_is_required(client, member, event):
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data(organisation_name=""))

    assert response.status_code == 200
    assert "Wählen Sie eine Mitgliedsorganisation" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_duplicate_is_refused_with_a_clear_message(client, member, event):
    RegistrationFactory(event=event, email=member.email)
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data())

    assert "ist für diese Veranstaltung bereits angemeldet" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_closed_event_refuses_with_a_message(client, member):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data())

    assert "Die Anmeldung für diese Veranstaltung ist geschlossen." in response.content.decode()


def test_a_full_event_shows_the_waitlist_position(client, member):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data(), follow=True)

    text = response.content.decode()
    assert "Warteliste" in text and "Position 1 auf der Warteliste" in text


def test_the_form_marks_full_agenda_items(client, member, event):
    island = AgendaItemFactory(event=event, title_de="Insel Energie", capacity=1)
    services.register(event, attendee(1), agenda_items=[island])
    client.force_login(member)

    text = client.get(f"/events/{event.slug}/register/").content.decode()

    assert "Insel Energie (voll: Warteliste)" in text


@pytest.mark.parametrize("change, message", [
    ({"registration_opens_at": timezone.now() + timedelta(days=1)},
     "Die Anmeldung für diese Veranstaltung ist noch nicht geöffnet."),
    ({"registration_closes_at": timezone.now() - timedelta(hours=1)},
     "Die Anmeldung für diese Veranstaltung ist geschlossen."),
    ({"status": Event.Status.CANCELLED}, "Diese Veranstaltung wurde abgesagt."),
])
def test_the_register_page_says_why_registration_is_refused_and_offers_no_form(
        client, member, change, message):
    event = EventFactory(**change)
    client.force_login(member)

    text = client.get(f"/events/{event.slug}/register/").content.decode()

    assert message in text
    assert 'name="registers_for"' not in text


def test_the_form_is_prefilled_with_the_name_and_the_organisation_one_represents(client, member,
                                                                               event):
    from members.models import Representative

    member.first_name, member.last_name = "Mara", "Muster"
    member.save()
    organisation = OrganizationFactory(name="Zellwerk Zwickau")
    Representative.objects.create(user=member, organization=organisation,
                                  status=Representative.Status.CONFIRMED)
    client.force_login(member)

    form = client.get(f"/events/{event.slug}/register/").context["form"]

    assert form.initial["name"] == "Mara Muster"
    assert form.initial["email"] == member.email
    assert form.initial["organisation"] == organisation.pk
