"""Reminders 7 days and 1 day before: due times, late registrations, cancellations, moves."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from events import services, tasks
from events.models import Event
from events.tests.factories import EventFactory, RegistrationFactory, attendee
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) + timedelta(days=60)


@pytest.fixture
def event():
    return EventFactory(starts_at=START, ends_at=START + timedelta(hours=3))


def registered(event, *, days_before: float, **fields):
    """A registration made `days_before` days before the start."""
    return RegistrationFactory(event=event, created_at=START - timedelta(days=days_before), **fields)


def reminders():
    return sorted(OutgoingEmail.objects.filter(template="events_reminder").values_list("key", flat=True))


def test_the_7_day_reminder_is_due_at_the_7_day_mark(event):
    registration = registered(event, days_before=20)

    assert services.send_due_reminders(now=START - timedelta(days=7, seconds=1)) == 0
    assert services.send_due_reminders(now=START - timedelta(days=7)) == 1

    registration.refresh_from_db()
    assert registration.reminded_7d_at is not None
    assert reminders() == [f"registration:{registration.pk}:reminder_7d:{int(START.timestamp())}"]


def test_a_reminder_is_queued_only_once(event):
    registered(event, days_before=20)

    services.send_due_reminders(now=START - timedelta(days=6))
    services.send_due_reminders(now=START - timedelta(days=5))

    assert len(reminders()) == 1


def test_the_1_day_reminder_follows(event):
    registration = registered(event, days_before=20)
    services.send_due_reminders(now=START - timedelta(days=7))

    assert services.send_due_reminders(now=START - timedelta(hours=24)) == 1

    registration.refresh_from_db()
    assert registration.reminded_1d_at is not None
    assert len(reminders()) == 2


def test_someone_registered_after_the_7_day_mark_gets_only_the_1_day_reminder(event):
    late = registered(event, days_before=5)

    assert services.send_due_reminders(now=START - timedelta(days=4)) == 0
    assert services.send_due_reminders(now=START - timedelta(hours=12)) == 1

    assert reminders() == [f"registration:{late.pk}:reminder_1d:{int(START.timestamp())}"]


def test_registering_exactly_at_the_mark_is_too_late_for_it(event):
    registered(event, days_before=7)

    assert services.send_due_reminders(now=START - timedelta(days=6)) == 0


def test_someone_registered_in_the_last_day_gets_no_reminder(event):
    registered(event, days_before=0.5)

    assert services.send_due_reminders(now=START - timedelta(hours=2)) == 0


def test_a_missed_7_day_reminder_is_not_sent_once_the_1_day_one_is_due(event):
    registered(event, days_before=20)

    # Beat was down for a week: only the 1-day reminder goes out.
    services.send_due_reminders(now=START - timedelta(hours=20))

    assert [key.split(":")[2] for key in reminders()] == ["reminder_1d"]


@pytest.mark.parametrize("status", ["cancelled", "waitlisted"])
def test_no_reminder_for_cancelled_or_waitlisted_registrations(event, status):
    registered(event, days_before=20, status=status)

    assert services.send_due_reminders(now=START - timedelta(days=6)) == 0
    assert services.send_due_reminders(now=START - timedelta(hours=3)) == 0


def test_no_reminder_for_a_cancelled_event(event):
    registered(event, days_before=20)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    assert services.send_due_reminders(now=START - timedelta(days=6)) == 0


def test_no_reminder_after_the_start(event):
    registered(event, days_before=20)

    assert services.send_due_reminders(now=START + timedelta(minutes=1)) == 0


def test_a_moved_event_is_reminded_by_its_new_start(event):
    registration = registered(event, days_before=20)
    new_start = START + timedelta(days=14)
    event.starts_at, event.ends_at = new_start, new_start + timedelta(hours=3)
    services.save_event(event, by=None)

    # The old 7-day mark passes without a reminder ...
    assert services.send_due_reminders(now=START - timedelta(days=6)) == 0
    # ... the new one brings it.
    assert services.send_due_reminders(now=new_start - timedelta(days=7)) == 1
    assert reminders() == [f"registration:{registration.pk}:reminder_7d:{int(new_start.timestamp())}"]


def test_moving_an_event_after_its_reminder_makes_it_due_again(event):
    registration = registered(event, days_before=20)
    services.send_due_reminders(now=START - timedelta(days=6))
    new_start = START + timedelta(days=14)
    event.starts_at, event.ends_at = new_start, new_start + timedelta(hours=3)
    services.save_event(event, by=None)

    registration.refresh_from_db()
    assert registration.reminded_7d_at is None
    assert services.send_due_reminders(now=new_start - timedelta(days=6)) == 1
    assert len(reminders()) == 2


def test_a_registration_claimed_elsewhere_is_not_reminded_again(event, monkeypatch):
    registration = registered(event, days_before=20)
    now = START - timedelta(days=6)
    real = services.due_reminders

    def racing(kind, now=None):
        found = list(real(kind, now).values_list("pk", flat=True))
        # Another beat run claims the row between our SELECT and our UPDATE.
        type(registration).objects.filter(pk=registration.pk).update(reminded_7d_at=now)
        return type(registration).objects.filter(pk__in=found)

    monkeypatch.setattr(services, "due_reminders", racing)
    assert services.send_due_reminders(now=now) == 0
    assert reminders() == []


def test_the_reminder_is_in_the_registrants_language(event):
    registered(event, days_before=20, language="en")
    registered(event, days_before=20, language="de")

    services.send_due_reminders(now=START - timedelta(hours=5))

    berlin = timezone.localtime(START)
    with translation.override("de"):
        date_de, time_de = date_format(berlin), time_format(berlin)
    with translation.override("en"):
        date_en, time_en = date_format(berlin), time_format(berlin)
    de = OutgoingEmail.objects.get(language="de")
    en = OutgoingEmail.objects.get(language="en")
    assert de.subject == f"Erinnerung: {event.title_de} am {date_de}"
    assert en.subject == f"Reminder: {event.title_en} on {date_en}"
    assert f"beginnt am {date_de} um {time_de}." in de.body_text
    assert f"begins at {time_en} on {date_en}." in en.body_text


def test_a_late_7_day_reminder_names_the_date_not_one_week(event):
    registered(event, days_before=20)

    # Beat was down: the 7-day reminder goes out three days before.
    services.send_due_reminders(now=START - timedelta(days=3))

    reminder = OutgoingEmail.objects.get(template="events_reminder")
    assert "Woche" not in reminder.subject + reminder.body_text
    with translation.override("de"):
        assert date_format(timezone.localtime(START)) in reminder.subject


def test_someone_moved_up_after_the_7_day_mark_gets_no_7_day_reminder_but_the_1_day_one():
    event = EventFactory(starts_at=timezone.now() + timedelta(days=3), capacity=1)
    seated = services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    services.cancel_registration(seated)  # waiting moves up and gets the promotion e-mail

    assert services.send_due_reminders() == 0
    assert services.send_due_reminders(now=event.starts_at - timedelta(hours=20)) == 1
    assert reminders() == [
        f"registration:{waiting.pk}:reminder_1d:{int(event.starts_at.timestamp())}"]


def test_the_beat_task_calls_the_service(event, monkeypatch):
    called = []
    monkeypatch.setattr(services, "send_due_reminders", lambda: called.append(1) or 3)

    assert tasks.send_due_reminders() == 3
    assert called == [1]
