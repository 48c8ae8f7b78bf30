"""Every form sent with mistakes ties each error to its field (aria-invalid, aria-describedby).

The markup comes from one place: crispy-bootstrap5's field templates as `templates/bootstrap5/`
overrides them, and Django's own `aria-invalid`/`aria-describedby` on the widgets. allauth's
forms go through the same templates (`templates/allauth/elements/fields.html`).
"""

from io import StringIO

import pytest
from django.core.management import call_command

from events.tests.factories import EventFactory
from network_portal.testing import error_summary_problems, form_error_problems, parse_elements
from portal.tests.form_pages import error_pages


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo's guard; pages render the same
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False


def post_with_errors(client, path, user, data):
    client.logout()
    if user:
        client.force_login(user)
    response = client.post(path, data)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_every_form_sent_with_mistakes_ties_its_errors_to_the_fields(client, demo):
    problems = {}
    for name, path, user, data in error_pages():
        html = post_with_errors(client, path, user, data)
        elements = parse_elements(html)
        if name != "login-wrong":  # that one has only an error about the whole form
            assert any(e.attrs.get("aria-invalid") == "true" for e in elements), name
        if found := form_error_problems(html) + error_summary_problems(html):
            problems[name] = found
        summaries = [e for e in elements if "error-summary" in e.classes]
        assert len(summaries) == 1, (name, len(summaries))

    assert problems == {}


def test_an_error_at_a_field_names_itself_an_error_to_screen_readers(client, member):
    event = EventFactory(capacity=10)
    html = post_with_errors(client, f"/events/{event.slug}/register/", member,
                            {"registers_for": "colleague", "email": "no-address"})

    error = next(e for e in parse_elements(html) if e.attrs.get("id") == "id_email_error")
    assert error.text.split() == ["Fehler:", "Bitte", "gültige", "E-Mail-Adresse", "eingeben."]


def test_the_summary_links_each_error_to_its_field_and_lists_those_of_the_form(client, member):
    event = EventFactory(capacity=10)
    html = post_with_errors(client, f"/events/{event.slug}/register/", member,
                            {"registers_for": "colleague", "email": "no-address"})

    summary = next(e for e in parse_elements(html) if "error-summary" in e.classes)
    text = " ".join(summary.text.split())
    assert text.startswith("Das Formular enthält 3 Fehler")
    assert "Name: Dieses Feld ist zwingend erforderlich." in text
    assert "E-Mail: Bitte gültige E-Mail-Adresse eingeben." in text
    assert '<a href="#id_email" class="alert-link">' in html
    # Above the first field, so it is read (and focused) first.
    assert html.index("data-error-summary") < html.index('id="div_id_registers_for"')


def test_errors_about_the_whole_form_are_in_the_summary(client, db):
    html = client.post("/accounts/login/", {"login": "nobody@example.com",
                                            "password": "not-the-password"}).content.decode()

    summary = next(e for e in parse_elements(html) if "error-summary" in e.classes)
    assert "Das Formular enthält 1 Fehler" in summary.text
    assert "E-Mail-Adresse und/oder das Passwort" in summary.text
