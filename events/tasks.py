from celery import shared_task

from events import services


@shared_task
def send_due_reminders() -> int:
    """Beat, every five minutes: queue the 7-day and 1-day reminders that are due."""
    return services.send_due_reminders()


@shared_task
def expire_guest_holds() -> int:
    """Beat, every five minutes: lapse the guests' unconfirmed registrations whose time is up."""
    return services.expire_guest_holds()
