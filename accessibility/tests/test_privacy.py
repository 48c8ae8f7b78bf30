"""Barrier reports are personal data: part of the person's download and of their erasure."""

import json

import pytest

from accessibility import services
from accessibility.models import BarrierReport
from network_portal.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_reports_sent_logged_in_or_under_ones_address(client, member):
    services.submit_report(description="Angemeldet gemeldet", user=member)
    services.submit_report(description="Ohne Anmeldung gemeldet", email="MEMBER@example.com")
    services.submit_report(description="Von jemand anderem", email="other@example.com")
    client.force_login(member)

    data = json.loads(client.get("/my/data.json").content)

    assert [r["description"] for r in data["accessibility"]["barrier_reports"]] == [
        "Angemeldet gemeldet", "Ohne Anmeldung gemeldet"]


def test_deleting_the_account_deletes_the_persons_reports_only(client, member):
    services.submit_report(description="Angemeldet gemeldet", user=member)
    services.submit_report(description="Ohne Anmeldung gemeldet", email="member@example.com")
    services.submit_report(description="Von jemand anderem", email="other@example.com")
    client.force_login(member)

    client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"})

    assert list(BarrierReport.objects.values_list("description", flat=True)) == [
        "Von jemand anderem"]


def test_staff_who_answered_can_delete_their_account_and_the_report_stays(
        client, economic_development):
    report = services.submit_report(description="Von jemand anderem", email="other@example.com")
    services.mark_answered(report, by=economic_development)
    client.force_login(economic_development)

    client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"})

    report.refresh_from_db()
    assert report.answered_at is not None and report.answered_by is None
