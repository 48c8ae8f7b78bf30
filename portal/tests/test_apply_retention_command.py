"""`manage.py apply_retention` (with `--dry-run`) and the daily beat entry."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from events.models import Registration
from network_portal.models import OutgoingEmail
from portal import retention
from portal.tests.test_retention import everything  # noqa: F401 - the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


# The command and beat --------------------------------------------------------------------------

@pytest.mark.usefixtures("everything")
def test_the_dry_run_prints_counts_and_changes_nothing():
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "dry run" in text
    assert Registration.objects.filter(anonymised_at__isnull=False).count() == 0
    assert OutgoingEmail.objects.count() == 3


@pytest.mark.usefixtures("everything")
def test_the_command_applies_it():
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert "registrations" in out.getvalue()
    assert Registration.objects.filter(anonymised_at__isnull=False).count() >= 4


def test_beat_runs_it_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["portal-apply-retention"]

    assert entry["task"] == "portal.tasks.apply_retention"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {30}


@pytest.mark.usefixtures("everything")
def test_the_task_runs_the_steps():
    from portal.tasks import apply_retention

    result = apply_retention.delay().get()

    assert set(result) == {step.code for step in retention.STEPS}
