"""The demo's B2B meetings: the Battery Show exchange day and the Cleantech reception."""

from io import StringIO

import pytest
from django.core.management import call_command

from matchmaking import meeting_reads
from matchmaking.models import MeetingSetup

pytestmark = pytest.mark.django_db


def test_seed_demo_switches_meetings_on_with_a_few_requests(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    fair = MeetingSetup.objects.get(trip__slug="messerundgang-battery-show-europe-2023")
    figures = meeting_reads.figures(fair)
    assert (figures["participants"], figures["held"], figures["declined"],
            figures["expired"]) == (6, 3, 1, 1)
    hosts = {p.organisation_label for p in fair.participants.exclude(organization=None)}
    assert len(hosts) == 3  # comemso, Manz, ElringKlinger: the hosts of the fair tours

    reception = MeetingSetup.objects.get(event__slug="netzwerkempfang-cleantech-2027")
    figures = meeting_reads.figures(reception)
    assert (figures["participants"], figures["accepted"], figures["waiting"],
            figures["declined"]) == (4, 1, 1, 1)

    # The delegates (free-text organisations) refined offers and needs: the list explains fits.
    amelie = fair.participants.get(user__email="amelie.durand@demo.example")
    assert amelie.refined and amelie.organization_id is None
    entries = meeting_reads.participant_list(fair, amelie)
    assert entries[0].score and entries[0].reasons
    assert all(p.refined for p in reception.participants.all())
    first = reception.participants.order_by("created_at", "pk").first()
    assert any(entry.reasons for entry in meeting_reads.participant_list(reception, first))

    assert client.login(email="wirtschaftsfoerderung@demo.example", password="demo-wifoe-2027")
    grid = client.get(f"/matchmaking/meetings/{fair.pk}/grid/").content.decode()
    assert "Amélie Durand" in grid and "Jana Keller" in grid
