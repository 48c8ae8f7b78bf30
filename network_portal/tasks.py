from celery import shared_task

from network_portal import mail


@shared_task(name=mail.SEND_TASK)
def send_outgoing_email(pk: int) -> str:
    return mail.send(pk)


@shared_task
def dispatch_queued_emails() -> int:
    """Beat: send e-mails left pending (broker was down, a retry is due, or a worker died
    mid-send), oldest first and one after the other, so "cancelled" never overtakes
    "confirmed"."""
    count = 0
    for pk in list(mail.due_for_dispatch().values_list("pk", flat=True)[:500]):
        mail.send(pk)
        count += 1
    return count
