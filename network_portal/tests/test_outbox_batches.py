"""The e-mails one request or one task commits go to the broker together (mail.dispatch_together);
test_outbox_worker.py sends such batches through a real worker."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from network_portal import mail, tasks  # noqa: F401 - tasks: the worker's signal handlers
from network_portal.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(monkeypatch):
    """A broker that takes everything: what would have been published, in order."""
    handed = []
    previous, app.conf.task_always_eager = app.conf.task_always_eager, False
    monkeypatch.setattr(mail._publisher, "publish",
                        lambda _app, task, args: handed.append((task, args)) or True)
    yield handed
    app.conf.task_always_eager = previous


def queue(n, prefix="m"):
    with transaction.atomic():
        return mail.enqueue_rendered(to=f"{prefix}{n}@example.com", subject="Hallo",
                                     body_text="Text", key=f"{prefix}:{n}").pk


def test_a_request_hands_its_mails_over_as_one_task_after_the_view(published):
    pks = []

    def view(request):
        pks.extend(queue(n) for n in range(3))
        assert published == []  # nothing yet: the batch is still open
        return HttpResponse("ok")

    mail.OutboxBatchMiddleware(view)(RequestFactory().post("/"))
    assert published == [(mail.SEND_MANY_TASK, (pks,))]


def test_a_request_that_fails_after_committing_still_hands_over_what_it_committed(published):
    pks = []

    def view(request):
        pks.append(queue(1))
        raise RuntimeError("after the commit")

    with pytest.raises(RuntimeError):
        mail.OutboxBatchMiddleware(view)(RequestFactory().get("/"))
    assert published == [(mail.SEND_TASK, (pks[0],))]


def test_a_full_batch_goes_at_once_and_nested_scopes_hand_over_at_the_outermost(
        published, settings):
    settings.OUTBOX_BATCH_SIZE = 2
    with mail.dispatch_together():
        first = [queue(0), queue(1)]
        assert published == [(mail.SEND_MANY_TASK, (first,))]
        with mail.dispatch_together():
            inner = queue(2)
        assert len(published) == 1
    assert published[1] == (mail.SEND_TASK, (inner,))


def test_outside_a_scope_each_mail_goes_on_its_own_at_commit(published):
    pk = queue(0)
    assert published == [(mail.SEND_TASK, (pk,))]


def test_a_tasks_mails_go_together(published):
    @app.task(name="tests.queue_three")
    def queue_three():
        return [queue(n, prefix="task") for n in range(3)]

    pks = queue_three.apply().get()
    assert published == [(mail.SEND_MANY_TASK, (pks,))]


def test_without_a_broker_each_mail_is_sent_at_commit_in_process(mailoutbox_files):
    assert app.conf.task_always_eager  # the tests' default without a worker
    with mail.dispatch_together():
        pk = queue(0)
        from network_portal.models import OutgoingEmail

        assert OutgoingEmail.objects.get(pk=pk).status == "sent"
