"""Handing e-mails to a broker that is down or hung: the commit goes on, the row waits for beat."""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from network_portal import mail, tasks
from network_portal.celery import app
from network_portal.models import OutgoingEmail
from network_portal.testing import SilentServer, forget_broker_connections, free_port, within


@pytest.fixture
def broker(monkeypatch):
    """Point the portal's publishing at another broker address, with tasks not run eagerly."""
    app.conf.task_always_eager = False  # the autouse fixture restores it

    def use(url):
        # Celery reads CELERY_BROKER_URL from the environment before its own setting.
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        forget_broker_connections()
        assert app.conf.broker_write_url == url

    yield use
    forget_broker_connections()
    mail._publisher.paused_until = 0.0


def commit_an_email(django_capture_on_commit_callbacks, key="broker:1"):
    """Queue an e-mail and run what the commit runs; returns the row and the seconds it took."""
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        email = mail.enqueue_rendered(to="a@example.com", subject="Hallo", body_text="Text",
                                      key=key)
    return email, time.monotonic() - started




def test_a_hung_broker_holds_the_commit_only_for_the_publish_timeout(
        db, broker, settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_PUBLISH_TIMEOUT = 1.0
    with SilentServer() as hung:
        broker(f"redis://127.0.0.1:{hung.port}/0")

        email, seconds = within(20, lambda: commit_an_email(django_capture_on_commit_callbacks))

    assert hung.accepted == 1
    assert seconds < 5  # Celery's defaults wait forever here
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED


def test_a_refusing_broker_is_asked_once_without_retries(db, broker,
                                                         django_capture_on_commit_callbacks):
    with SilentServer(close_at_once=True) as refusing:
        broker(f"redis://127.0.0.1:{refusing.port}/0")

        email, _seconds = within(20, lambda: commit_an_email(django_capture_on_commit_callbacks))

    # Celery's default publish retries three times with pauses: 0.6 s per request.
    assert refusing.accepted == 1
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.QUEUED


def test_after_a_failure_the_process_leaves_mails_to_beat_for_a_while(
        db, broker, django_capture_on_commit_callbacks):
    with SilentServer(close_at_once=True) as refusing:
        broker(f"redis://127.0.0.1:{refusing.port}/0")
        commit_an_email(django_capture_on_commit_callbacks, key="broker:1")

        commit_an_email(django_capture_on_commit_callbacks, key="broker:2")

    assert refusing.accepted == 1
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).count() == 2


def test_beat_sends_what_the_broker_outage_left_queued(db, broker,
                                                       django_capture_on_commit_callbacks):
    broker(f"redis://127.0.0.1:{free_port()}/0")  # nobody listens: connection refused
    email, _seconds = commit_an_email(django_capture_on_commit_callbacks)
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=2))

    assert tasks.dispatch_queued_emails() == 1

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [m.to for m in django_mail.outbox] == [["a@example.com"]]


class Proxy:
    """Forwards TCP to Redis; `cut()` drops every connection and refuses new ones until
    `restore()`, as a broker restart does."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.cut_off = False
        self.pairs = []
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.server.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.pairs.append((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        self.cut_off = True
        for pair in self.pairs:
            for end in pair:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self.pairs = []

    def restore(self):
        self.cut_off = False

    def close(self):
        self.cut()
        self.server.close()


@pytest.mark.celery_worker
def test_publishing_recovers_once_the_broker_is_back(db, broker, settings,
                                                     django_capture_on_commit_callbacks):
    import redis
    from kombu.utils.url import url_to_parts

    parts = url_to_parts(settings.CELERY_BROKER_URL)
    database = int(parts.path or 0)
    proxy = Proxy(parts.port or 6379)
    queue = f"test-publish-{time.monotonic_ns()}"
    old_queue, app.conf.task_default_queue = app.conf.task_default_queue, queue
    client = redis.Redis(host="127.0.0.1", port=parts.port or 6379, db=database)
    try:
        broker(f"redis://127.0.0.1:{proxy.port}/{database}")
        commit_an_email(django_capture_on_commit_callbacks, key="broker:1")
        assert client.llen(queue) == 1

        proxy.cut()
        commit_an_email(django_capture_on_commit_callbacks, key="broker:2")
        assert client.llen(queue) == 1

        proxy.restore()
        mail._publisher.paused_until = 0.0  # as when the pause is over
        commit_an_email(django_capture_on_commit_callbacks, key="broker:3")
        assert client.llen(queue) == 2
    finally:
        client.delete(queue)
        app.conf.task_default_queue = old_queue
        proxy.close()
