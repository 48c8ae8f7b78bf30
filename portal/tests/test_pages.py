from datetime import timedelta

from django.utils import timezone

from members.models import Organization
from network_portal.testing import PASSWORD, make_user

OPERATOR = {
    "name": "Netzwerkbüro Batterie e. V.", "address": ["Innere Schneeberger Straße 1", "08056 Zwickau"],
    "email": "kontakt@netzwerk.example", "phone": "+49 375 000", "represented_by": "Dr. Erika Muster",
    "register": "VR 1234, Amtsgericht Chemnitz", "vat_id": "", "content_responsible": "Max Muster",
    "data_protection_officer": "datenschutz@netzwerk.example",
}


def test_the_imprint_shows_the_operator_from_the_settings(client, db, settings):
    settings.OPERATOR = OPERATOR

    html = client.get("/imprint/").content.decode()

    assert "Netzwerkbüro Batterie e. V." in html
    assert "08056 Zwickau" in html
    assert "VR 1234, Amtsgericht Chemnitz" in html
    assert "mailto:kontakt@netzwerk.example" in html
    assert "noch nicht eingetragen" not in html


def test_an_unconfigured_imprint_says_what_is_missing(client, db, settings):
    settings.OPERATOR = {**OPERATOR, "name": ""}

    html = client.get("/imprint/").content.decode()

    assert "noch nicht eingetragen" in html
    assert "PORTAL_OPERATOR_NAME" in html


def test_the_privacy_page_names_the_controller_and_the_self_service(client, db, settings):
    settings.OPERATOR = OPERATOR

    html = client.get("/privacy/").content.decode()

    assert "Verantwortlicher" in html and "Netzwerkbüro Batterie e. V." in html
    assert "datenschutz@netzwerk.example" in html
    assert "Mein Portal" in html


def test_the_home_page_shows_the_newest_published_members_first(client, db):
    now = timezone.now()
    for days, name, status in [(3, "Ältere Zellwerk GmbH", "published"),
                               (1, "Neueste Recycling AG", "published"),
                               (0, "Entwurf Speicher GmbH", "draft")]:
        organisation = Organization.objects.create(name=name, slug=f"org-{days}",
                                                   kind="company", status=status)
        Organization.objects.filter(pk=organisation.pk).update(created_at=now - timedelta(days=days))

    html = client.get("/").content.decode()

    assert html.index("Neueste Recycling AG") < html.index("Ältere Zellwerk GmbH")
    assert "Entwurf Speicher GmbH" not in html


def test_repeated_failed_logins_are_throttled(client, db):
    make_user("anna@zellwerk.example")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "anna@zellwerk.example", "password": "falsch"})

    response = client.post("/accounts/login/", {"login": "anna@zellwerk.example",
                                                 "password": PASSWORD})

    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session
