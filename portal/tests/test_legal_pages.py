"""The accessibility statement, the easy-language page and the privacy notice, and the links to them."""

import re
from datetime import date

import pytest
from django.urls import reverse

from delegations.tests.factories import TripFactory
from events.tests.factories import EventFactory
from members.models import Organization

pytestmark = pytest.mark.django_db

OPERATOR = {
    "name": "Netzwerkbüro Batterie e. V.", "address": ["Innere Schneeberger Straße 1", "08056 Zwickau"],
    "email": "kontakt@netzwerk.example", "phone": "+49 375 000", "represented_by": "",
    "register": "", "vat_id": "", "content_responsible": "",
    "data_protection_officer": "datenschutz@netzwerk.example",
}
ENFORCEMENT = {
    "checked_on": date(2026, 11, 30),
    "enforcement_name": "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz",
    "enforcement_url": "https://www.schlichtungsstelle-bgg.de/",
}


@pytest.fixture(autouse=True)
def operator(settings):
    settings.OPERATOR = OPERATOR
    settings.ACCESSIBILITY = ENFORCEMENT
    settings.SUPERVISORY_AUTHORITY = {
        "name": "Sächsische Datenschutz- und Transparenzbeauftragte",
        "url": "https://www.datenschutz.sachsen.de/"}


def english(client):
    client.cookies["django_language"] = "en"
    return client


# Accessibility statement ----------------------------------------------------------------------

def test_the_statement_names_the_check_the_gaps_and_the_enforcement_body_in_german(client):
    html = client.get("/accessibility/").content.decode()

    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html
    assert "teilweise barrierefrei" in html
    assert "30. November 2026" in html and "axe-core" in html and "Von Hand" in html
    for gap in ["Texte in nur einer Sprache", "Logos", "Druckansichten", "Gebärdensprache"]:
        assert gap in html
    assert ('<a href="https://www.schlichtungsstelle-bgg.de/">Schlichtungsstelle nach dem '
            'Behindertengleichstellungsgesetz</a>') in html
    assert 'href="/accessibility/report/"' in html
    assert "mailto:kontakt@netzwerk.example" in html and "+49 375 000" in html
    assert "Netzwerkbüro Batterie e. V. möchte" in html


def test_the_statement_in_english(client):
    html = english(client).get("/accessibility/").content.decode()

    assert "<h1>Accessibility statement</h1>" in html
    assert "partially accessible" in html
    assert "30 November 2026" in html or "Nov. 30, 2026" in html
    assert "Enforcement procedure" in html and "schlichtungsstelle-bgg.de" in html


def test_the_statement_names_every_automated_check_and_no_fixed_gap(client):
    html = client.get("/accessibility/").content.decode()

    for check in ["axe-core", "allein mit der Tastatur", "320 und 640 Pixel", "Nu HTML Checker"]:
        assert check in html
    assert "Fehler in Formularen" not in html
    html = english(client).get("/accessibility/").content.decode()
    for check in ["axe-core", "keyboard alone", "320 and 640 pixels", "Nu HTML Checker",
                  "lists them at its top"]:
        assert check in html


def test_without_an_enforcement_body_the_statement_says_which_setting_is_missing(client, settings):
    settings.ACCESSIBILITY = {**ENFORCEMENT, "enforcement_name": "", "enforcement_url": ""}

    html = client.get("/accessibility/").content.decode()

    assert "Durchsetzungsstelle noch nicht eingetragen" in html
    assert "PORTAL_ACCESSIBILITY_ENFORCEMENT_NAME" in html


# Easy language ----------------------------------------------------------------------------------

def test_the_easy_language_page_explains_the_portal_and_registering_in_short_sentences(client):
    html = client.get("/leichte-sprache/").content.decode()

    assert "<h1>Leichte Sprache</h1>" in html
    assert "Ein Netzwerk ist eine Gruppe." in html
    assert "Wie melde ich mich für eine Veranstaltung an?" in html
    assert "Klicken Sie auf: <strong>Zur Veranstaltung anmelden</strong>." in html
    assert "mailto:kontakt@netzwerk.example" in html and 'href="/accessibility/report/"' in html
    # One idea per sentence: no sentence of the page's text runs longer than 15 words.
    text = re.sub(r"<[^>]+>", " ", html.split('class="easy-language"')[1].split("</main>")[0])
    sentences = [s for s in re.split(r"[.?!:]\s", " ".join(text.split())) if s.strip()]
    assert max(len(sentence.split()) for sentence in sentences) <= 15


def test_the_plain_language_page_in_english(client):
    html = english(client).get("/leichte-sprache/").content.decode()

    assert "<h1>Plain language</h1>" in html
    assert "A network is a group." in html
    assert "Click on: <strong>Register for this event</strong>." in html


def test_the_home_page_links_to_easy_language(client):
    html = client.get("/").content.decode()

    hero = html.split('class="hero')[1].split("</section>")[0]
    assert '<a href="/leichte-sprache/">Informationen in Leichter Sprache</a>' in hero


# Footer ---------------------------------------------------------------------------------------

FOOTER_LINKS = ['href="/imprint/"', 'href="/privacy/"', 'href="/accessibility/"',
                'href="/leichte-sprache/"']


def footer(html):
    return html.split('<footer')[1].split("</footer>")[0]


@pytest.mark.parametrize("persona", [None, "member", "economic_development"])
def test_every_page_links_the_statement_the_barrier_form_and_easy_language(
        client, request, persona, cluster):
    event = EventFactory(organisers=[cluster])
    trip = TripFactory(organisers=[cluster])
    Organization.objects.filter(pk=cluster.pk).update(slug="cluster-x")
    pages = ["/", "/members/", "/members/cluster-x/", "/value-chain/", "/events/",
             event.get_absolute_url(), trip.get_absolute_url(), "/delegations/", "/imprint/",
             "/privacy/", "/accessibility/", "/accessibility/report/", "/leichte-sprache/",
             "/gibt-es-nicht/", "/accessibility/reports/"]
    if persona:
        client.force_login(request.getfixturevalue(persona))
        pages += ["/my/", reverse("events:register", args=[event.slug]),
                  reverse("delegations:apply", args=[trip.slug])]
    else:
        pages += ["/accounts/login/", "/accounts/signup/"]
    for url in pages:
        html = client.get(url).content.decode()
        for link in FOOTER_LINKS:
            assert link in footer(html), (url, link)
        # The barrier form learns which page the person was on.
        assert f'href="/accessibility/report/?page={url}">Barriere melden</a>' in footer(html), url


def test_the_footer_in_english(client):
    html = footer(english(client).get("/events/").content.decode())

    assert "Accessibility" in html and "Report a barrier" in html and "Plain language" in html


# Privacy notice ---------------------------------------------------------------------------------

PURPOSES = ["account", "event-registration", "participant-list", "delegation-trips",
            "contact-persons", "emails", "server-logs", "cookies", "accessibility-feedback",
            "rights", "complaint"]


def test_the_privacy_notice_has_a_section_and_a_contents_link_per_purpose(client):
    html = client.get("/privacy/").content.decode()

    for anchor in PURPOSES:
        assert f'id="{anchor}"' in html, anchor
        assert f'href="#{anchor}"' in html, anchor
    for section in ["account", "event-registration", "delegation-trips", "contact-persons",
                    "emails", "server-logs", "accessibility-feedback"]:
        part = html.split(f'id="{section}"')[1].split("</section>")[0]
        for heading in ["Welche Daten", "Rechtsgrundlage", "Wer sie sieht", "Wie lange"]:
            assert heading in part, (section, heading)
        assert "Art. 6 Abs. 1 lit." in part, section


def test_the_privacy_notice_shows_the_retention_periods_from_the_settings(client, settings):
    settings.PORTAL_RETENTION_MONTHS = 36
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 60
    settings.PORTAL_LOG_RETENTION_DAYS = 7
    settings.PORTAL_FEEDBACK_RETENTION_MONTHS = 1

    html = client.get("/privacy/").content.decode()

    assert "Anmeldungen werden 36 Monate nach der Veranstaltung" in html
    assert "Bewerbungen werden 36 Monate nach der Reise" in html
    assert "E-Mails werden 60 Tage aufbewahrt" in html
    assert "Server-Protokolle werden 7 Tage aufbewahrt" in html
    assert "Meldungen werden 1 Monat nach ihrer Beantwortung" in html


def test_the_privacy_notice_names_controller_officer_rights_and_authority(client):
    html = client.get("/privacy/").content.decode()

    assert "Verantwortlicher" in html and "Netzwerkbüro Batterie e. V." in html
    assert "datenschutz@netzwerk.example" in html
    rights = html.split('id="rights"')[1].split("</section>")[0]
    for right in ["Auskunft", "Berichtigung", "Löschung", "Einschränkung", "Widerspruch",
                  "Datenübertragbarkeit", "Widerruf"]:
        assert right in rights, right
    assert ('<a href="https://www.datenschutz.sachsen.de/">Sächsische Datenschutz- und '
            'Transparenzbeauftragte</a>') in html


def test_without_an_authority_the_notice_says_which_setting_is_missing(client, settings):
    settings.SUPERVISORY_AUTHORITY = {"name": "", "url": ""}

    html = client.get("/privacy/").content.decode()

    assert "PORTAL_SUPERVISORY_AUTHORITY_NAME" in html


def test_the_privacy_notice_in_english(client):
    html = english(client).get("/privacy/").content.decode()

    assert "<h1>Privacy notice</h1>" in html
    assert "Art. 6(1)(b) GDPR" in html and "Legal basis" in html
    assert "24 months after the event" in html
    assert "Complaint to a supervisory authority" in html


# Forms link to their section ------------------------------------------------------------------

def data_note(html):
    """The line above the submit button, and where it links."""
    return html.split('class="small data-note"')[1].split("</p>")[0]


def test_the_event_registration_form_says_what_happens_with_the_data(client, member, cluster):
    event = EventFactory(organisers=[cluster])
    client.force_login(member)

    html = client.get(reverse("events:register", args=[event.slug])).content.decode()

    assert 'href="/privacy/#event-registration"' in data_note(html)
    assert "Die Veranstalter und die Wirtschaftsförderung" in data_note(html)
    assert html.index("data-note") < html.index('type="submit" class="btn btn-primary"')


def test_the_trip_application_form_says_what_happens_with_the_data(client, member, cluster):
    trip = TripFactory(organisers=[cluster])
    client.force_login(member)

    html = client.get(reverse("delegations:apply", args=[trip.slug])).content.decode()

    assert 'href="/privacy/#delegation-trips"' in data_note(html)
    assert "Gastgeber des Programms" in data_note(html)
    assert html.index("data-note") < html.index('value="Bewerbung absenden"')


def test_the_sign_up_form_says_what_happens_with_the_data(client):
    html = client.get("/accounts/signup/").content.decode()

    assert 'href="/privacy/#account"' in data_note(html)
    assert html.index("data-note") < html.index('type="submit"', html.index("<main"))


def test_the_barrier_form_says_what_happens_with_the_data(client):
    html = client.get("/accessibility/report/").content.decode()

    assert 'href="/privacy/#accessibility-feedback"' in data_note(html)


def test_the_login_form_has_no_sign_up_note(client):
    assert "data-note" not in client.get("/accounts/login/").content.decode()


# Settings -------------------------------------------------------------------------------------

def test_a_check_date_that_is_no_date_stops_the_start_with_a_clear_message():
    from network_portal.tests.test_settings import load_settings

    result = load_settings(PORTAL_ACCESSIBILITY_CHECKED_ON="letzte Woche")

    assert result.returncode != 0
    assert "PORTAL_ACCESSIBILITY_CHECKED_ON must be a date like 2026-12-01" in result.stderr


def test_the_client_address_behind_the_proxy_comes_from_x_forwarded_for(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        client.post("/accessibility/report/", {"description": f"Barriere Nummer {n} gefunden"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    # Five clients behind one proxy, one report each: the sixth client is not throttled.
    response = client.post("/accessibility/report/", {"description": "Noch eine Barriere hier"},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.77")

    assert response.status_code == 302


def test_the_privacy_notice_says_what_retention_does_automatically(client, settings):
    settings.PORTAL_UNVERIFIED_ACCOUNT_DAYS = 5

    html = client.get("/privacy/").content.decode()

    assert "automatisch anonymisiert" in html
    assert "5 Tage nach der Registrierung automatisch entfernt" in html
    assert "welche Fassung des Textes Ihnen gezeigt wurde" in html
    english_html = english(client).get("/privacy/").content.decode()
    assert "anonymised 24 months after the event ended, automatically every night" in english_html
    assert "removed automatically 5 days after sign-up" in english_html
    assert "the portal stops showing you at once" in english_html
