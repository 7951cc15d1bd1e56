#!/usr/bin/env python3
"""Fresh starts of published Api builds, in turns: how long the first model load takes and when the service is ready.

Each LABEL=PUBLISH_DIR is a `dotnet publish` output holding the apphost `Nlp.Api` (e.g. the composite ReadyToRun
publish of deploy/Dockerfile, from a worktree of the commit to compare). Every build is started RUNS times on a copy
of MODEL_FOLDER with Models:EagerLoad=true, the builds taking turns, and stopped once its log shows both the model's
"Loaded model ... in N ms" line and Kestrel's "Now listening on" line. Per start it reads, from the JSON console log's
own timestamps against the moment the process was launched: the load (the service's figure), process start to model
loaded, process start to listening, and ready (the later of the two: /health/ready needs both). Prints every start
and the medians per build. Only 127.0.0.1; every process it starts is stopped.

    bench/load/compare_starts.py MODEL_FOLDER RUNS LABEL=PUBLISH_DIR [LABEL=PUBLISH_DIR ...]
"""
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def stamp(line):
    """The Timestamp of one JSON console log line, as seconds since the epoch."""
    value = json.loads(line)["Timestamp"]
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def start_once(publish, models, log_path, port):
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", Models__Path=models, Models__EagerLoad="true",
               Models__WatchForChanges="false", Logging__Console__FormatterName="json")
    with open(log_path, "w") as log:
        launched = time.time()
        process = subprocess.Popen([os.path.join(publish, "Nlp.Api"), "--urls", f"http://127.0.0.1:{port}"],
                                   cwd=publish, env=env, stdout=log, stderr=subprocess.STDOUT)
        loaded = listening = load_ms = None
        deadline = launched + 20
        while time.time() < deadline and (loaded is None or listening is None):
            time.sleep(0.02)
            for line in open(log_path):
                if not line.startswith("{"):
                    continue
                if loaded is None and "Loaded model" in line:
                    loaded = stamp(line)
                    load_ms = float(re.search(r"Loaded model \S+ version \d+ in ([0-9.]+) ms", line).group(1))
                elif listening is None and "Now listening on" in line:
                    listening = stamp(line)
                elif '"LogLevel":"Critical"' in line or '"LogLevel":"Error"' in line:
                    deadline = 0
        process.send_signal(signal.SIGTERM)
        process.wait()
    if loaded is None or listening is None:
        sys.exit(f"{publish}: no load or no listening line, see {log_path}")
    to_loaded, to_listening = (loaded - launched) * 1000, (listening - launched) * 1000
    return {"load": load_ms, "loaded": to_loaded, "listening": to_listening, "ready": max(to_loaded, to_listening)}


def main():
    folder, runs, builds = os.path.abspath(sys.argv[1]), int(sys.argv[2]), [a.split("=", 1) for a in sys.argv[3:]]
    work = tempfile.mkdtemp(prefix="nlp-starts-")
    try:
        models = os.path.join(work, "models")
        shutil.copytree(folder, os.path.join(models, os.path.basename(folder)))
        print(f"# {os.path.basename(folder)}, {os.cpu_count()} cores, load average before: "
              f"{open('/proc/loadavg').read().split()[:3]}")
        results = {label: [] for label, _ in builds}
        for run in range(runs):
            for label, publish in builds:
                r = start_once(os.path.abspath(publish), models, os.path.join(work, f"{label}_{run}.log"), 18086)
                results[label].append(r)
                print(f"{label} run {run + 1}: load {r['load']:.1f} ms, start to loaded {r['loaded']:.0f} ms, "
                      f"to listening {r['listening']:.0f} ms, ready {r['ready']:.0f} ms", flush=True)
                time.sleep(0.3)
        for label, rs in results.items():
            med = {k: statistics.median(r[k] for r in rs) for k in ("load", "loaded", "listening", "ready")}
            under = sum(r["load"] < 200 for r in rs)
            print(f"{label} median of {runs}: load {med['load']:.1f} ms ({under} of {runs} under 200 ms), start to "
                  f"loaded {med['loaded']:.0f} ms, to listening {med['listening']:.0f} ms, ready {med['ready']:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
