"""Run Celery beat's schedule in this process, for `make run` (the demo has no worker or beat).

Every entry of CELERY_BEAT_SCHEDULE runs when it is due, the task executed here and now
(`apply`, as a worker would), so the demo shows reminders, outbox retries and whatever else
beat runs in production. A failing task is reported and the loop goes on.
"""

import time
from datetime import timedelta

from celery.schedules import schedule as every
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string


def due_entries(schedule: dict, last_run: dict, now) -> list[str]:
    """The names of the entries due at `now`, given when each ran last (None: never; an entry
    every so many seconds is then due at once, a daily one at its hour: `first_runs`)."""
    due = []
    for name, entry in schedule.items():
        when = entry["schedule"]
        when = every(timedelta(seconds=when)) if isinstance(when, (int, float)) else when
        last = last_run.get(name)
        if last is None or when.is_due(last).is_due:
            due.append(name)
    return due


def first_runs(schedule: dict, now) -> dict:
    """What counts as "ran last" when the loop starts: never for the entries every so many
    seconds (they run at once), now for those at an hour of the day (retention at 03:30 runs
    at 03:30, not at every start of `make run`)."""
    return {name: now for name, entry in schedule.items()
            if not isinstance(entry["schedule"], (int, float))}


class Command(BaseCommand):
    help = "Run the periodic tasks of CELERY_BEAT_SCHEDULE in this process (for `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due once and stop.")
        parser.add_argument("--tick", type=float, default=15.0, help="Seconds between checks.")

    def handle(self, *args, once=False, tick=15.0, **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        last_run = first_runs(schedule, timezone.now())
        while True:
            now = timezone.now()
            for name in due_entries(schedule, last_run, now):
                last_run[name] = now
                task = import_string(schedule[name]["task"])  # the task object, as beat names it
                result = task.apply()
                if result.failed():
                    self.stderr.write(f"{name}: {result.result!r}")
                elif options["verbosity"] > 1:
                    self.stdout.write(f"{name}: done")
            if once:
                return
            time.sleep(tick)
