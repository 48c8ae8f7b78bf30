import pytest
from django.test import Client, override_settings
from django.urls import path

from portal import urls as portal_urls
from portal.urls import handler403, handler404, handler500  # noqa: F401 - used by Django


def boom(request):
    raise RuntimeError("broken on purpose")


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *portal_urls.urlpatterns]


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
