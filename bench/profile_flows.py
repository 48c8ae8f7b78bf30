"""Where the rush and the reminder mails spend their time (bench/FINDINGS.md).

    BENCH_DATABASE_URL=postgres://…/portal_bench_data .venv/bin/python bench/profile_flows.py \
        rush [--people 40]          # registrations through the view, one after another
    … profile_flows.py reminders [--mails 100]   # the sweep, then sending to a local SMTP sink

In this process, with `make bench`'s settings, on the data it left. `rush` empties the rush event
first and again at the end; `reminders` resets the reminders of upcoming events and deletes the
e-mails it queued. Prints wall and CPU time per operation, the time the event lock is held
(`events.services.register` runs in one transaction from the lock to the commit), the queries of
one operation and a CPU profile (cProfile, process time) of the project's functions.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import run  # noqa: E402 - bench/run.py: the same environment as the benchmark


def print_profile(profile, top=30):
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(r"/(network_portal|events|members|delegations)/|"
                                               r"template/(loader|base)\.py.*\(render\)|"
                                               r"mail/message|smtplib|icalendar|render_to_string",
                                               top)
    print("\n".join(line for line in out.getvalue().splitlines()
                    if line.strip() and not line.startswith(("   Ordered", "   List"))))


def summary(label, wall, cpu):
    print(f"{label}: median {statistics.median(wall):.1f} ms wall, "
          f"{statistics.median(cpu):.1f} ms CPU (n={len(wall)}, min wall {min(wall):.1f})")


def rush(args):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from events import services
    from portal.management.commands import generate_bench_data as bench

    slugs = {"rush": bench.RUSH_EVENT_SLUG}
    event = run.reset_rush(slugs)
    people = list(get_user_model().objects.filter(email__startswith="bench-member-")
                  .order_by("pk")[:args.people])
    held, lock, queries = [], [], []
    original = services.register

    def recorder(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    def timed_register(*a, **kw):
        started = time.perf_counter()
        try:
            return original(*a, **kw)
        finally:
            held.append((time.perf_counter() - started) * 1000)

    services.register = timed_register
    path = f"/events/{event.slug}/register/"
    wall, cpu = [], []
    profile = cProfile.Profile(time.process_time)
    try:
        for n, person in enumerate(people):
            client = Client(HTTP_X_FORWARDED_PROTO="https")
            client.force_login(person)
            data = {"registers_for": "self", "name": person.get_full_name() or "X",
                    "email": person.email, "organisation_name": "Gastfirma", "job_title": "E"}
            # The first half timed, one with its queries listed, the rest under the profiler.
            timed = n < len(people) // 2
            started, started_cpu = time.perf_counter(), time.process_time()
            if n == len(people) // 2:
                with connection.execute_wrapper(recorder):
                    response = client.post(path, data)
            elif not timed:
                profile.enable()
                response = client.post(path, data)
                profile.disable()
            else:
                response = client.post(path, data)
            if timed:
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                lock.append(held[-1])
            assert response.status_code == 302, response.status_code
    finally:
        services.register = original
    summary("POST register (view)", wall, cpu)
    summary("  of it events.services.register (the event lock held)", lock, lock)
    print(f"\nQueries of one registration ({len(queries)}):")
    for ms, sql in queries:
        print(f"  {ms:6.1f} ms  {sql[:170]}")
    print_profile(profile)
    run.reset_rush(slugs)


def reminders(args):
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from events import services
    from events.models import Registration
    from network_portal import mail
    from network_portal.celery import app
    from network_portal.models import OutgoingEmail

    now = timezone.now()
    OutgoingEmail.objects.filter(template="events_reminder").delete()
    Registration.objects.filter(event__starts_at__gt=now).update(reminded_7d_at=None,
                                                                 reminded_1d_at=None)
    app.conf.task_default_queue = queue = f"bench-profile-{run.os.getpid()}"
    profile = cProfile.Profile(time.process_time)
    started, started_cpu = time.perf_counter(), time.process_time()
    profile.enable()
    queued = services.send_due_reminders(now)
    profile.disable()
    wall = (time.perf_counter() - started) * 1000
    print(f"send_due_reminders: {queued} queued in {wall:.0f} ms wall, "
          f"{(time.process_time() - started_cpu) * 1000:.0f} ms CPU "
          f"({wall / max(1, queued):.1f} ms each)")
    print_profile(profile, 20)

    sink_file = run.VAR / "profile-sink-count"
    run.VAR.mkdir(parents=True, exist_ok=True)
    sink = subprocess.Popen([sys.executable, str(run.BENCH / "smtp_sink.py"), run.HOST,
                             str(settings.EMAIL_PORT), str(sink_file)])
    try:
        time.sleep(1)
        pks = list(OutgoingEmail.objects.filter(template="events_reminder", status="queued")
                   .values_list("pk", flat=True)[:args.mails])
        wall, cpu = [], []
        profile = cProfile.Profile(time.process_time)
        half = len(pks) // 2
        for n, pk in enumerate(pks):
            started, started_cpu = time.perf_counter(), time.process_time()
            if n == half:
                with CaptureQueriesContext(connection) as queries:
                    mail.send(pk)
            elif n > half:
                profile.enable()
                mail.send(pk)
                profile.disable()
            else:
                mail.send(pk)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        summary("\nmail.send to the SMTP sink", wall, cpu)
        print(f"Queries of one send ({len(queries.captured_queries)}):")
        for q in queries.captured_queries:
            print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:160]}")
        print_profile(profile, 25)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        OutgoingEmail.objects.filter(template="events_reminder").delete()
        import redis

        redis.Redis.from_url(run.os.environ["REDIS_URL"]).delete(queue, f"_kombu.binding.{queue}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("flow", choices=["rush", "reminders"])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--mails", type=int, default=100)
    args = parser.parse_args()
    env = argparse.Namespace(port=8765, redis=run.os.environ.get(
        "BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"), smtp_port=8785)
    run.configure_environment(env)
    run.os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"

    import django

    django.setup()
    try:
        {"rush": rush, "reminders": reminders}[args.flow](args)
    finally:
        import redis

        queue = run.os.environ["CELERY_TASK_DEFAULT_QUEUE"]
        redis.Redis.from_url(run.os.environ["REDIS_URL"]).delete(queue, f"_kombu.binding.{queue}")


if __name__ == "__main__":
    main()
