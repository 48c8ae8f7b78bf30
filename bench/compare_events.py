"""Before/after of the events paths in one process, on the bench data (README "Benchmark").

    BENCH_DATABASE_URL=… .venv/bin/python bench/compare_events.py list|csv400|period|mail|rush

Run it from two checkouts (e.g. `git archive <commit> | tar -x -C var/old`) one after the
other on the same database and load: it prints CPU (process) and wall time per operation of
the Django process, which other work on a shared machine inflates far less than req/s.
`period` also prints the growth of the process's peak RSS. `rush` registers 40 people through
the view on the rush event (then empties it again and recounts its counters); `mail` sends 200
queued mails to a local SMTP sink in-process, one after another.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import run  # noqa: E402 - bench/run.py of this checkout: the benchmark's environment


def timed(fn, repeat):
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def staff_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from portal.management.commands import generate_bench_data as bench

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(get_user_model().objects.get(email=bench.STAFF_EMAIL))
    return client


def body(response):
    assert response.status_code == 200, response.status_code
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["list", "csv400", "period", "mail", "rush"])
    args = parser.parse_args()
    run.configure_environment(argparse.Namespace(
        port=8865, redis=run.os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        smtp_port=8895))
    run.os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    import django

    django.setup()
    from portal.management.commands import generate_bench_data as bench

    slug = bench.BIG_EVENT_SLUG
    if args.what in ("list", "csv400"):
        client = staff_client()
        path = f"/events/{slug}/participants/" + ("?format=csv" if args.what == "csv400" else "")
        body(client.get(path))  # warm
        wall, cpu = timed(lambda: body(client.get(path)), 5)
        print(f"{args.what}: {wall:.1f} ms wall, {cpu:.1f} ms CPU, "
              f"{len(body(client.get(path))) / 1024:.0f} KB")
    elif args.what == "period":
        from django.utils import timezone

        client = staff_client()
        today = timezone.localdate()
        path = (f"/events/registrations/export/?from={today.replace(year=today.year - 6)}"
                f"&to={today.replace(year=today.year + 1)}&format=csv")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall, cpu = timed(lambda: body(client.get(path)), 1)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
        content = body(client.get(path))
        rows = content.count(b"\n") - 1
        print(f"period CSV: {rows} rows, {len(content) / 2**20:.1f} MB, "
              f"{wall / 1000:.2f} s wall, {cpu / 1000:.2f} s CPU, peak RSS +{grown:.1f} MB")
    elif args.what == "mail":
        from django.conf import settings

        from network_portal import mail
        from network_portal.models import OutgoingEmail

        sink = subprocess.Popen([sys.executable, str(ROOT / "bench" / "smtp_sink.py"),
                                 "127.0.0.1", "8895", str(ROOT / "var" / "compare-sink")])
        time.sleep(1.5)
        try:
            settings.EMAIL_PORT = 8895
            OutgoingEmail.objects.filter(reference="bench:compare").delete()
            rows = [mail.enqueue_rendered(to=f"p{n}@bench.example", subject="Erinnerung",
                                          body_text="Text " * 200, body_html="<p>Text</p>" * 50,
                                          reference="bench:compare") for n in range(200)]
            started, started_cpu = time.perf_counter(), time.process_time()
            statuses = [mail.send(row.pk) for row in rows]
            wall = time.perf_counter() - started
            cpu = time.process_time() - started_cpu
            print(f"mail.send: {statuses.count('sent')} of {len(rows)} sent, "
                  f"{len(rows) / wall:.0f} mails/s, {cpu * 1000 / len(rows):.2f} ms CPU each")
            OutgoingEmail.objects.filter(reference="bench:compare").delete()
        finally:
            sink.terminate()
            sink.wait()
    elif args.what == "rush":
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from events import services
        from events.models import Event

        slugs = {"rush": bench.RUSH_EVENT_SLUG}
        event = Event.objects.get(slug=bench.RUSH_EVENT_SLUG)
        event.registrations.all().delete()
        held, wall, cpu, queries = [], [], [], []
        original = services.register

        def timed_register(*a, **kw):
            started = time.perf_counter()
            try:
                return original(*a, **kw)
            finally:
                held.append((time.perf_counter() - started) * 1000)

        services.register = timed_register
        people = get_user_model().objects.filter(email__startswith="bench-member-").order_by(
            "pk")[:300]
        try:
            for person in people:
                client = Client(HTTP_X_FORWARDED_PROTO="https")
                client.force_login(person)
                data = {"registers_for": "self", "name": person.get_full_name() or "X",
                        "email": person.email, "organisation_name": "Gastfirma",
                        "job_title": "E"}
                started, started_cpu = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as context:
                    response = client.post(f"/events/{event.slug}/register/", data)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                queries.append(len(context.captured_queries))
                assert response.status_code == 302, response.status_code
        finally:
            services.register = original
            run.reset_rush(slugs)
            Event.objects.filter(pk=event.pk).update(**{
                f: 0 for f in ("seats_taken", "waitlist_length")
                if f in {x.name for x in Event._meta.fields}})
        for label, part in (("confirmed (first 250)", slice(0, 250)),
                            ("waitlisted (last 50)", slice(250, None))):
            print(f"register, {label}: {statistics.median(wall[part]):.1f} ms wall, "
                  f"{statistics.median(cpu[part]):.1f} ms CPU, lock held "
                  f"{statistics.median(held[part]):.1f} ms, "
                  f"{statistics.median(queries[part]):.0f} queries")


if __name__ == "__main__":
    main()
