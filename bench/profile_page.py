"""Where a page's time goes: one request profiled with pyinstrument, its SQL timed and explained.

    BENCH_DATABASE_URL=postgres://…/portal_bench_data .venv/bin/python bench/profile_page.py \
        /members/ [/events/ …] [--as member|staff] [--repeat 5] [--explain 3] [--depth 40]

Runs each request in this process through Django's test client, with the settings `make bench`
gives gunicorn (debug off, PostgreSQL, Redis cache), on the data `make bench` left (run it first,
or with --reuse-data). Prints per page: the median time of `--repeat` requests after a warm-up,
the number of queries and their time in PostgreSQL (EXPLAIN ANALYZE, the slowest with their
plans), a CPU profile (cProfile with process time, robust on a loaded machine) and the
pyinstrument call tree of one request. The findings in bench/FINDINGS.md come from it.
"""

import argparse
import cProfile
import io
import pstats
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
    parser.add_argument("--top", type=int, default=20, help="functions of the CPU profile")
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

    from portal.management.commands import generate_bench_data as bench

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
        wall, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            get(path)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            status, size = get(path)
        # The server's own time per query (EXPLAIN ANALYZE): on a loaded machine the client's
        # timing of a query includes waiting for a core.
        explained = []
        for q in queries.captured_queries:
            if not q["sql"].lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                plan = [line for (line,) in cursor.fetchall()]
            server_ms = float(plan[-1].split(":")[1].split()[0])
            explained.append((server_ms, q, plan))
        explained.sort(key=lambda item: -item[0])
        print(f"\n=== {path} as {args.persona}: status {status}, {size / 1024:.0f} KB; median of "
              f"{args.repeat}: {statistics.median(wall):.0f} ms wall, "
              f"{statistics.median(cpu):.0f} ms CPU of this process; "
              f"{len(queries.captured_queries)} queries, "
              f"{sum(e[0] for e in explained):.1f} ms in PostgreSQL (EXPLAIN ANALYZE)")
        for server_ms, q, plan in explained[:args.explain]:
            print(f"\n--- {server_ms:.1f} ms in PostgreSQL: {q['sql'][:400]}")
            for line in plan[:18]:
                print("    " + line)
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for _ in range(args.repeat):
            get(path)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(f"\n--- CPU profile of {args.repeat} requests (cProfile, process time):")
        print("\n".join(line for line in out.getvalue().splitlines()
                        if line.strip() and not line.startswith(("   Ordered", "   List"))))
        profiler = Profiler(interval=0.0005)
        profiler.start()
        get(path)
        profiler.stop()
        tree = profiler.output_text(unicode=True, color=False, show_all=False)
        print("\n--- pyinstrument, one request (wall clock):")
        print("\n".join(tree.splitlines()[5:args.depth]))

if __name__ == "__main__":
    main()
