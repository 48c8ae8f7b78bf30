"""Where a page's time goes: one request profiled with pyinstrument, its SQL timed and explained.

    BENCH_DATABASE_URL=postgres://…/portal_bench_data .venv/bin/python bench/profile_page.py \
        /members/ [/events/ …] [--as member|staff] [--repeat 5] [--explain 3] [--depth 40]

Runs each request in this process through Django's test client, with the settings `make bench`
gives gunicorn (debug off, PostgreSQL, Redis cache), on the data `make bench` left (run it first,
or with --reuse-data). Prints per page: the median time of `--repeat` requests after a warm-up,
the number of queries and their time, the slowest queries with EXPLAIN ANALYZE, and the
pyinstrument call tree of one request. The findings in bench/FINDINGS.md come from it.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import run  # noqa: E402 - bench/run.py: the same environment as the benchmark


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--as", dest="persona", choices=["anonymous", "member", "staff"],
                        default="anonymous")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", type=int, default=3, help="explain the N slowest queries")
    parser.add_argument("--depth", type=int, default=45, help="lines of the call tree to print")
    args = parser.parse_args()
    env = argparse.Namespace(port=8765, redis=run.os.environ.get(
        "BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"), smtp_port=8775)
    run.configure_environment(env)
    run.os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from network_portal.management.commands import generate_bench_data as bench

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    email = {"member": bench.MEMBER_EMAIL.format(n=0), "staff": bench.STAFF_EMAIL}.get(
        args.persona)
    if email:
        client.force_login(get_user_model().objects.get(email=email))

    def get(path):
        response = client.get(path)
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
        return response.status_code, size

    for path in args.paths:
        get(path)  # warm-up: templates compiled, connection open
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            status, size = get(path)
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"\n=== {path} as {args.persona}: status {status}, {size / 1024:.0f} KB, "
              f"median {statistics.median(times):.0f} ms of {args.repeat} "
              f"(min {min(times):.0f}); {len(queries.captured_queries)} queries, "
              f"{sql_ms:.0f} ms of SQL (as timed by the client)")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for q in slowest[:args.explain]:
            print(f"\n--- {float(q['time']) * 1000:.1f} ms: {q['sql'][:600]}")
            if q["sql"].lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                    for (line,) in cursor.fetchall()[:25]:
                        print("    " + line)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        get(path)
        profiler.stop()
        tree = profiler.output_text(unicode=True, color=False, show_all=False)
        print("\n".join(tree.splitlines()[:args.depth]))


if __name__ == "__main__":
    main()
