"""The demo's past events and trips show up in the statistics (what `make run` lets people see)."""

from io import StringIO

import pytest
from django.core.management import call_command

from network_portal.models import User

pytestmark = pytest.mark.django_db


def test_the_demos_past_years_have_figures(client, settings):
    settings.DEBUG = True  # seed_demo's guard
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    client.force_login(User.objects.get(email="wirtschaftsfoerderung@demo.example"))

    response = client.get("/statistics/", {"period": "custom", "from": "2020-01-01",
                                           "to": "2026-12-31"})

    stats = response.context["stats"]
    assert stats.totals["events"] >= 5
    assert stats.totals["attended"] > 0
    assert stats.totals["trips"] >= 1
