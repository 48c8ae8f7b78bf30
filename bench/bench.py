"""Throughput and latency of the main pages against a running portal (see `make bench`).

python bench/bench.py http://127.0.0.1:8765 [--requests 200] [--concurrency 4]
Logs in as the bench staff account for the staff pages and exports. Only talks to the given
address (loopback); every loop is bounded.
"""

import argparse
import http.client
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

PUBLIC = [
    ("home", "/"),
    ("directory", "/members/"),
    ("directory search", "/members/?q=Batterie&stage=recycling"),
    ("directory page 40", "/members/?page=40"),
    ("profile", "/members/bench-7/"),
    ("value chain", "/value-chain/"),
    ("events", "/events/"),
    ("event", "/events/bench-event-3/"),
    ("trips", "/delegations/"),
    ("trip", "/delegations/bench-trip-2/"),
]
STAFF = [
    ("participants (100)", "/events/bench-event-3/participants/"),
    ("participants CSV", "/events/bench-event-3/participants/?format=csv"),
    ("directory XLSX (2000)", "/members/?format=xlsx"),
    ("trip participants CSV", "/delegations/bench-trip-2/participants/?format=csv"),
]


def request(base, path, cookie="", method="GET", body=None, headers=None):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    all_headers = {"Host": parts.netloc, "X-Forwarded-Proto": "https", "Cookie": cookie,
                   **(headers or {})}
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return response.status, response.getheader("Set-Cookie") or "", data, elapsed


def login(base, email, password):
    status, set_cookie, html, _ = request(base, "/accounts/login/")
    csrf = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    body = urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token})
    status, set_cookie, _, _ = request(
        base, "/accounts/login/", cookie=f"csrftoken={csrf}", method="POST", body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Referer": f"https://{urlsplit(base).netloc}/accounts/login/"})
    session = re.search(r"sessionid=([^;]+)", set_cookie)
    if status != 302 or not session:
        raise SystemExit(f"Login as {email} failed ({status}).")
    return f"sessionid={session.group(1)}"


def measure(base, path, cookie, total, concurrency):
    status, _, body, _ = request(base, path, cookie)  # warm up, and check it works
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: request(base, path, cookie), range(total)))
    wall = time.perf_counter() - started
    times = sorted(r[3] * 1000 for r in results)
    bad = sum(1 for r in results if r[0] != 200)
    return {"rps": total / wall, "p50": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1], "errors": bad, "kb": len(body) / 1024}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--staff", default="bench-staff@bench.example:bench-password-2027")
    args = parser.parse_args()
    if urlsplit(args.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("The benchmark only runs against this machine.")
    email, password = args.staff.split(":", 1)
    staff_cookie = login(args.base, email, password)
    print(f"{'page':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'KB':>8} errors")
    for label, path, cookie, total in (
        [(label, path, "", args.requests) for label, path in PUBLIC]
        + [(label, path, staff_cookie, max(args.requests // 10, 10)) for label, path in STAFF]
    ):
        r = measure(args.base, path, cookie, total, args.concurrency)
        print(f"{label:28} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['kb']:8.1f} "
              f"{r['errors']}")


if __name__ == "__main__":
    main()
