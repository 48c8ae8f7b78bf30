"""A trip's outbox page, like an event's: its e-mails with their text, "send again", and who may."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations import services
from network_portal import audit
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def trip_email(trip, n=1, **fields):
    return OutgoingEmail.objects.create(
        to=f"bewerberin{n}@example.com", subject=f"Ihre Bewerbung {n}",
        body_text=f"Guten Tag,\n\nIhre Bewerbung {n} ist eingegangen.", reference=trip.reference,
        **fields)


def test_the_outbox_shows_the_trips_emails_with_their_text(client, trip, cluster_manager):
    trip_email(trip, status="failed", last_error="SMTP down")
    OutgoingEmail.objects.create(to="x@example.com", subject="Fremd", body_text=".",
                                 reference="delegations.trip:999999")
    client.force_login(cluster_manager)

    text = client.get(f"/delegations/{trip.slug}/outbox/").content.decode()

    assert "bewerberin1@example.com" in text and "SMTP down" in text and "Fremd" not in text
    assert "Ihre Bewerbung 1 ist eingegangen." in text and "Text wie versandt" in text


def test_the_trip_page_links_its_outbox_for_its_organisers(client, trip, cluster_manager, member):
    client.force_login(cluster_manager)
    assert f"/delegations/{trip.slug}/outbox/" in client.get(trip.get_absolute_url()).content.decode()
    client.force_login(member)
    assert f"/delegations/{trip.slug}/outbox/" not in client.get(trip.get_absolute_url()).content.decode()


def test_send_again_queues_the_email_and_is_recorded(client, trip, cluster_manager):
    email = trip_email(trip, status="failed", attempts=3)
    client.force_login(cluster_manager)

    response = client.post(f"/delegations/{trip.slug}/outbox/{email.pk}/resend/", follow=True)

    email.refresh_from_db()
    assert email.status == "queued" and email.attempts == 0
    assert "wird erneut gesendet" in response.content.decode()
    [entry] = [e for e in audit.entries_for(trip) if e.action == "delegations.trip.email_resent"]
    assert entry.actor == cluster_manager and entry.data["email"] == email.pk


def test_a_queued_email_is_not_queued_twice(client, trip, cluster_manager):
    email = trip_email(trip, status="queued", attempts=2)
    client.force_login(cluster_manager)

    response = client.post(f"/delegations/{trip.slug}/outbox/{email.pk}/resend/", follow=True)

    assert "noch in der Warteschlange" in response.content.decode()
    email.refresh_from_db()
    assert email.attempts == 2


def test_another_trips_email_is_not_found(client, trip, cluster_manager):
    foreign = OutgoingEmail.objects.create(to="x@example.com", subject="Fremd", body_text=".",
                                           reference="delegations.trip:999999", status="failed")
    client.force_login(cluster_manager)

    assert client.post(f"/delegations/{trip.slug}/outbox/{foreign.pk}/resend/").status_code == 404
    with pytest.raises(services.NotAllowed):
        services.resend_email(foreign, trip=trip, by=None)


@pytest.mark.parametrize("persona, status", [(None, 302), ("member", 403), ("other_manager", 403)])
def test_the_outbox_and_send_again_are_refused_to_others(client, request, trip, persona, status):
    email = trip_email(trip, status="failed")
    if persona:
        client.force_login(request.getfixturevalue(persona))

    assert client.get(f"/delegations/{trip.slug}/outbox/").status_code == status
    assert client.post(f"/delegations/{trip.slug}/outbox/{email.pk}/resend/").status_code == status
    email.refresh_from_db()
    assert email.status == "failed"


def test_the_outbox_page_costs_the_same_queries_for_few_and_many_emails(client, trip,
                                                                       cluster_manager):
    client.force_login(cluster_manager)
    trip_email(trip, 1)
    client.get(f"/delegations/{trip.slug}/outbox/")  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/delegations/{trip.slug}/outbox/")
    for n in range(2, 40):
        trip_email(trip, n, status="sent")
    with CaptureQueriesContext(connection) as many:
        text = client.get(f"/delegations/{trip.slug}/outbox/").content.decode()

    assert len(many) == len(few)
    assert "bewerberin39@example.com" in text
