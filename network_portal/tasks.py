from celery import shared_task
from celery.signals import task_postrun, task_prerun

from network_portal import mail


@shared_task(name=mail.SEND_TASK)
def send_outgoing_email(pk: int) -> str:
    return mail.send(pk)


@shared_task(name=mail.SEND_MANY_TASK)
def send_outgoing_emails(pks: list[int]) -> list[str]:
    return mail.send_many(pks)


@shared_task
def dispatch_queued_emails() -> int:
    """Beat: send e-mails left pending (broker was down, a retry is due, or a worker died
    mid-send), oldest first and one after the other, so "cancelled" never overtakes
    "confirmed"."""
    return len(mail.send_many(list(mail.due_for_dispatch().values_list("pk", flat=True)[:500])))


# The e-mails a task commits (a reminder sweep's hundreds) go to the workers together, as in a
# request (mail.dispatch_together). Connected where the worker finds the tasks (autodiscovery).
@task_prerun.connect
def _open_outbox_batch(**_kwargs):
    mail.begin_batch()


@task_postrun.connect
def _close_outbox_batch(**_kwargs):
    mail.end_batch()
