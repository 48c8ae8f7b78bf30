"""The feedback form of the accessibility statement: anyone reports a barrier, by way of the outbox."""

import pytest
from django.test import Client

from accessibility.models import BarrierReport
from network_portal import mail
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

URL = "/accessibility/report/"
REPORT = {
    "description": "Der Knopf „Anmelden“ lässt sich mit der Tastatur nicht erreichen.",
    "page": "/events/netzwerktreffen-2027/",
    "name": "Ada Beispiel",
    "email": "ada@beispiel.example",
}


@pytest.fixture(autouse=True)
def operator(settings):
    settings.OPERATOR = {**settings.OPERATOR, "name": "Netzwerkbüro Batterie e. V.",
                         "email": "barrierefrei@netzwerk.example"}


def test_a_visitor_reports_a_barrier_and_operator_and_sender_are_mailed(client):
    response = client.post(URL, REPORT)

    assert response.status_code == 302 and response["Location"] == "/accessibility/report/sent/"
    report = BarrierReport.objects.get()
    assert (report.description, report.page, report.name, report.email, report.user) == (
        REPORT["description"], REPORT["page"], "Ada Beispiel", "ada@beispiel.example", None)
    to_operator = OutgoingEmail.objects.get(to="barrierefrei@netzwerk.example")
    assert to_operator.language == "de"
    assert REPORT["description"] in to_operator.body_text  # typed text stays as typed
    assert "/events/netzwerktreffen-2027/" in to_operator.body_text
    assert mail.absolute_url("/accessibility/reports/") in to_operator.body_text
    receipt = OutgoingEmail.objects.get(to="ada@beispiel.example")
    assert receipt.language == "de"
    assert "Barriere" in receipt.subject
    assert receipt.reference == to_operator.reference == f"accessibility.report:{report.pk}"


def test_the_confirmation_page_names_the_address_the_receipt_goes_to(client):
    response = client.post(URL, REPORT, follow=True)

    html = response.content.decode()
    assert "Vielen Dank für Ihre Meldung" in html
    assert "ada@beispiel.example" in html


def test_the_receipt_goes_out_in_the_language_the_sender_used(client):
    client.cookies["django_language"] = "en"

    client.post(URL, REPORT)

    receipt = OutgoingEmail.objects.get(to="ada@beispiel.example")
    assert receipt.language == "en"
    assert receipt.subject == "We have received your report of a barrier"
    assert "within one month" in receipt.body_text
    # The operator reads German, whatever the sender's language.
    assert OutgoingEmail.objects.get(to="barrierefrei@netzwerk.example").language == "de"
    assert BarrierReport.objects.get().language == "en"


def test_the_receipt_repeats_nothing_the_sender_typed(client):
    # Otherwise the form would mail any text to any address a stranger types in.
    client.post(URL, {**REPORT, "description": "Kaufen Sie billige Uhren bei example.com",
                      "name": "Werbung"})

    receipt = OutgoingEmail.objects.get(to="ada@beispiel.example")
    assert "Uhren" not in receipt.body_text and "Werbung" not in receipt.body_text
    assert "Uhren" not in receipt.subject


def test_without_an_address_only_the_operator_is_mailed(client):
    client.post(URL, {"description": REPORT["description"]})

    assert BarrierReport.objects.get().email == ""
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "barrierefrei@netzwerk.example"]


def test_the_report_is_kept_when_no_operator_address_is_set(client, settings):
    settings.OPERATOR = {**settings.OPERATOR, "email": ""}

    client.post(URL, REPORT)

    assert BarrierReport.objects.count() == 1
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["ada@beispiel.example"]


def test_the_mails_are_sent_after_the_report_is_saved(client, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, REPORT)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "ada@beispiel.example", "barrierefrei@netzwerk.example"]


def test_a_logged_in_persons_report_is_linked_to_their_account(client, member):
    client.force_login(member)

    form = client.get(URL).content.decode()
    client.post(URL, {"description": REPORT["description"], "email": member.email})

    assert 'value="member@example.com"' in form  # prefilled, and they may clear it
    assert BarrierReport.objects.get().user == member


def test_the_footer_link_fills_in_the_page_the_person_came_from(client):
    html = client.get(URL, {"page": "/members/?stage=recycling"}).content.decode()

    assert 'value="/members/?stage=recycling"' in html


def test_invalid_input_changes_nothing_and_names_the_fields(client):
    response = client.post(URL, {"description": "kaputt", "email": "keine-adresse"})

    assert response.status_code == 200
    assert not BarrierReport.objects.exists()
    assert not OutgoingEmail.objects.exists()
    html = response.content.decode()
    # Each message sits in an element the field points to with aria-describedby.
    assert 'aria-describedby="id_description_helptext id_description_error"' in html
    assert 'id="id_description_error"' in html
    assert "mindestens 10 Zeichen" in html.split('id="id_description_error"')[1].split("</div>")[0]
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert "gültige E-Mail-Adresse" in html.split('id="id_email_error"')[1].split("</div>")[0]


def test_an_empty_description_is_refused_in_english_too(client):
    client.cookies["django_language"] = "en"

    response = client.post(URL, {"description": "  "})

    assert "This field is required." in response.content.decode()
    assert not BarrierReport.objects.exists()


def test_a_bot_filling_the_hidden_field_is_thanked_and_ignored(client):
    response = client.post(URL, {**REPORT, "website": "https://spam.example"})

    assert response.status_code == 302 and response["Location"] == "/accessibility/report/sent/"
    assert not BarrierReport.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_the_form_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(URL, REPORT)

    assert response.status_code == 403
    assert not BarrierReport.objects.exists()


def test_one_address_sends_at_most_five_reports_an_hour(client):
    for n in range(5):
        assert client.post(URL, {"description": f"Barriere Nummer {n} auf der Seite"},
                           REMOTE_ADDR="203.0.113.7").status_code == 302

    refused = client.post(URL, {"description": "Barriere Nummer 6 auf der Seite"},
                          REMOTE_ADDR="203.0.113.7")
    other = client.post(URL, {"description": "Eine andere Person, ein anderer Anschluss"},
                        REMOTE_ADDR="198.51.100.4")

    assert refused.status_code == 429
    assert "mehrere Meldungen" in refused.content.decode()
    assert other.status_code == 302
    assert BarrierReport.objects.count() == 6


def test_one_e_mail_address_gets_at_most_three_reports_an_hour(client):
    for n in range(3):
        client.post(URL, {**REPORT, "description": f"Barriere Nummer {n} gefunden"},
                    REMOTE_ADDR=f"203.0.113.{n}")

    refused = client.post(URL, {**REPORT, "email": "ADA@beispiel.example"},
                          REMOTE_ADDR="203.0.113.99")

    assert refused.status_code == 429
    assert BarrierReport.objects.count() == 3
    assert OutgoingEmail.objects.filter(to="ada@beispiel.example").count() == 3
