"""The 500 page promises that the team was told only when someone is: Django mails ADMINS."""

import pytest
from django.core import mail as django_mail
from django.test import Client, override_settings

from portal.tests.test_error_pages import error_urls  # noqa: F401 - the /boom/ view

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False, ADMINS=[])
def test_without_admins_the_error_page_promises_nothing(error_urls):  # noqa: F811
    response = Client(raise_request_exception=False).get("/boom/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "ein Fehler ist aufgetreten" in html
    assert "benachrichtigt" not in html and "notified" not in html
    assert django_mail.outbox == []


@override_settings(DEBUG=False, ADMINS=[("betrieb@example.org", "betrieb@example.org")])
def test_with_admins_they_get_the_traceback_and_the_page_says_so(error_urls):  # noqa: F811
    response = Client(raise_request_exception=False).get("/boom/")

    html = response.content.decode()
    assert "Das Team wurde benachrichtigt." in html
    assert "The team has been notified." in html
    [report] = django_mail.outbox
    assert report.to == ["betrieb@example.org"] and "broken on purpose" in report.body
