#!/usr/bin/env python3
"""Time `build-site serve`'s loop: from saving a post to the reload event, and from saving a post
whose claim is now refuted to the overlay event, on a warm site of generated posts (issue 14).

It generates a corpus (scripts/make-corpus.py: 1,000 posts by default, 4-8 KB each, ~25 formulas
and 3 verifying claims apiece), starts `build-site serve --port 0` on it (release build by
default), waits for the first build, listens to /__build-site/events over a plain socket, and
warms the loop with one edit. Then, for each of --saves rounds:

- *edit*: appends a new sentence to a post and times the save → `reload` event;
- *refute*: changes one claim of another post so that it no longer holds (a new constant each
  round, so it is judged afresh) and times the save → `overlay` event; then restores the post and
  waits for the `clear` event (not timed).

The time starts just before the file is written and ends when the event's bytes arrive. It
prints min / median / max of each, and the server's own line for the last rebuild. A benchmark,
not a test: nothing here asserts a time.

Usage: scripts/preview-benchmark.py [--posts 1000] [--saves 7] [--binary .build/release/build-site]
                                    [--scratch .build-bench/preview]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import queue

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENT = re.compile(rb"event: (\w+)\ndata: ([^\n]*)\n\n")


class EventListener(threading.Thread):
    """Reads the server-sent event stream and queues (arrival time, name, data) for each event."""

    def __init__(self, host, port):
        super().__init__(daemon=True)
        self.events = queue.Queue()
        self.connection = socket.create_connection((host, port))
        self.connection.sendall(f"GET /__build-site/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())

    def run(self):
        buffer = b""
        while True:
            try:
                chunk = self.connection.recv(1 << 16)
            except OSError:
                return
            if not chunk:
                return
            arrived = time.perf_counter()
            buffer += chunk
            # Each event is sent as one chunk of the chunked body: the chunk sizes between events do not match.
            while True:
                match = EVENT.search(buffer)
                if not match:
                    break
                self.events.put((arrived, match.group(1).decode(), match.group(2).decode()))
                buffer = buffer[match.end():]

    def wait_for(self, name, timeout=600, same_build=False):
        """The next `name` event of a build newer than every build waited for so far (or, with
        `same_build`, of the last one waited for)."""
        deadline = time.time() + timeout
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                raise TimeoutError(f"no {name} event in {timeout} s")
            arrived, event, data = self.events.get(timeout=remaining)
            build = int(re.search(r'"build":(\d+)', data).group(1))
            if event == name and (build == self.last_build if same_build else build > self.last_build):
                self.last_build = build
                return arrived, data

    last_build = 0


def summary(label, seconds):
    milliseconds = sorted(value * 1000 for value in seconds)
    return (f"{label}: min {milliseconds[0]:.0f} ms, median {statistics.median(milliseconds):.0f} ms, "
            f"max {milliseconds[-1]:.0f} ms over {len(milliseconds)} saves")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=7)
    parser.add_argument("--binary", default=os.path.join(REPOSITORY, ".build/release/build-site"))
    parser.add_argument("--scratch", default=os.path.join(REPOSITORY, ".build-bench/preview"))
    arguments = parser.parse_args()
    arguments.binary = os.path.abspath(arguments.binary)
    if not os.access(arguments.binary, os.X_OK):
        sys.exit(f"{arguments.binary} is missing: run `swift build -c release --product build-site` first")

    shutil.rmtree(arguments.scratch, ignore_errors=True)
    os.makedirs(arguments.scratch)
    content = os.path.join(arguments.scratch, "content")
    subprocess.run([sys.executable, os.path.join(REPOSITORY, "scripts/make-corpus.py"), "--posts", str(arguments.posts),
                    "--out", content], check=True, stdout=subprocess.DEVNULL)
    if os.path.isdir(os.path.join(REPOSITORY, "templates")):
        shutil.copytree(os.path.join(REPOSITORY, "templates"), os.path.join(arguments.scratch, "templates"))

    output_path = os.path.join(arguments.scratch, "serve.out")
    errors_path = os.path.join(arguments.scratch, "serve.err")
    with open(output_path, "w") as output, open(errors_path, "w") as errors:
        server = subprocess.Popen([arguments.binary, "serve", "--port", "0"], cwd=arguments.scratch,
                                  stdout=output, stderr=errors)
    try:
        started = time.time()
        port = None
        while port is None:
            if server.poll() is not None:
                sys.exit(f"the server ended: {open(errors_path).read()}")
            if time.time() - started > 900:
                sys.exit("the first build took over 15 minutes")
            match = re.search(r"Serving the preview at http://127\.0\.0\.1:(\d+)/", open(output_path).read())
            port = int(match.group(1)) if match else None
            time.sleep(0.1)
        print(f"first (cold) build of {arguments.posts} posts and the server up: {time.time() - started:.1f} s")
        listener = EventListener("127.0.0.1", port)
        listener.start()
        listener.wait_for("hello", timeout=30)

        def post(number):
            return os.path.join(content, f"post-{(number % arguments.posts) + 1:05d}.md")

        def save(path, text):
            with open(path, "w", encoding="utf-8") as file:
                file.write(text)

        # Warm-up: one edit, not timed.
        warm = open(post(0), encoding="utf-8").read()
        save(post(0), warm + "\nA warm-up sentence.\n")
        listener.wait_for("reload")

        edits, refutations = [], []
        for round_number in range(arguments.saves):
            path = post(1 + 2 * round_number)
            text = open(path, encoding="utf-8").read()
            before = time.perf_counter()
            save(path, text + f"\nA sentence added in round {round_number}.\n")
            arrived, _ = listener.wait_for("reload")
            edits.append(arrived - before)

            path = post(2 + 2 * round_number)
            original = open(path, encoding="utf-8").read()
            claim = re.search(r"^claim [^\n]*$", original, re.MULTILINE)
            broken = original[:claim.end()] + f" + {round_number + 2}" + original[claim.end():]
            before = time.perf_counter()
            save(path, broken)
            arrived, data = listener.wait_for("overlay")
            refutations.append(arrived - before)
            if "refuted" not in data:
                print(f"round {round_number}: the overlay does not say refuted: {data[:300]}", file=sys.stderr)
            save(path, original)
            listener.wait_for("clear")
            listener.wait_for("reload", same_build=True)

        print(summary(f"save → reload event ({arguments.posts} posts, one post edited)", edits))
        print(summary("save → overlay event (one claim now refuted)", refutations))
        lines = [line for line in open(errors_path, encoding="utf-8").read().splitlines() if " changed: " in line]
        if lines:
            print("the server's last lines:\n  " + "\n  ".join(lines[-3:]))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
