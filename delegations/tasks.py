from celery import shared_task

from delegations import services


@shared_task
def send_due_reminders() -> int:
    """Beat (every five minutes): remind accepted participants a week before departure."""
    return services.send_due_reminders()
