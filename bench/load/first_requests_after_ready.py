#!/usr/bin/env python3
"""Fresh starts of one published Api under several settings, in turns: when it is ready, and how long its first
requests after that take.

PUBLISH_DIR holds the apphost `Nlp.Api` (e.g. the composite ReadyToRun publish of deploy/Dockerfile). Each
LABEL=NAME:VALUE[,NAME:VALUE...] is a set of environment variables (LABEL=- for none); the sets take turns, RUNS
starts each, on a copy of MODEL_FOLDER with Models:EagerLoad=true. Per start: launch to /health/ready answering 200
(polled every 20 ms), then POST /noauth/predict once per fresh connection: the first request's time, the second's,
and the median of the next 20. With AUTH=1 it seeds an OAuth client, takes a client-credentials token after ready
(its time printed too) and calls POST /auth/predict with it instead; with PRIME=1 as well, first one refused token
request (a wrong secret) and one /auth/predict with a malformed token, untimed (what a warm-up without a secret could
send). Prints every start and the medians per set.
Only 127.0.0.1; every process is stopped.

    bench/load/first_requests_after_ready.py PUBLISH_DIR MODEL_FOLDER RUNS LABEL=SETTINGS [LABEL=SETTINGS ...]
"""
import http.client
import json
import urllib.parse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PORT = int(os.environ.get("PORT", "18096"))
AUTH = os.environ.get("AUTH") == "1"
PRIME = os.environ.get("PRIME") == "1"
CLIENT = {"Identity__Clients__0__ClientId": "bench", "Identity__Clients__0__ClientSecret": "bench-secret-0123456789",
          "Identity__Clients__0__Scopes__0": "profile"}


def request(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers or ({"Content-Type": "application/json"} if body else {}))
        response = connection.getresponse()
        content = response.read()
        if path == "/oauth/token":
            return response.status, (time.perf_counter() - started) * 1000, json.loads(content).get("access_token")
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        connection.close()


def start_once(publish, models, model, settings):
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", Models__Path=models, Models__EagerLoad="true",
               Models__WatchForChanges="false", Logging__LogLevel__Default="Warning", **(CLIENT if AUTH else {}), **settings)
    launched = time.perf_counter()
    process = subprocess.Popen([os.path.join(publish, "Nlp.Api"), "--urls", f"http://127.0.0.1:{PORT}"], cwd=publish,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if time.perf_counter() - launched > 120:
                raise RuntimeError("not ready in 120 s")
            try:
                if request("GET", "/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.02)
        ready = (time.perf_counter() - launched) * 1000
        body = json.dumps({"modelIdentifier": model, "text": "hello there how are you doing today"})
        path, headers, token_ms = "/noauth/predict", {"Content-Type": "application/json"}, 0.0
        if AUTH and PRIME:
            # What a warm-up could send without a client's secret: a refused token request and a refused bearer token.
            refused = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "bench",
                                              "client_secret": "not-the-secret", "scope": "profile"})
            request("POST", "/oauth/token", refused, {"Content-Type": "application/x-www-form-urlencoded"})
            request("POST", "/auth/predict", body, dict(headers, Authorization="Bearer not.a.token"))
        if AUTH:
            form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "bench",
                                           "client_secret": CLIENT["Identity__Clients__0__ClientSecret"], "scope": "profile"})
            status, token_ms, token = request("POST", "/oauth/token", form,
                                              {"Content-Type": "application/x-www-form-urlencoded"})
            if status != 200 or not token:
                raise RuntimeError(f"token endpoint answered {status}")
            path, headers = "/auth/predict", dict(headers, Authorization=f"Bearer {token}")
        times = []
        for _ in range(22):
            status, elapsed = request("POST", path, body, headers)
            if status != 200:
                raise RuntimeError(f"prediction answered {status}")
            times.append(elapsed)
        return ready, times[0], times[1], statistics.median(times[2:]), token_ms
    finally:
        process.terminate()
        process.wait()


def main():
    publish, folder, runs = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), int(sys.argv[3])
    sets = []
    for argument in sys.argv[4:]:
        label, _, spec = argument.partition("=")
        pairs = [] if spec == "-" else [p.split(":", 1) for p in spec.split(",")]
        sets.append((label, {name: value for name, value in pairs}))
    work = tempfile.mkdtemp(prefix="nlp-first-")
    model = os.path.basename(folder.rstrip("/"))
    shutil.copytree(folder, os.path.join(work, model))
    results = {label: [] for label, _ in sets}
    try:
        for run in range(runs):
            for label, settings in sets:
                result = start_once(publish, work, model, settings)
                results[label].append(result)
                print(f"{label} start {run + 1}: ready {result[0]:.0f} ms, first request {result[1]:.1f} ms, "
                      f"second {result[2]:.1f} ms, next 20 median {result[3]:.1f} ms"
                      + (f", token {result[4]:.1f} ms" if AUTH else ""), flush=True)
    finally:
        shutil.rmtree(work)
    for label, rows in results.items():
        medians = [statistics.median(column) for column in zip(*rows)]
        print(f"{label} medians over {len(rows)}: ready {medians[0]:.0f} ms, first request {medians[1]:.1f} ms, "
              f"second {medians[2]:.1f} ms, next 20 {medians[3]:.1f} ms" + (f", token {medians[4]:.1f} ms" if AUTH else ""))


if __name__ == "__main__":
    main()
