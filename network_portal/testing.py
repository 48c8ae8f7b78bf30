"""Helpers the tests of every app share."""

import os
import shutil
import subprocess

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model

from network_portal import services

PASSWORD = "a-long-test-password-1"

VNU_JAR = os.environ.get(
    "VNU_JAR", str(settings.BASE_DIR / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))


def require_vnu() -> str:
    """The java that runs the Nu HTML Checker; the test is skipped without it, except in CI."""
    import pytest

    java = shutil.which("java")
    problem = None
    if not java:
        problem = "java is not installed (Java 17 runs the Nu HTML Checker)"
    elif not os.path.isfile(VNU_JAR):
        problem = (f"the Nu HTML Checker is missing at {VNU_JAR}: "
                   "npm install --prefix var/vnu vnu-jar (.ci/run does it)")
    if problem:
        if os.environ.get("CI", "").lower() in {"1", "true"}:
            pytest.fail(problem)
        pytest.skip(problem)
    return java


def vnu_errors(files: list[str]) -> str:
    """The checker's errors for these HTML files ("" when they are valid)."""
    result = subprocess.run([require_vnu(), "-jar", VNU_JAR, "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)
    return result.stderr if result.returncode else ""


def make_user(email: str, *, role: str | None = None, cluster=None, password: str = PASSWORD,
              **fields):
    """An active account with a verified e-mail address and, optionally, a role."""
    user = get_user_model().objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        services.grant_role(user, role, cluster=cluster)
    return user


def log_in(page, email: str) -> None:
    """Log in through the form in a browser tab (the test password), landing on "My portal"."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/my/")


def axe_violations(page, *, impacts=("serious", "critical")):
    """Serious and critical accessibility violations axe finds on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if v["impact"] in impacts
    ]


def wait_for(predicate, timeout: float = 30.0) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass (for tests with a real worker)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 for tests, in a thread of the test process.

    `messages` holds what it accepted (parsed). Set `answer` to e.g. "451 4.3.0 Try later" or
    "550 5.1.1 No such user" to refuse the next messages at DATA, `refuse_recipients` to refuse
    at RCPT, or `hold` (a threading.Event that is clear) to keep the answer to DATA waiting until
    the event is set: the message is taken (in `messages`) but its "250" not yet sent, the
    moment a client that dies leaves the sender not knowing it was accepted.
    """

    def __init__(self):
        import threading

        from aiosmtpd.controller import Controller

        self.messages = []
        self.answer = None
        self.refuse_recipients = None
        self.hold = None
        self.receiving = threading.Event()  # set when a DATA arrives
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        if self.hold is not None:
            self.hold.set()
        self._controller.stop()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return self.refuse_recipients
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        import email
        import email.policy

        if not self.answer:  # taken: it will be delivered, whatever happens to the client
            self.messages.append(email.message_from_bytes(envelope.original_content,
                                                          policy=email.policy.default))
        self.receiving.set()
        if self.hold is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.hold.wait)
        return self.answer or "250 Message accepted for delivery"

    def use_for(self, settings):
        """Point Django's SMTP backend (a pytest-django `settings`) at this server."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10


class CeleryWorker:
    """A real Celery worker process on CELERY_BROKER_URL and the test database, on a queue of
    its own; `env` adds variables (e.g. the SMTP server to use). Use as a context manager, or
    `start()`/`stop()`; `kill()` ends it with SIGKILL, as a crash would."""

    def __init__(self, env: dict | None = None, queue: str | None = None):
        import os
        import time

        self.queue = queue or f"test-{os.getpid()}-{time.monotonic_ns()}"
        self.extra_env = env or {}
        self.process = None

    def start(self):
        import os
        import subprocess
        import sys
        import time
        from pathlib import Path

        from django.db import connection

        from network_portal.celery import app

        settings_dict = connection.settings_dict
        env = dict(os.environ)
        env.update(
            DATABASE_URL=(f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@"
                          f"{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"),
            CELERY_TASK_DEFAULT_QUEUE=self.queue, **self.extra_env,
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "network_portal", "worker", "--pool=solo",
             "--loglevel=WARNING", "-Q", self.queue, "--without-heartbeat", "--without-gossip",
             "--without-mingle"],
            env=env, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._old_queue = app.conf.task_default_queue
        app.conf.task_default_queue = self.queue
        time.sleep(3)  # let the worker connect before tasks are sent
        assert self.process.poll() is None, self.process.stderr.read().decode()
        return self

    def kill(self):
        import signal

        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        from network_portal.celery import app

        app.conf.task_default_queue = self._old_queue
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class SilentServer:
    """A TCP server on 127.0.0.1 that accepts connections and never answers, as a hung broker or
    database does; with `close_at_once` it closes each connection as it comes (a broker that
    refuses). `accepted` counts the connections. Use as a context manager."""

    def __init__(self, *, close_at_once: bool = False):
        import socket

        self.close_at_once = close_at_once
        self.accepted = 0
        self._held = []
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]

    def _serve(self):
        while True:
            try:
                client, _address = self._socket.accept()
            except OSError:  # stopped
                return
            self.accepted += 1
            if self.close_at_once:
                client.close()
            else:
                self._held.append(client)

    def __enter__(self):
        import threading

        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        import socket

        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
        for client in self._held:
            client.close()


def within(seconds: float, function):
    """Call `function` and return its result; fail the test, instead of hanging the suite, if it
    is still blocked (say on a socket) after `seconds`. Main thread only (uses SIGALRM)."""
    import signal

    def give_up(signum, frame):
        raise AssertionError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def forget_broker_connections():
    """Drop the connections Celery pools in this process, so the next publish connects to the
    broker CELERY_BROKER_URL names now."""
    from kombu import pools

    from network_portal.celery import app

    pools.reset()  # closes and forgets kombu's shared pools, which Celery's app uses
    app._pool = None
    app.amqp._producer_pool = None


class _Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.text = ""

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def parse_elements(html: str) -> list[_Element]:
    """Every element of `html`, in document order, with its attributes, parent and text."""
    from html.parser import HTMLParser

    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.elements, self.open = [], []

        def handle_starttag(self, tag, attrs):
            element = _Element(tag, attrs, self.open[-1] if self.open else None)
            self.elements.append(element)
            if tag not in void:
                self.open.append(element)

        def handle_endtag(self, tag):
            for index in range(len(self.open) - 1, -1, -1):
                if self.open[index].tag == tag:
                    del self.open[index:]
                    return

        def handle_data(self, data):
            for element in self.open:
                element.text += data

    parser = Parser()
    parser.feed(html)
    return parser.elements


def form_error_problems(html: str) -> list[str]:
    """What is wrong with how a page ties its form errors to their fields (WCAG 1.3.1, 3.3.1).

    Every field marked `aria-invalid="true"` (or its fieldset) names, in `aria-describedby`, an
    element holding the error text; every `aria-describedby` points at an element that exists;
    every error message at a field is referenced by that field.
    """
    elements = parse_elements(html)
    by_id = {e.attrs["id"]: e for e in elements if e.attrs.get("id")}
    problems = []
    described = set()
    for element in elements:
        for ref in (element.attrs.get("aria-describedby") or "").split():
            described.add(ref)
            if ref not in by_id:
                problems.append(f"{element.tag}#{element.attrs.get('id')}: aria-describedby "
                                f"names #{ref}, which is not on the page")
    for element in elements:
        if element.attrs.get("aria-invalid") != "true":
            continue
        name = f"{element.tag}#{element.attrs.get('id')}"
        holders = [element, *(a for a in element.ancestors() if a.tag == "fieldset")]
        refs = [ref for holder in holders
                for ref in (holder.attrs.get("aria-describedby") or "").split()]
        errors = [by_id[ref] for ref in refs if ref in by_id and ref.endswith("_error")]
        if not errors:
            problems.append(f"{name} is invalid but names no error in aria-describedby")
        elif not any(e.text.strip() for e in errors):
            problems.append(f"{name}: its error element is empty")
    for element in elements:
        if "invalid-feedback" in element.classes and element.text.strip():
            if element.attrs.get("id") not in described:
                problems.append(f"the error {element.text.strip()!r} is tied to no field")
    return problems


def error_summary_problems(html: str) -> list[str]:
    """What is wrong with a page's error summary: a page with form errors has one at the top of
    the form, focusable (tabindex="-1") and labelled, that links every invalid field."""
    elements = parse_elements(html)
    summaries = [e for e in elements if "error-summary" in e.classes]
    invalid = [e for e in elements if e.attrs.get("aria-invalid") == "true"]
    problems = []
    if not summaries:
        return ["the page has no error summary"] if invalid else []
    linked = {e.attrs["href"][1:] for e in elements if e.tag == "a"
              and (e.attrs.get("href") or "").startswith("#")
              and any(a in summaries for a in e.ancestors())}
    by_id = {e.attrs["id"]: e for e in elements if e.attrs.get("id")}
    for summary in summaries:
        if summary.attrs.get("tabindex") != "-1" or summary.attrs.get("aria-labelledby") not in by_id:
            problems.append("the summary is not focusable or has no label")
        if not any(a.tag == "form" for a in summary.ancestors()):
            problems.append("the summary is outside the form")
    for target in linked - set(by_id):
        problems.append(f"the summary links #{target}, which is not on the page")
    linked_names = {by_id[t].attrs.get("name") for t in linked if t in by_id}
    for field in invalid:
        grouped = field.attrs.get("type") in {"radio", "checkbox"}
        if field.attrs.get("id") not in linked and not (
                grouped and field.attrs.get("name") in linked_names):
            problems.append(f"the summary has no link to #{field.attrs.get('id')}")
    return problems


def run_together(*calls, refused: type[Exception] | tuple = ()):
    """Start `calls` in threads at the same moment (a barrier); each ends "done", or
    "refused" when it raised `refused`. Returns the outcomes sorted. Each thread closes its
    own database connection."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("done")
        except refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)
