"""`make run` without Celery: beat's schedule runs in-process (run_periodic), and the demo's
links follow the port it serves on."""

import os
import subprocess
import sys
from datetime import timedelta

from django.conf import settings
from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone

from network_portal.models import OutgoingEmail
from portal.management.commands.run_periodic import due_entries

SCHEDULE = {"often": {"task": "t", "schedule": 60.0}, "rarely": {"task": "t", "schedule": 3600.0}}


def test_every_entry_is_due_at_the_start_and_again_after_its_interval():
    start = timezone.now()
    assert due_entries(SCHEDULE, {}, start) == ["often", "rarely"]

    ran = {"often": start - timedelta(seconds=30), "rarely": start - timedelta(seconds=61)}
    assert due_entries(SCHEDULE, ran, start) == []
    ran = {"often": start - timedelta(seconds=61), "rarely": start - timedelta(seconds=61)}
    assert due_entries(SCHEDULE, ran, start) == ["often"]


def test_a_pass_runs_the_real_schedule_and_sends_a_pending_email(db):
    email = OutgoingEmail.objects.create(to="anna@zellwerk.example", subject="Erinnerung",
                                         body_text="Morgen ist das Netzwerktreffen.")
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert "outbox-dispatch-queued" in settings.CELERY_BEAT_SCHEDULE

    call_command("run_periodic", "--once")

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.subject for m in django_mail.outbox] == ["Erinnerung"]


def test_the_demo_links_follow_the_port_of_make_run():
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    env.update(PORT="8080", DJANGO_DEBUG="true", DJANGO_SETTINGS_MODULE="network_portal.settings")
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.PORTAL_BASE_URL)"],
        env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR)
    assert out.stdout.strip() == "http://127.0.0.1:8080"


def test_a_daily_entry_waits_for_its_hour_when_make_run_starts():
    from celery.schedules import crontab

    from portal.management.commands.run_periodic import first_runs

    schedule = {**SCHEDULE, "nightly": {"task": "t", "schedule": crontab(hour=3, minute=30)}}
    start = timezone.now()

    assert due_entries(schedule, first_runs(schedule, start), start) == ["often", "rarely"]
