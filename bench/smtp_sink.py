"""A local SMTP server that accepts every message and counts it (the reminder step's sink).

    python bench/smtp_sink.py 127.0.0.1 8025 COUNTFILE

Writes the number of messages received to COUNTFILE after each one. Stops on SIGTERM.
"""

import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self, path):
        self.path = path
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        with open(self.path, "w") as fh:
            fh.write(str(self.count))
        return "250 OK"


def main():
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, "w") as fh:
        fh.write("0")
    controller = Controller(Counter(path), hostname=host, port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait(3600)  # bounded: never left running for more than an hour
    controller.stop()


if __name__ == "__main__":
    main()
