from celery import shared_task

from matchmaking import meetings


@shared_task
def expire_meeting_requests() -> int:
    """Beat (every five minutes): unanswered B2B meeting requests past their expiry expire."""
    return meetings.expire_due_requests()


@shared_task
def send_meeting_reminders() -> int:
    """Beat (every five minutes): a day before a meeting block, everyone gets their agenda."""
    return meetings.send_due_reminders()
