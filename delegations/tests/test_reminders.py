"""The reminder a week before departure: once per participant, from beat."""

from django.utils import timezone

from delegations import services, tasks
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory
from delegations.tests.helpers import emails

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED


def test_it_reminds_accepted_participants_once_a_week_before_departure(soon):
    accepted = ApplicationFactory(trip=soon, status=ACCEPTED)
    ApplicationFactory(trip=soon, status=WAITLISTED)
    ApplicationFactory(trip=soon, status=Application.Status.WITHDRAWN)

    assert tasks.send_due_reminders() == 1
    assert tasks.send_due_reminders() == 0

    [email] = emails("delegations_reminder")
    assert email.to == accepted.user.email
    accepted.refresh_from_db()
    assert accepted.reminded_at is not None


def test_it_does_not_remind_too_early(trip):
    ApplicationFactory(trip=trip, status=ACCEPTED)  # trip starts in 60 days

    assert services.send_due_reminders() == 0


def test_a_claimed_reminder_is_not_sent_again(soon):
    application = ApplicationFactory(trip=soon, status=ACCEPTED)
    # Another worker claimed the row between the query and the update.
    Application.objects.filter(pk=application.pk).update(reminded_at=timezone.now())

    assert services.send_due_reminders() == 0
    assert emails("delegations_reminder") == []


def test_the_beat_schedule_names_the_reminder_task():
    from django.conf import settings

    from network_portal.celery import app

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "delegations.tasks.send_due_reminders" in names
    assert tasks.send_due_reminders.name in app.tasks
    assert tasks.send_due_reminders.name == "delegations.tasks.send_due_reminders"
