"""The registration rush's load: many logged-in people post the registration form at once.

    python bench/rush.py PEOPLE.json --concurrency 16

PEOPLE.json (written by bench/run.py) holds the base URL, the form's path and, per person, a
session cookie and a CSRF token made beforehand, so the rush measures registering, not logging
in. A separate process from the server; plain asyncio sockets, one connection per request (the
server's sync workers close each one anyway). Prints one JSON line: per request its status, when
it started and how long it took. Only talks to the loopback address it is given.
"""

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlencode, urlsplit


async def post(host, port, path, headers, body):
    reader, writer = await asyncio.open_connection(host, port)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    writer.write(f"POST {path} HTTP/1.1\r\n{head}Content-Length: {len(body)}\r\n"
                 f"Connection: close\r\n\r\n".encode() + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    status_line = response.split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


async def rush(spec, concurrency, timeout):
    base = urlsplit(spec["base"])
    if base.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("The rush only runs against this machine.")
    queue = asyncio.Queue()
    for person in spec["people"]:
        queue.put_nowait(person)
    results = []
    started = time.perf_counter()

    async def client():
        while not queue.empty():
            person = queue.get_nowait()
            body = urlencode({
                "csrfmiddlewaretoken": person["csrf"], "registers_for": "self",
                "name": person["name"], "email": person["email"],
                "organisation_name": "Gastfirma Ansturm", "job_title": "Einkauf",
            }).encode()
            headers = {
                "Host": base.netloc, "X-Forwarded-Proto": "https",
                "Referer": f"https://{base.netloc}{spec['path']}",
                "Cookie": f"sessionid={person['session']}; csrftoken={person['csrf']}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            begin = time.perf_counter()
            try:
                status = await asyncio.wait_for(
                    post(base.hostname, base.port, spec["path"], headers, body), timeout)
            except (TimeoutError, OSError) as error:
                status = f"error: {error!r}"
            results.append({"email": person["email"], "status": status,
                            "start": begin - started, "seconds": time.perf_counter() - begin})

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return {"wall_seconds": time.perf_counter() - started, "requests": results}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("people")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    with open(args.people) as fh:
        spec = json.load(fh)
    json.dump(asyncio.run(rush(spec, args.concurrency, args.timeout)), sys.stdout)


if __name__ == "__main__":
    main()
