#!/usr/bin/env bash
# The first model load of a fresh service process, as a container start sees it: the Api is published twice, as
# deploy/Dockerfile does (ReadyToRun for the current runtime, framework-dependent) and as a plain JIT build
# (`dotnet publish` without ReadyToRun), then each is started RUNS times on a folder holding only the model, with
# Models:EagerLoad=true; the time is the service's own "Loaded model ... in N ms" log line (ModelLoadEvents: folder
# read to model ready, load-time checks included). Prints every run and the median per build; writes
# bench/out/results/service_first_load_MODEL.txt. Only 127.0.0.1; every process it starts is stopped.
#
#   bench/load/service_first_load.sh [MODEL_FOLDER] [RUNS]      (defaults: models/keras_small_talk_model 7)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
folder=$(cd "${1:-$repo/models/keras_small_talk_model}" && pwd) || exit 2
runs=${2:-7}
port=${PORT:-18085}
work=$(mktemp -d /tmp/nlp-first-load.XXXXXX)
results="$repo/bench/out/results"
mkdir -p "$results" "$work/models"
trap 'rm -rf "$work"' EXIT
cp -a "$folder" "$work/models/$(basename "$folder")"
weights=$(find "$folder" -maxdepth 1 -name '*.h5' -printf '%s\n' | head -1)

echo "== publishing (ReadyToRun, as deploy/Dockerfile) and (JIT)"
(cd "$repo" && dotnet publish src/Nlp.Api/Nlp.Api.csproj -c Release -o "$work/r2r" --use-current-runtime --self-contained false \
  -p:PublishReadyToRun=true -p:UseAppHost=false -v q -nologo > "$work/publish_r2r.log" 2>&1) || { tail -20 "$work/publish_r2r.log"; exit 1; }
(cd "$repo" && dotnet publish src/Nlp.Api/Nlp.Api.csproj -c Release -o "$work/jit" -p:UseAppHost=false -v q -nologo \
  > "$work/publish_jit.log" 2>&1) || { tail -20 "$work/publish_jit.log"; exit 1; }

report="$results/service_first_load_$(basename "$folder").txt"
{
  echo "# first model load of a fresh Api process, $(basename "$folder") ($weights weight bytes), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$report"
for build in r2r jit; do
  times=()
  for i in $(seq 1 "$runs"); do
    log="$work/${build}_$i.log"
    (cd "$work/$build" && exec env ASPNETCORE_ENVIRONMENT=Production Models__Path="$work/models" Models__EagerLoad=true \
      Models__WatchForChanges=false dotnet Nlp.Api.dll --urls "http://127.0.0.1:$port") > "$log" 2>&1 &
    pid=$!
    ms=""
    for _ in $(seq 1 200); do
      ms=$(grep -o 'Loaded model [^ ]* version [0-9]* in [0-9.]* ms' "$log" | head -1 | awk '{print $(NF-1)}')
      [ -n "$ms" ] && break
      grep -q '"LogLevel":"Error"\|"LogLevel":"Critical"' "$log" && break
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    [ -n "$ms" ] || { echo "$build run $i: no load line (see below)"; tail -5 "$log"; exit 1; }
    times+=("$ms")
    echo "$build run $i: $ms ms" | tee -a "$report"
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  echo "$build median of $runs: $median ms" | tee -a "$report"
done
