#!/usr/bin/python3
"""Steady load for test_split_topology.sh: THREADS keep-alive clients POST one prediction after another to
URL until STOP_FILE exists (or MAX_SECONDS pass) and record every outcome. A response counts as answered
when its status is in EXPECTED (e.g. 200); anything else (another status, a reset or refused connection, a
timeout) is a lost request. The client does not retry: retries are the load balancer's job. Prints one JSON
object, with the times (seconds from the start) of the first and last lost request.

    split_load.py URL BODY_JSON STOP_FILE MAX_SECONDS THREADS EXPECTED_STATUS[,STATUS...]
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from collections import Counter

url, body, stop_file = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
max_seconds, threads = float(sys.argv[4]), int(sys.argv[5])
expected = {int(s) for s in sys.argv[6].split(",")}
target = urllib.parse.urlsplit(url)
outcomes, examples, lost_at, latencies, lock = Counter(), {}, [], [], threading.Lock()
started = time.monotonic()
deadline = started + max_seconds
stopping = threading.Event()


def record(outcome, detail, elapsed):
    with lock:
        outcomes[outcome] += 1
        latencies.append(elapsed)
        if not (outcome.isdigit() and int(outcome) in expected):
            examples.setdefault(outcome, detail[:200])
            lost_at.append(round(time.monotonic() - started, 2))


def client():
    connection = None
    while not stopping.is_set():
        if connection is None:
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        begin = time.monotonic()
        try:
            connection.request("POST", target.path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            record(str(response.status), text, time.monotonic() - begin)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            record(type(error).__name__, str(error), time.monotonic() - begin)
            connection.close()
            connection = None


workers = [threading.Thread(target=client) for _ in range(threads)]
for worker in workers:
    worker.start()
while time.monotonic() < deadline and not os.path.exists(stop_file):
    time.sleep(0.1)
stopping.set()
for worker in workers:
    worker.join()
total = sum(outcomes.values())
answered = sum(n for outcome, n in outcomes.items() if outcome.isdigit() and int(outcome) in expected)
latencies.sort()
print(json.dumps({
    "seconds": round(time.monotonic() - started, 1), "requests": total, "answered": answered, "lost": total - answered,
    "outcomes": dict(outcomes), "examples": examples,
    "first_lost_at": lost_at[0] if lost_at else None, "last_lost_at": lost_at[-1] if lost_at else None,
    "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
    "p99_ms": round(1000 * latencies[int(len(latencies) * 0.99)], 1) if latencies else None,
    "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
}))
