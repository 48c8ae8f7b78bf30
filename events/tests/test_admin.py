"""The admin cannot change seats, the waitlist or the status around the services."""

import pytest

from events.models import Registration
from events.tests.factories import AgendaItemFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_an_events_seats_status_and_start_are_read_only_in_the_admin(client, admin_user, event):
    AgendaItemFactory(event=event, capacity=5)
    client.force_login(admin_user)

    response = client.get(f"/admin/events/event/{event.pk}/change/")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not {"status", "capacity", "starts_at"} & set(form.fields)
    inline = response.context["inline_admin_formsets"][0].formset
    assert "capacity" not in inline.forms[0].fields


def test_registrations_cannot_be_deleted_in_the_admin(client, admin_user, event):
    registration = RegistrationFactory(event=event)
    client.force_login(admin_user)

    client.post(f"/admin/events/registration/{registration.pk}/delete/", {"post": "yes"})

    assert Registration.objects.filter(pk=registration.pk).exists()


def test_the_admin_can_still_create_an_event(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/events/event/add/")

    assert {"status", "capacity", "starts_at"} <= set(response.context["adminform"].form.fields)
