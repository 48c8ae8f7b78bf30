from celery import shared_task

from portal import retention


@shared_task
def apply_retention() -> dict:
    """Beat, daily: anonymise and delete what the retention periods say (portal.retention)."""
    return retention.run()
