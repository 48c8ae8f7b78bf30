"""Sign-up with mandatory e-mail verification; the mail goes through the outbox to var/mail/."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from network_portal.models import OutgoingEmail
from network_portal.testing import make_user


def sign_up(client, django_capture_on_commit_callbacks, email="neu@example.com"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/accounts/signup/", {
            "first_name": "Nele", "last_name": "Neumann",
            "email": email, "password1": "Akku-Campus-2027!", "password2": "Akku-Campus-2027!",
        })


def test_sign_up_sends_a_verification_mail_into_the_mail_folder(
        client, db, mailoutbox_files, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    email = OutgoingEmail.objects.get(to="neu@example.com")
    assert email.status == OutgoingEmail.Status.SENT
    assert email.language == "de"
    assert email.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "Portal des Batterienetzwerks" in email.body_text
    files = list(mailoutbox_files.iterdir())
    assert len(files) == 1
    assert "/accounts/confirm-email/" in files[0].read_text()


def test_following_the_link_verifies_and_logs_the_person_in(
        client, db, mailoutbox_files, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    body = OutgoingEmail.objects.get(to="neu@example.com").body_text
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", body).group(1)

    assert client.get("/my/").status_code == 302  # not logged in before confirming
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="neu@example.com").verified
    assert client.get("/my/").status_code == 200


def test_unverified_person_cannot_log_in(client, db, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    client.logout()

    response = client.post("/accounts/login/", {"login": "neu@example.com",
                                                "password": "Akku-Campus-2027!"})

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert client.get("/my/").status_code == 302


def test_sign_up_with_a_taken_address_does_not_reveal_it(
        client, db, django_capture_on_commit_callbacks):
    make_user("bekannt@example.com")

    response = sign_up(client, django_capture_on_commit_callbacks, email="bekannt@example.com")

    # Same answer as for a new address; the owner gets a notice mail instead.
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert get_user_model().objects.filter(email="bekannt@example.com").count() == 1


def test_password_reset_mail_goes_through_the_outbox(
        client, db, django_capture_on_commit_callbacks):
    make_user("vergessen@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "vergessen@example.com"})

    email = OutgoingEmail.objects.get(to="vergessen@example.com")
    assert "/accounts/password/reset/key/" in email.body_text


def test_my_portal_needs_a_login(client, db):
    response = client.get("/my/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_my_portal_greets_the_logged_in_person(client, member):
    client.force_login(member)

    response = client.get("/my/")

    assert response.status_code == 200
    assert "member@example.com" in response.content.decode()


def test_signing_up_with_a_taken_address_costs_the_same_password_hash_as_a_new_one(
        client, db, django_capture_on_commit_callbacks, monkeypatch):
    """The answer took 53 ms for a taken address and 245 ms for a new one: hashing the password
    is what a new account costs, so the taken path hashes it too (counted, not timed)."""
    from django.contrib.auth.hashers import get_hasher

    hasher = type(get_hasher())
    calls = []
    original = hasher.encode

    def counting_encode(self, password, salt, *args, **kwargs):
        calls.append(password)
        return original(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting_encode)
    make_user("bekannt@example.com")
    calls.clear()

    new = sign_up(client, django_capture_on_commit_callbacks, email="neu@example.com")
    for_new = len(calls)
    calls.clear()
    taken = sign_up(Client(), django_capture_on_commit_callbacks, email="bekannt@example.com")

    assert (new.status_code, new.url) == (taken.status_code, taken.url)
    assert for_new == len(calls) == 1
    assert calls == ["Akku-Campus-2027!"]
    assert OutgoingEmail.objects.filter(to="bekannt@example.com").count() == 1  # the owner's notice


def test_sign_up_asks_for_the_name_once_and_keeps_it_on_the_account(
        client, db, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)

    person = get_user_model().objects.get(email="neu@example.com")
    assert (person.first_name, person.last_name) == ("Nele", "Neumann")
    assert person.get_full_name() == "Nele Neumann"


def test_sign_up_without_a_name_says_what_is_missing_and_creates_nothing(client, db):
    response = client.post("/accounts/signup/", {
        "first_name": "  ", "last_name": "", "email": "neu@example.com",
        "password1": "Akku-Campus-2027!", "password2": "Akku-Campus-2027!"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"first_name", "last_name"}
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not get_user_model().objects.exists()
