""""My portal": one's own registrations and those one made for colleagues."""

import pytest

from events.tests.factories import (
    EventFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_my_portal_lists_my_registrations_and_those_i_made(client, member):
    event = EventFactory(title_de="Mein Treffen")
    other = EventFactory(title_de="Kollegentreffen")
    RegistrationFactory(event=event, email=member.email.upper())
    RegistrationFactory(event=other, user=member, name="Kai Kollege")
    RegistrationFactory(event=other, name="Fremde Person")
    client.force_login(member)

    text = client.get("/my/").content.decode()

    assert "Mein Treffen" in text and "Kai Kollege" in text
    assert "Fremde Person" not in text
