"""Applying for a trip: the form, its refusals, and the receipt it sends."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations import services
from delegations.models import Application
from delegations.tests.factories import OrganizationFactory
from delegations.tests.helpers import emails, url
from members.models import Organization, ValueChainStage


def test_applying_needs_a_login(client, trip):
    response = client.get(url("apply", trip))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_applies_and_sees_it_in_my_portal(client, trip, person):
    client.force_login(person)
    firm = OrganizationFactory(name="Zellwerk Zwickau")
    stage = ValueChainStage.objects.get(code="cell-manufacturing")

    response = client.post(url("apply", trip), {
        "organisation": firm.pk, "stages_sought": [stage.pk], "interests": "Zellchemie",
        "public_consent": "on", "travel_needs": "vegetarisch",
    })

    assert response.status_code == 302
    application = Application.objects.get(user=person)
    assert application.organisation == firm and application.public_consent
    assert application.language == "de"
    portal = client.get(reverse("my_portal")).content.decode()
    assert trip.title_de in portal and "Eingereicht" in portal
    assert url("withdraw", trip) in portal


def test_the_form_lists_only_published_organisations(client, trip, person):
    OrganizationFactory(name="Entwurf GmbH", status=Organization.Status.DRAFT)
    client.force_login(person)

    content = client.get(url("apply", trip)).content.decode()

    assert "Entwurf GmbH" not in content


def test_an_application_needs_an_organisation(client, trip, person):
    client.force_login(person)

    response = client.post(url("apply", trip), {"interests": "x"})

    assert response.status_code == 200
    assert not Application.objects.exists()


def test_an_organisation_chosen_and_typed_is_refused_not_guessed(client, trip, person):
    client.force_login(person)

    response = client.post(url("apply", trip), {"organisation": OrganizationFactory().pk,
                                                "organisation_name": "Meine Firma GmbH"})

    assert response.status_code == 200 and "nicht beides" in response.content.decode()
    assert not Application.objects.exists()


def test_a_second_application_is_redirected_to_my_portal(client, trip, person):
    services.apply(trip, person, organisation_name="ACME")
    client.force_login(person)

    response = client.post(url("apply", trip), {"organisation_name": "ACME"})

    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_after_the_deadline_the_form_says_closed(client, trip, person):
    trip.application_deadline = timezone.now() - timedelta(hours=1)
    trip.save()
    client.force_login(person)

    page = client.get(url("apply", trip)).content.decode()
    client.post(url("apply", trip), {"organisation_name": "ACME"})

    assert "Die Bewerbung für diese Reise ist geschlossen." in page
    assert not Application.objects.exists()


@pytest.mark.parametrize("field", ["organisation", "stages_sought"])
def test_tampered_choices_in_the_application_are_refused(client, trip, person, field):
    draft = OrganizationFactory(status=Organization.Status.DRAFT)
    client.force_login(person)
    data = {"organisation_name": "ACME", field: [draft.pk if field == "organisation" else 999999]}

    response = client.post(url("apply", trip), data)

    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Application.objects.exists()


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
