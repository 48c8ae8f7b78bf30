import pytest

from events import privacy, services
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory, attendee

pytestmark = pytest.mark.django_db


def test_the_export_lists_own_registrations_and_those_made_for_colleagues(member):
    event = EventFactory(title_de="Netzwerktreffen")
    RegistrationFactory(event=event, email=member.email, diet="vegan")
    RegistrationFactory(event=event, user=member, name="Kai Kollege", email="kai@example.com")

    data = privacy.export(member)

    assert [r["diet"] for r in data["registrations"]] == ["vegan"]
    assert data["registrations_made_for_colleagues"][0]["name"] == "Kai Kollege"
    assert "email" not in data["registrations_made_for_colleagues"][0]


def test_erasing_frees_the_seat_for_the_waitlist_and_deletes_the_rows(member):
    event = EventFactory(capacity=1)
    services.register(event, attendee(1, email=member.email))
    waiting = services.register(event, attendee(2))

    privacy.erase(member)

    assert not Registration.objects.filter(email=member.email).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
