import json

from network_portal import mail
from network_portal.models import OutgoingEmail, User
from network_portal.testing import PASSWORD, make_user


def test_a_person_downloads_their_data(client, member):
    mail.enqueue_rendered(to=member.email, subject="Ihre Anmeldung", body_text="...", key="k1")
    mail.enqueue_rendered(to="someone-else@example.com", subject="Fremd", body_text="...", key="k2")
    client.force_login(member)

    response = client.get("/my/data.json")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-portal-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "member@example.com"
    assert [e["subject"] for e in data["emails_sent_to_you"]] == ["Ihre Anmeldung"]


def test_the_download_needs_a_login(client, db):
    response = client.get("/my/data.json")

    assert response.status_code == 302


def test_deleting_the_account_needs_the_password(client, member):
    client.force_login(member)

    response = client.post("/my/delete/", {"password": "wrong", "confirm": "on"})

    assert response.status_code == 200
    assert "Das Passwort ist nicht korrekt." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_deleting_the_account_removes_the_person_and_their_mails_only(client, member):
    other = make_user("other@example.com")
    mail.enqueue_rendered(to=member.email, subject="Ihre Anmeldung", body_text="...", key="k1")
    mail.enqueue_rendered(to=other.email, subject="Andere", body_text="...", key="k2")
    client.force_login(member)

    response = client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert "Ihr Konto und Ihre Daten wurden gelöscht." in response.content.decode()
    assert not User.objects.filter(pk=member.pk).exists()
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["other@example.com"]
    assert client.get("/my/").status_code == 302
