"""The event's outbox page: its e-mails, "send again", and who may."""

import pytest

from events import services
from events.tests.factories import attendee
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_outbox_shows_the_events_emails_and_resends(client, event, cluster_manager):
    registration = services.register(event, attendee(1))
    mail = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    OutgoingEmail.objects.filter(pk=mail.pk).update(status="failed", last_error="SMTP down")
    OutgoingEmail.objects.create(to="x@example.com", subject="Fremd", body_text=".",
                                 reference="events.event:999999")
    client.force_login(cluster_manager)

    text = client.get(f"/events/{event.slug}/outbox/").content.decode()
    assert "teilnehmerin1@example.com" in text and "SMTP down" in text and "Fremd" not in text

    client.post(f"/events/{event.slug}/outbox/{mail.pk}/resend/")
    mail.refresh_from_db()
    assert mail.status == "queued" and mail.attempts == 0


def test_the_outbox_cannot_resend_another_events_email(client, event, cluster_manager):
    foreign = OutgoingEmail.objects.create(to="x@example.com", subject="Fremd", body_text=".",
                                           reference="events.event:999999", status="failed")
    client.force_login(cluster_manager)

    assert client.post(f"/events/{event.slug}/outbox/{foreign.pk}/resend/").status_code == 404


def test_a_queued_email_is_not_queued_twice(client, event, cluster_manager):
    registration = services.register(event, attendee(1))
    queued = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    OutgoingEmail.objects.filter(pk=queued.pk).update(status="queued", attempts=2)
    client.force_login(cluster_manager)

    response = client.post(f"/events/{event.slug}/outbox/{queued.pk}/resend/", follow=True)

    assert "noch in der Warteschlange" in response.content.decode()
    queued.refresh_from_db()
    assert queued.attempts == 2


@pytest.mark.parametrize("persona, status", [
    (None, 302), ("member", 403), ("other_manager", 403),
])
def test_resending_is_refused_to_others(client, request, event, persona, status):
    registration = services.register(event, attendee(1))
    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    OutgoingEmail.objects.filter(pk=email.pk).update(status="failed")
    if persona:
        client.force_login(request.getfixturevalue(persona))

    assert client.post(f"/events/{event.slug}/outbox/{email.pk}/resend/").status_code == status
    email.refresh_from_db()
    assert email.status == "failed"


def test_the_outbox_hides_the_secret_links_in_the_mails_it_shows(client, event, cluster_manager):
    registration = services.register(event, attendee(1))
    client.force_login(cluster_manager)

    text = client.get(f"/events/{event.slug}/outbox/").content.decode()

    assert "/events/registration/•••/" in text
    assert registration.token not in text  # staff cannot cancel anyone with the mail's link


def test_a_long_outbox_comes_in_pages_of_fifty(client, event, cluster_manager):
    for n in range(60):
        OutgoingEmail.objects.create(to=f"p{n}@example.com", subject=f"S{n}", body_text=".",
                                     reference=event.reference, status="failed")
    client.force_login(cluster_manager)

    first = client.get(f"/events/{event.slug}/outbox/?status=failed").content.decode()
    second = client.get(f"/events/{event.slug}/outbox/?status=failed&page=2").content.decode()

    assert first.count("<tr>") - 1 == 50 and "status=failed&amp;page=2" in first
    assert second.count("<tr>") - 1 == 10
