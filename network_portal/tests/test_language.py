import pytest

from network_portal.middleware import browser_language


@pytest.mark.parametrize("header, language", [
    ("", "de"),                                   # no header: German
    ("de-DE,de;q=0.9,en;q=0.8", "de"),            # a German browser
    ("de-CH", "de"),
    ("en-US,en;q=0.9", "en"),
    ("fr-FR,fr;q=0.9", "en"),                     # a French visitor reads English
    ("nl-BE,nl;q=0.9,fr-BE;q=0.8", "en"),         # a Belgian one too
    ("fr-FR,fr;q=0.9,de;q=0.5,en;q=0.3", "de"),   # German ahead of English in their list
    ("en;q=0.4,de;q=0.8", "de"),                  # the quality decides, not the order
    ("*", "de"),
])
def test_a_first_visit_follows_the_browser_between_german_and_english(header, language):
    assert browser_language(header) == language


def test_a_french_browser_gets_the_english_page_and_caches_see_that_it_varies(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" in response.headers["Vary"]


def test_the_switch_wins_over_the_browser(client, db):
    client.cookies["django_language"] = "de"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "de"
    assert "Mitglieder" in response.content.decode()


def test_switching_to_english_sticks_for_the_next_pages(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/members/"})

    assert response.status_code == 302
    assert response.url == "/members/"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Members" in page and "Mitglieder" not in page


def test_switching_back_to_german(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    assert '<html lang="de">' in client.get("/").content.decode()


def test_an_unknown_language_keeps_german(client, db):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert '<html lang="de">' in client.get("/").content.decode()


def test_account_pages_are_translated(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert "Passwort" in html


def test_account_pages_address_people_formally(client, db):
    html = client.get("/accounts/signup/").content.decode()

    assert "Sie haben bereits ein Konto?" in html
    assert "Du hast" not in html


def test_the_switch_is_a_plain_link_that_sets_the_cookie(client, db):
    response = client.get("/i18n/setlang/", {"language": "en", "next": "/events/?page=2"})

    assert response.status_code == 302
    assert response.url == "/events/?page=2"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_switch_never_sends_people_to_another_site(client, db):
    response = client.get("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})

    assert response.url == "/"


def test_the_header_links_to_each_language_with_the_current_page(client, db):
    html = client.get("/members/?q=Zelle").content.decode()

    assert 'href="/i18n/setlang/?language=en&amp;next=/members/%3Fq%3DZelle"' in html
    assert 'hreflang="de"' in html


def test_an_anonymous_page_carries_no_per_visitor_token(client, db):
    response = client.get("/")

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "nonce" not in response.content.decode()
    assert not response.cookies
