"""`make bench`: the portal at state-wide size beside Django's own ceiling, on this machine.

    BENCH_DATABASE_URL=postgres://…/portal_bench_data make bench
    .venv/bin/python bench/run.py [--duration 8] [--rounds 3] [--reuse-data] [--steps pages,rush]

1. Data: empties the throwaway database BENCH_DATABASE_URL (its name must contain "bench"),
   migrates and runs `generate_bench_data` at the issue's size (timed). `--reuse-data` keeps
   bench data that is already there (the rush and reminder steps reset what they change).
2. Servers: the portal under gunicorn (2 sync workers, debug off, production settings, Redis
   cache BENCH_REDIS_URL) and, with the same gunicorn settings, bench/ceiling.py (a bare Django
   project: a small template, and one query).
3. Pages: wrk (-t2 -c8, a separate process on 127.0.0.1) on every page, anonymous and as a
   logged-in member, the staff's participant list and its exports, then both ceilings; in
   interleaved rounds (A, B, …, ceilings, repeat), medians of the rounds. The ratio to the
   one-query view is taken within each round, then the median.
4. Exports: directory CSV/XLSX (10,000 organisations) and the registrations of five years
   (100,000 rows): seconds and the RSS growth of the gunicorn worker that served them.
5. Registration rush: 1,000 logged-in members post the registration form of the 250-seat event
   from 16 concurrent clients (bench/rush.py); checked against the database afterwards.
6. Reminder sweep: the selection of due reminders among 100,000 registrations (timed, with
   EXPLAIN ANALYZE), then the mails through one real Celery worker (one process) to a local
   SMTP sink (bench/smtp_sink.py, aiosmtpd).

Writes bench/results.json and bench/results.md. Every server it starts listens on 127.0.0.1
only and is stopped at the end; every loop is bounded in count or time.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
HOST = "127.0.0.1"

# Sizes of the issue (network scale).
DATA = {"organisations": 10000, "clusters": 60, "events": 500, "registrations": 100000,
        "trips": 100}


def pages(slugs):
    """(label, path) of every public page; each is measured anonymous and as a member."""
    return [
        ("home", "/"),
        ("directory", "/members/"),
        ("directory q+stage+region", "/members/?q=Batterie&stage=recycling&region=sachsen"),
        ("directory page 300", "/members/?page=300"),
        ("company profile", f"/members/{slugs['company']}/"),
        ("big cluster profile", f"/members/{slugs['cluster']}/"),
        ("value-chain map", "/value-chain/"),
        ("events", "/events/"),
        ("event", f"/events/{slugs['event']}/"),
        ("trips", "/delegations/"),
        ("trip", f"/delegations/{slugs['trip']}/"),
        ("login", "/accounts/login/"),
    ]


def staff_pages(slugs):
    participants = f"/events/{slugs['event']}/participants/"
    return [
        ("participant list (400)", participants),
        ("participant list CSV", participants + "?format=csv"),
        ("participant list XLSX", participants + "?format=xlsx"),
    ]


CEILINGS = [("ceiling: template", "/template/"), ("ceiling: one query", "/query/")]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# Environment ------------------------------------------------------------------------------

def configure_environment(args):
    """The production-shaped settings every process of the run shares (one secret key: the
    sessions made here must be valid in gunicorn)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        raise SystemExit("Set BENCH_DATABASE_URL to a throwaway database, e.g. "
                         "postgres://postgres@127.0.0.1:5432/portal_bench")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The benchmark runs on PostgreSQL: BENCH_DATABASE_URL=postgres://…")
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        PORTAL_BASE_URL=f"http://{HOST}:{args.port}",
        DJANGO_SECURE_SSL_REDIRECT="0",
        REDIS_URL=args.redis,
        CELERY_BROKER_URL=args.redis,
        # The portal's e-mail tasks of the run go to a queue of their own, emptied at the end.
        CELERY_TASK_DEFAULT_QUEUE=f"bench-web-{os.getpid()}",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=HOST, EMAIL_PORT=str(args.smtp_port), EMAIL_TIMEOUT="5",
        DJANGO_SETTINGS_MODULE="network_portal.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    os.environ.pop("DJANGO_LOG_LEVEL", None)


def manage(*argv):
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, check=True)


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def prepare_data(args):
    """A fresh database with the bench data (or the one there, with --reuse-data)."""
    import psycopg2

    url = os.environ["DATABASE_URL"]
    if "bench" not in database_name(url):
        raise SystemExit(f"Refusing to empty database {database_name(url)!r}: the benchmark "
                         "empties BENCH_DATABASE_URL, so its name must contain 'bench'.")
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('members_organization') IS NOT NULL")
        has_tables = cursor.fetchone()[0]
        present = False
        if has_tables:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM members_organization "
                           "WHERE slug = 'bench-cluster-0')")
            present = cursor.fetchone()[0]
        if args.reuse_data and present:
            log("Reusing the bench data already in the database.")
            connection.close()
            manage("migrate", "--noinput", "-v0")
            manage("collectstatic", "--noinput", "-v0")
            return None
        log(f"Emptying database {database_name(url)} …")
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    log("Generating the bench data …")
    started = time.perf_counter()
    manage("generate_bench_data", *[f"--{name}={value}" for name, value in DATA.items()])
    return round(time.perf_counter() - started, 1)


# Servers ----------------------------------------------------------------------------------

class Servers:
    """The processes this run started (and only those), stopped by their ids at the end."""

    def __init__(self):
        self.procs = {}

    def start(self, name, argv, env=None, log_name=None):
        VAR.mkdir(parents=True, exist_ok=True)
        out = open(VAR / f"{log_name or name}.log", "w")
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env=env or os.environ.copy(),
                                            stdout=out, stderr=subprocess.STDOUT)
        return self.procs[name]

    def gunicorn(self, name, app, port):
        return self.start(name, [
            str(BIN / "gunicorn"), app, "--workers", "2", "--bind", f"{HOST}:{port}",
            "--no-control-socket", "--log-level", "warning", "--timeout", "120",
        ])

    def stop(self, name):
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    def stop_all(self):
        for name in list(self.procs):
            self.stop(name)


def workers_of(master_pid):
    """Process ids of the gunicorn workers (children of the master)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master_pid:
                pids.append(int(stat.parent.name))
    return sorted(pids)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User and system CPU time a process has used (0 if it is gone)."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return 0.0


def database_backends():
    """PostgreSQL backends serving the bench database, except this process's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        return [pid for (pid,) in cursor.fetchall()]


class CpuMeter:
    """CPU used by the server's workers and by their database backends during a measurement:
    a cost per request that the other work on the machine does not change much."""

    def __init__(self, master_pid):
        self.master_pid = master_pid

    def __enter__(self):
        self.web = {pid: cpu_seconds(pid) for pid in workers_of(self.master_pid)}
        self.db = {pid: cpu_seconds(pid) for pid in database_backends()}
        return self

    def __exit__(self, *exc):
        self.web_seconds = sum(cpu_seconds(pid) - self.web.get(pid, 0)
                               for pid in set(self.web) | set(workers_of(self.master_pid)))
        self.db_seconds = sum(cpu_seconds(pid) - self.db.get(pid, 0)
                              for pid in set(self.db) | set(database_backends()))


def rss_kb(pid):
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# HTTP -------------------------------------------------------------------------------------

def fetch(port, path, cookie="", method="GET", body=None, headers=None, sink=None):
    """One request; returns (status, headers, body or byte count, seconds)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=300)
    all_headers = {"X-Forwarded-Proto": "https", **({"Cookie": cookie} if cookie else {}),
                   **(headers or {})}
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    if sink is None:
        data = response.read()
    else:
        data = 0
        while chunk := response.read(65536):
            data += len(chunk)
            sink(chunk)
    seconds = time.perf_counter() - started
    conn.close()
    return response.status, response.getheaders(), data, seconds


def wait_until_up(port, path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if fetch(port, path)[0] < 500:
                return
        time.sleep(0.5)
    raise SystemExit(f"Nothing answered on {HOST}:{port}{path} within {timeout} s "
                     f"(see {VAR}/*.log).")


def login(port, email, password):
    """A real login through allauth's form; returns the Cookie header of the session."""
    status, headers, html, _ = fetch(port, "/accounts/login/")
    cookies = "; ".join(v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie")
    csrf = re.search(r"csrftoken=([^;]+)", cookies).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    body = urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token})
    status, headers, _, _ = fetch(
        port, "/accounts/login/", cookie=f"csrftoken={csrf}", method="POST", body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Referer": f"https://{HOST}:{port}/accounts/login/"})
    session = [v.split(";", 1)[0] for k, v in headers
               if k.lower() == "set-cookie" and v.startswith("sessionid=")]
    if status != 302 or not session:
        raise SystemExit(f"Login as {email} failed ({status}).")
    return session[0]


def wrk(port, path, cookie, duration, master_pid):
    argv = ["wrk", "-t2", "-c8", f"-d{duration}s", "--timeout", "30s",
            "-s", str(BENCH / "wrk" / "report.lua"), "-H", "X-Forwarded-Proto: https"]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    argv.append(f"http://{HOST}:{port}{path}")
    with CpuMeter(master_pid) as cpu:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 120)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no report for {path}: {out.stdout}\n{out.stderr}")
    data = json.loads(line.split(" ", 1)[1])
    seconds = data["duration_us"] / 1e6
    errors = sum(data["errors"].values())
    return {"rps": round(data["requests"] / seconds, 1), "requests": data["requests"],
            "p50_ms": round(data["p50_us"] / 1000, 1), "p99_ms": round(data["p99_us"] / 1000, 1),
            "max_ms": round(data["max_us"] / 1000, 1), "errors": errors,
            "web_cpu_ms": round(cpu.web_seconds * 1000 / max(1, data["requests"]), 2),
            "db_cpu_ms": round(cpu.db_seconds * 1000 / max(1, data["requests"]), 2),
            "load": round(os.getloadavg()[0], 2)}


# Steps ------------------------------------------------------------------------------------

def step_pages(args, portal_port, ceiling_port, cookies, slugs, masters):
    plan = []
    for label, path in pages(slugs):
        plan.append({"page": label, "visitor": "anonymous", "path": path, "port": portal_port,
                     "cookie": ""})
        plan.append({"page": label, "visitor": "member", "path": path, "port": portal_port,
                     "cookie": cookies["member"]})
        if label == "event":
            # The member above is registered for it (their own page); most who open an event
            # page are not, and share it (pagecache.for_members).
            plan.append({"page": label, "visitor": "member, not registered", "path": path,
                         "port": portal_port, "cookie": cookies["browsing member"]})
    for label, path in staff_pages(slugs):
        plan.append({"page": label, "visitor": "staff", "path": path, "port": portal_port,
                     "cookie": cookies["staff"]})
    if args.only:
        plan = [p for p in plan if re.search(args.only, p["page"])]
    for label, path in CEILINGS:
        plan.append({"page": label, "visitor": "anonymous", "path": path, "port": ceiling_port,
                     "cookie": ""})
    # Each page once, to check it answers, warm both workers and note its size.
    for item in plan:
        for _ in range(2):
            status, _h, body, _s = fetch(item["port"], item["path"], item["cookie"])
        if status >= 400:
            raise SystemExit(f"{item['path']} ({item['visitor']}) answered {status}.")
        item.update(status=status, kb=round(len(body) / 1024, 1), rounds=[])
    for round_no in range(1, args.rounds + 1):
        log(f"Round {round_no} of {args.rounds}: {len(plan)} measurements of {args.duration} s")
        for item in plan:
            master = masters["ceiling" if item["port"] == ceiling_port else "portal"]
            # A round lasts longer than the page cache's TTL (60 s): without this, every round
            # would start with eight connections rendering the same expired entry at once. The
            # rounds measure the steady state; a miss costs what profile_page.py shows.
            fetch(item["port"], item["path"], item["cookie"])
            item["rounds"].append(wrk(item["port"], item["path"], item["cookie"], args.duration,
                                      master))
    query_ceiling = plan[-1]["rounds"]
    ceiling_cpu = statistics.median(r["web_cpu_ms"] + r["db_cpu_ms"] for r in query_ceiling)
    results = []
    for item in plan:
        rounds = item["rounds"]
        ratios = [r["rps"] / c["rps"] for r, c in zip(rounds, query_ceiling, strict=True)]
        cpu_ms = statistics.median(r["web_cpu_ms"] + r["db_cpu_ms"] for r in rounds)
        results.append({
            "page": item["page"], "visitor": item["visitor"], "path": item["path"],
            "status": item["status"], "kb": item["kb"],
            "rps": round(statistics.median(r["rps"] for r in rounds), 1),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in rounds), 1),
            "p99_ms": round(statistics.median(r["p99_ms"] for r in rounds), 1),
            "ratio": round(statistics.median(ratios), 4),
            "web_cpu_ms": round(statistics.median(r["web_cpu_ms"] for r in rounds), 2),
            "db_cpu_ms": round(statistics.median(r["db_cpu_ms"] for r in rounds), 2),
            # Requests per CPU second against the one-query view's: the capacity ratio on
            # an idle machine, which the load of other work changes much less.
            "cpu_ratio": round(ceiling_cpu / cpu_ms, 4) if cpu_ms else None,
            "errors": sum(r["errors"] for r in rounds),
            "rounds": rounds,
        })
    return results


class LineCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, chunk):
        self.count += chunk.count(b"\n")


def step_exports(portal_port, master_pid, staff_cookie, repeat=3):
    from django.utils import timezone

    today = timezone.localdate()
    period = f"from={today.replace(year=today.year - 6).isoformat()}&" \
             f"to={today.replace(year=today.year + 1).isoformat()}"
    exports = [
        ("directory CSV", "/members/?format=csv"),
        ("directory XLSX", "/members/?format=xlsx"),
        ("registrations of a period CSV", f"/events/registrations/export/?{period}&format=csv"),
    ]
    results = []
    for label, path in exports:
        runs = []
        for _ in range(repeat):
            workers = workers_of(master_pid)
            before = {pid: rss_kb(pid) for pid in workers}
            peak = dict(before)
            stop = threading.Event()

            def sample(workers=workers, peak=peak, stop=stop):
                while not stop.is_set():
                    for pid in workers:
                        peak[pid] = max(peak[pid], rss_kb(pid))
                    time.sleep(0.01)

            sampler = threading.Thread(target=sample)
            sampler.start()
            lines = LineCounter()
            with CpuMeter(master_pid) as cpu:
                status, _h, size, seconds = fetch(portal_port, path, staff_cookie, sink=lines)
            stop.set()
            sampler.join()
            if status != 200:
                raise SystemExit(f"{path} answered {status}.")
            growth = max(peak[pid] - before[pid] for pid in workers)
            runs.append({"seconds": round(seconds, 2), "rss_growth_mb": round(growth / 1024, 1),
                         "web_cpu_s": round(cpu.web_seconds, 2),
                         "db_cpu_s": round(cpu.db_seconds, 2),
                         "mb": round(size / 1e6, 1),
                         "rows": lines.count - 1 if "CSV" in label else None})
        results.append({
            "export": label, "path": path,
            "seconds": statistics.median(r["seconds"] for r in runs),
            "rss_growth_mb": max(r["rss_growth_mb"] for r in runs),
            "web_cpu_s": statistics.median(r["web_cpu_s"] for r in runs),
            "db_cpu_s": statistics.median(r["db_cpu_s"] for r in runs),
            "mb": runs[0]["mb"], "rows": runs[0]["rows"], "runs": runs,
        })
        log(f"{label}: {results[-1]['seconds']} s, +{results[-1]['rss_growth_mb']} MB")
    return results


def make_session(user):
    """A logged-in session as django.contrib.auth.login would store it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def reset_rush(slugs):
    """The rush event empty again (a run with --reuse-data finds the last run's rush)."""
    from events.models import Event
    from network_portal.models import OutgoingEmail

    event = Event.objects.get(slug=slugs["rush"])
    OutgoingEmail.objects.filter(reference=event.reference).delete()
    event.registrations.all().delete()
    Event.objects.filter(pk=event.pk).update(seats_taken=0, waitlist_length=0)
    event.refresh_from_db()
    return event


def step_rush(args, portal_port, master_pid, slugs):
    from django.contrib.auth import get_user_model
    from django.utils.crypto import get_random_string

    from events import selectors
    from events.models import Registration

    event = reset_rush(slugs)
    people = list(get_user_model().objects.filter(email__startswith="bench-member-")
                  .order_by("pk")[:args.rush_people])
    random.Random(7).shuffle(people)
    spec = {"base": f"http://{HOST}:{portal_port}", "path": f"/events/{event.slug}/register/",
            "people": [{"email": u.email, "name": u.get_full_name() or u.email,
                        "session": make_session(u), "csrf": get_random_string(32)}
                       for u in people]}
    spec_file = VAR / "rush-people.json"
    spec_file.write_text(json.dumps(spec))
    log(f"Registration rush: {len(people)} people, {args.rush_clients} clients, "
        f"{event.capacity} seats …")
    with CpuMeter(master_pid) as cpu:
        out = subprocess.run([sys.executable, str(BENCH / "rush.py"), str(spec_file),
                              "--concurrency", str(args.rush_clients)],
                             capture_output=True, text=True, timeout=900)
    spec_file.unlink()
    if out.returncode:
        raise SystemExit(f"The rush client failed: {out.stderr}")
    run = json.loads(out.stdout)
    requests = run["requests"]
    times = sorted(r["seconds"] * 1000 for r in requests)
    statuses = {}
    for r in requests:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    registered = sum(1 for r in requests if r["status"] == 302)

    rows = list(event.registrations.order_by("pk").values_list("pk", "status", "created_at",
                                                                "email"))
    confirmed = [r for r in rows if r[1] == Registration.Status.CONFIRMED]
    waitlisted = [r for r in rows if r[1] == Registration.Status.WAITLISTED]
    positions = selectors.waitlist_positions(event)
    # The lock order is the order of the inserts (the id sequence advances under the event
    # lock): the first `capacity` ids hold the seats, the waitlist follows in id order.
    seats_in_lock_order = all(r[1] == "confirmed" for r in rows[:event.capacity]) and all(
        r[1] == "waitlisted" for r in rows[event.capacity:])
    by_registration_time = [r[0] for r in sorted(waitlisted, key=lambda r: (r[2], r[0]))]
    out_of_lock_order = sum(1 for a, b in zip(by_registration_time, [r[0] for r in waitlisted],
                                              strict=True) if a != b)
    check = {
        "registrations": len(rows), "people": len({r[3] for r in rows}),
        "confirmed": len(confirmed), "waitlisted": len(waitlisted),
        "waitlist_positions_gapless": sorted(positions.values()) == list(
            range(1, len(waitlisted) + 1)),
        "seats_in_lock_order": seats_in_lock_order,
        "waitlist_positions_out_of_lock_order": out_of_lock_order,
    }
    expected_confirmed = min(event.capacity, len(people))
    check["ok"] = (check["confirmed"] == expected_confirmed
                   and check["waitlisted"] == len(people) - expected_confirmed
                   and check["people"] == len(people) == check["registrations"]
                   and check["waitlist_positions_gapless"] and seats_in_lock_order
                   and out_of_lock_order == 0)
    result = {
        "people": len(people), "clients": args.rush_clients, "seats": event.capacity,
        "wall_seconds": round(run["wall_seconds"], 2),
        "registrations_per_second": round(registered / run["wall_seconds"], 1),
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(times[max(0, int(len(times) * 0.99) - 1)], 1),
        "max_ms": round(times[-1], 1), "statuses": statuses, "check": check,
        "web_cpu_ms": round(cpu.web_seconds * 1000 / max(1, len(requests)), 1),
        "db_cpu_ms": round(cpu.db_seconds * 1000 / max(1, len(requests)), 1),
    }
    log(f"Rush: {result['registrations_per_second']} registrations/s, p99 {result['p99_ms']} ms, "
        f"check {'ok' if check['ok'] else 'FAILED'}: {check}")
    return result


def step_reminders(args, servers):
    from django.db import connection
    from django.utils import timezone

    from events import services
    from events.models import Registration
    from network_portal import mail
    from network_portal.celery import app
    from network_portal.models import OutgoingEmail

    now = timezone.now()
    # Back to the state before any sweep (the bench may run again on the same data).
    OutgoingEmail.objects.filter(template="events_reminder").delete()
    Registration.objects.filter(event__starts_at__gt=now).update(reminded_7d_at=None,
                                                                 reminded_1d_at=None)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        due = {kind: list(services.due_reminders(kind, now).select_related("event"))
               for kind in ("7d", "1d")}
        timings.append((time.perf_counter() - started) * 1000)
    explain = {kind: services.due_reminders(kind, now).select_related("event").explain(
        analyze=True) for kind in ("7d", "1d")}
    count = sum(len(rows) for rows in due.values())
    total = Registration.objects.count()
    log(f"Reminder selection: {count} due among {total} registrations in "
        f"{statistics.median(timings):.1f} ms")

    # Queue the mails first (the sweep claims each row and renders its e-mail), then let one
    # worker process send them, so the rate is the worker's own.
    queue = f"bench-mail-{os.getpid()}"
    app.conf.task_default_queue = queue
    started = time.perf_counter()
    # As beat runs it: a task, whose mails go to the worker in batches (mail.dispatch_together).
    with mail.dispatch_together():
        queued = services.send_due_reminders(now)
    sweep_seconds = time.perf_counter() - started
    connection.close()
    sink_file = VAR / "smtp-sink-count"
    servers.start("smtp-sink", [sys.executable, str(BENCH / "smtp_sink.py"), HOST,
                                str(args.smtp_port), str(sink_file)])
    time.sleep(1)
    env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue}
    worker_started = time.perf_counter()
    servers.start("celery-worker", [
        str(BIN / "celery"), "-A", "network_portal", "worker", "--pool=solo", "-Q", queue,
        "--loglevel=WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle",
    ], env=env)
    sent = OutgoingEmail.objects.filter(template="events_reminder", status="sent")
    deadline = time.monotonic() + max(120, queued / 5)
    while sent.count() < queued and time.monotonic() < deadline:
        time.sleep(0.5)
    done = time.perf_counter()
    worker_cpu = cpu_seconds(servers.procs["celery-worker"].pid)
    servers.stop("celery-worker")
    servers.stop("smtp-sink")
    stamps = sorted(sent.values_list("sent_at", flat=True))
    span = (stamps[-1] - stamps[0]).total_seconds() if len(stamps) > 1 else 0
    result = {
        "registrations": total, "due": count,
        "selection_ms": round(statistics.median(timings), 1),
        "selection_runs_ms": [round(t, 1) for t in timings],
        "explain_analyze": explain,
        "queued": queued, "sweep_seconds": round(sweep_seconds, 2),
        "sweep_per_second": round(queued / sweep_seconds, 1) if sweep_seconds else None,
        "sent": len(stamps),
        "smtp_sink_received": int(sink_file.read_text() or 0) if sink_file.exists() else 0,
        "mails_per_second": round((len(stamps) - 1) / span, 1) if span else None,
        "seconds_from_worker_start": round(done - worker_started, 1),
        "worker": "celery --pool=solo (one process)",
        # The worker's whole CPU time (start-up included) per mail sent.
        "worker_cpu_ms_per_mail": round(worker_cpu * 1000 / max(1, len(stamps)), 1),
    }
    log(f"Reminder mails: {result['sent']} of {queued} sent, {result['mails_per_second']} mails/s")
    return result


# Report -----------------------------------------------------------------------------------

def machine():
    from django.db import connection

    def first(argv):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        return ""

    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((ln.split(":", 1)[1].strip()
                    for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("model name")), "")
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import django
    import gunicorn
    import redis

    redis_version = redis.Redis.from_url(os.environ["REDIS_URL"]).info("server")["redis_version"]
    debian = ""
    with contextlib.suppress(OSError):
        debian = Path("/etc/debian_version").read_text().strip()
    return {
        "cores": os.cpu_count(), "cpu": cpu, "memory": memory,
        "os": f"Debian {debian}" if debian else platform.platform(),
        "kernel": platform.release(), "python": platform.python_version(),
        "django": django.get_version(), "postgresql": postgres, "redis": redis_version,
        "gunicorn": gunicorn.__version__, "wrk": first(["wrk", "--version"]).split(" [")[0],
    }


def browsing_member(slug: str) -> str:
    """The address of the first bench member with no registration for the event `slug`."""
    from django.contrib.auth import get_user_model

    from events.models import Registration
    from portal.management.commands import generate_bench_data as bench

    registered = set(Registration.objects.filter(event__slug=slug).values_list("email",
                                                                                flat=True))
    emails = get_user_model().objects.filter(email__startswith="bench-member-").values_list(
        "email", flat=True)
    return next(email for email in sorted(emails, key=lambda e: int(e.split("-")[2].split("@")[0]))
                if email not in registered and email != bench.MEMBER_EMAIL.format(n=0))


def data_sizes():
    from django.db.models import Count

    from delegations.models import Application, DelegationTrip
    from events.models import Event, Registration
    from members.models import Membership, Organization

    events = Event.objects.annotate(n=Count("registrations"))
    return {
        "organisations": Organization.objects.count(),
        "clusters": Organization.objects.clusters().count(),
        "memberships": Membership.objects.count(),
        "events": Event.objects.count(), "upcoming events": Event.objects.upcoming().count(),
        "registrations": Registration.objects.count(),
        "registrations at the biggest event": max(e.n for e in events),
        "trips": DelegationTrip.objects.count(),
        "applications": Application.objects.count(),
    }


def fmt_int(value):
    if isinstance(value, int) or value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def cpu(r):
    """CPU ms per request, web + database."""
    if "web_cpu_ms" not in r:
        return "–"
    return f"{r['web_cpu_ms'] + r['db_cpu_ms']:.1f} ({r['web_cpu_ms']:.1f} + {r['db_cpu_ms']:.1f})"


def cpu_ratio(r):
    return f"{r['cpu_ratio']:.3f}" if r.get("cpu_ratio") else "–"


def write_markdown(results, path):
    m, p = results["machine"], results["pages"]
    ceiling = {r["page"]: r for r in p if r["page"].startswith("ceiling")}
    query_rps = ceiling["ceiling: one query"]["rps"]
    lines = [
        "# Benchmark results",
        "",
        f"`make bench`, {results['date']} (commit `{results['commit']}`). "
        f"gunicorn, 2 sync workers, debug off, production settings, PostgreSQL and Redis; "
        f"load from `wrk -t2 -c8` in a separate process on 127.0.0.1; {results['rounds']} "
        f"interleaved rounds of {results['duration']} s per page, medians.",
        "",
        f"**Machine:** {m['cores']} cores, {m['cpu']}, {m['memory']}; {m['os']}, kernel "
        f"{m['kernel']}; Python {m['python']}, Django {m['django']}, PostgreSQL "
        f"{m['postgresql']}, Redis {m['redis']}, gunicorn {m['gunicorn']}, {m['wrk']}.",
        "",
        "**Data:** " + ", ".join(f"{fmt_int(v)} {k}" for k, v in results["data"].items())
        + (f" (generated in {results['generate_seconds']} s)"
           if results.get("generate_seconds") else "") + ".",
        "",
        "**Read the ratio, not the absolute numbers.** The machine has two cores and is shared: "
        "other work (test suites of other engineers) ran at the same time, and wrk itself runs "
        "on the same cores as the server. Absolute req/s move with that load; the ratio to "
        "Django's one-query view, measured in the same interleaved rounds, is what counts. "
        f"The one-query view ran at {fmt_int(query_rps)} req/s, the template view at "
        f"{fmt_int(ceiling['ceiling: template']['rps'])} req/s (bench/ceiling.py: a bare "
        "Django project with `startproject`'s middleware, the same gunicorn settings and "
        "database).",
        "",
        "Targets: every public page ≥ 0.25× the one-query view and p99 ≤ 100 ms, anonymous and "
        "logged in.",
        "",
        "CPU ms/req: CPU the gunicorn workers and their PostgreSQL backends spent per request "
        "(from /proc); \"× by CPU\" compares it with the one-query view's, which estimates the "
        "ratio on an idle machine.",
        "",
        "| page | visitor | req/s | p50 ms | p99 ms | × one-query view | CPU ms/req (web + db) "
        "| × by CPU | KB | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in p:
        if r["page"].startswith("ceiling"):
            continue
        status = "" if r["status"] == 200 else f" ({r['status']})"
        met = ""
        if r["visitor"] != "staff":
            met = "✓" if r["ratio"] >= 0.25 and r["p99_ms"] <= 100 else "✗"
        lines.append(f"| `{r['path']}` {r['page']}{status} | {r['visitor']} | {fmt_int(r['rps'])} | "
                     f"{r['p50_ms']:,} | {r['p99_ms']:,} | {r['ratio']:.3f} | {cpu(r)} | "
                     f"{cpu_ratio(r)} | {r['kb']:,} | {met} |")
    for r in ceiling.values():
        lines.append(f"| `{r['path']}` {r['page']} | – | {fmt_int(r['rps'])} | {r['p50_ms']:,} | "
                     f"{r['p99_ms']:,} | {r['ratio']:.3f} | {cpu(r)} | {cpu_ratio(r)} | "
                     f"{r['kb']:,} | |")
    if results.get("rush"):
        rush, check = results["rush"], results["rush"]["check"]
        lines += [
            "",
            f"**Registration rush** ({rush['people']:,} logged-in people, {rush['clients']} "
            f"concurrent clients, {rush['seats']} seats; target ≥ 60/s, p99 ≤ 500 ms): "
            f"{rush['registrations_per_second']} registrations/s, p50 {rush['p50_ms']:,} ms, "
            f"p99 {rush['p99_ms']:,} ms, CPU per registration {cpu(rush)} ms "
            f"({rush['wall_seconds']} s in all; responses "
            f"{rush['statuses']}). Database check: {check['confirmed']} confirmed, "
            f"{check['waitlisted']} waitlisted, each person once: {check['people']:,}; "
            f"waitlist positions gapless: {check['waitlist_positions_gapless']}; seats in lock "
            f"order: {check['seats_in_lock_order']}; waitlist positions out of lock order: "
            f"{check['waitlist_positions_out_of_lock_order']} → "
            f"**{'exact' if check['ok'] else 'NOT exact'}**.",
        ]
    if results.get("exports"):
        lines += ["", "**Exports** (staff; seconds to the last byte, RSS growth of the gunicorn "
                  "worker that served it; targets: directory CSV < 1 s, XLSX < 3 s, registrations "
                  "CSV < 5 s and < 50 MB):", "",
                  "| export | rows | MB | seconds | CPU s (web + db) | RSS growth MB |",
                  "|---|---:|---:|---:|---:|---:|"]
        for e in results["exports"]:
            rows = f"{e['rows']:,}" if e["rows"] is not None else "–"
            lines.append(f"| {e['export']} | {rows} | {e['mb']} | {e['seconds']} | "
                         f"{e.get('web_cpu_s', '–')} + {e.get('db_cpu_s', '–')} | "
                         f"{e['rss_growth_mb']} |")
    if results.get("reminders"):
        r = results["reminders"]
        lines += [
            "",
            f"**Reminder sweep:** selecting the {r['due']:,} due reminders among "
            f"{r['registrations']:,} registrations took {r['selection_ms']} ms (target < 200 ms); "
            f"claiming them and queueing their e-mails {r['sweep_seconds']} s "
            f"({r['sweep_per_second']}/s); one Celery worker process (`--pool=solo`) sent "
            f"{r['sent']:,} of {r['queued']:,} to a local SMTP sink (aiosmtpd, received "
            f"{r['smtp_sink_received']:,}) at **{r['mails_per_second']} mails/s** "
            f"(target ≥ 100), using {r.get('worker_cpu_ms_per_mail', '–')} ms of the worker's "
            f"CPU per mail (start-up included).",
        ]
    lines.append("")
    path.write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 8)))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8765)))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL",
                                                          "redis://127.0.0.1:6379/11"))
    parser.add_argument("--smtp-port", type=int, default=0)
    parser.add_argument("--reuse-data", action="store_true",
                        default=os.environ.get("BENCH_REUSE_DATA") == "1")
    parser.add_argument("--steps", default="pages,exports,rush,reminders")
    parser.add_argument("--only", default="", help="regular expression: measure only these pages")
    parser.add_argument("--rush-people", type=int, default=1000)
    parser.add_argument("--rush-clients", type=int, default=16)
    parser.add_argument("--output", default=str(BENCH / "results"))
    parser.add_argument("--report", action="store_true",
                        help="only write results.md again from results.json")
    args = parser.parse_args()
    if args.report:
        output = Path(args.output)
        write_markdown(json.loads(output.with_suffix(".json").read_text()),
                       output.with_suffix(".md"))
        return
    args.smtp_port = args.smtp_port or args.port + 10
    if not subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).stdout:
        raise SystemExit("wrk is missing: it is a Debian package (apt-get install wrk).")
    steps = set(args.steps.split(","))
    configure_environment(args)
    generate_seconds = prepare_data(args)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache

    from portal.management.commands import generate_bench_data as bench

    cache.clear()  # the throwaway Redis database: no rate limits or pages from an earlier run
    slugs = {"company": bench.COMPANY_SLUG, "cluster": bench.BIG_CLUSTER_SLUG,
             "event": bench.BIG_EVENT_SLUG, "trip": bench.TRIP_SLUG, "rush": bench.RUSH_EVENT_SLUG}
    reset_rush(slugs)  # before the exports count the registrations
    servers = Servers()
    ceiling_port = args.port + 1
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.strip(),
        "duration": args.duration, "rounds": args.rounds,
        "load": "wrk -t2 -c8 --timeout 30s",
        "server": "gunicorn --workers 2 (sync), DJANGO_DEBUG=0",
        "generate_seconds": generate_seconds,
    }
    try:
        portal = servers.gunicorn("portal", "network_portal.wsgi", args.port)
        ceiling = servers.gunicorn("ceiling", "bench.ceiling:application", ceiling_port)
        wait_until_up(args.port, "/accounts/login/")
        wait_until_up(ceiling_port, "/template/")
        results["machine"] = machine()
        results["data"] = data_sizes()
        cookies = {"staff": login(args.port, bench.STAFF_EMAIL, bench.STAFF_PASSWORD),
                   "member": login(args.port, bench.MEMBER_EMAIL.format(n=0),
                                   bench.MEMBER_PASSWORD),
                   "browsing member": login(args.port, browsing_member(slugs["event"]),
                                            bench.MEMBER_PASSWORD)}
        if "pages" in steps:
            results["pages"] = step_pages(args, args.port, ceiling_port, cookies, slugs,
                                          {"portal": portal.pid, "ceiling": ceiling.pid})
        if "exports" in steps:
            results["exports"] = step_exports(args.port, portal.pid, cookies["staff"])
        if "rush" in steps:
            results["rush"] = step_rush(args, args.port, portal.pid, slugs)
        if "reminders" in steps:
            results["reminders"] = step_reminders(args, servers)
    finally:
        servers.stop_all()
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(args.redis)
            for queue in (os.environ["CELERY_TASK_DEFAULT_QUEUE"], f"bench-mail-{os.getpid()}"):
                client.delete(queue, f"_kombu.binding.{queue}")
    output = Path(args.output)
    output.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    if "pages" in results:
        write_markdown(results, output.with_suffix(".md"))
    log(f"Wrote {output.with_suffix('.json')}"
        + (f" and {output.with_suffix('.md')}" if "pages" in results else ""))


if __name__ == "__main__":
    main()
