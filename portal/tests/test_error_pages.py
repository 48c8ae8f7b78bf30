import pytest
from django.test import Client, override_settings
from django.urls import path

from portal import urls as portal_urls
from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401 - used by Django


def boom(request):
    raise RuntimeError("broken on purpose")


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def bad(request):
    from django.core.exceptions import BadRequest

    raise BadRequest("unreadable on purpose")


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), path("bad/", bad),
               *portal_urls.urlpatterns]


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_unknown_page_shows_the_friendly_404_in_the_layout(client, db):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'id="main"' in html and "/members/" in html


def test_forbidden_page_shows_the_friendly_403(client, db, error_urls):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_crash_shows_the_friendly_500_without_details(db, error_urls):
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "ein Fehler ist aufgetreten" in html
    assert "broken on purpose" not in html


def in_layout(html: str) -> bool:
    return 'id="main"' in html and 'href="/members/"' in html and "<footer" in html


@pytest.mark.parametrize("language,text", [("de", "Ungültige Anfrage"), ("en", "Bad request")])
def test_a_bad_request_shows_the_400_in_the_layout(client, db, error_urls, settings, language,
                                                   text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/bad/")

    assert response.status_code == 400
    html = response.content.decode()
    assert text in html and in_layout(html)
    assert f'<html lang="{language}">' in html
    assert "unreadable on purpose" not in html


@pytest.mark.parametrize("language,text", [
    ("de", "Das Formular ist abgelaufen"), ("en", "The form has expired")])
def test_a_failed_csrf_check_shows_the_portals_page(db, settings, language, text):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.get("/accounts/login/")  # sets the CSRF cookie, as a browser would

    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert text in html and in_layout(html)
    assert ("reload the page" in html) if language == "en" else ("laden Sie die Seite neu" in html)


def test_without_the_csrf_cookie_the_page_asks_to_allow_cookies(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "x"})

    assert response.status_code == 403
    assert "erlauben Sie Cookies" in response.content.decode()


def test_an_unknown_host_gets_the_400_page_not_a_crash(db):
    client = Client(raise_request_exception=False)

    response = client.get("/members/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
