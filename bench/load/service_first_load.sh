#!/usr/bin/env bash
# The first model load of a fresh service process, as a container start sees it: the Api is published three ways,
# each from its own clean intermediate folder (--artifacts-path: a self-contained and a framework-dependent ReadyToRun
# build of the same runtime identifier must not share obj/): as deploy/Dockerfile does (self-contained, composite
# ReadyToRun of the app and the runtime, started by its apphost), as the Dockerfile did before ADR-008
# (framework-dependent ReadyToRun, `dotnet Nlp.Api.dll`), and as a plain JIT build (`dotnet publish` without
# ReadyToRun). Each is started RUNS times on a folder holding only the model, with Models:EagerLoad=true, in turns
# (composite, framework-dependent, JIT, composite, ...), so that the three share the machine's minutes. Measured:
# the service's own "Loaded model ... in N ms" log line (ModelLoadEvents: folder read to model ready, load-time checks
# included), and the time from starting the process to that line. Prints every run and the medians per build; writes
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

echo "== publishing: composite (as deploy/Dockerfile), framework-dependent ReadyToRun, JIT"
publish() {  # NAME ARGS...: dotnet publish of the Api into $work/NAME, intermediates in $work/artifacts_NAME
  local name=$1; shift
  (cd "$repo" && dotnet publish src/Nlp.Api/Nlp.Api.csproj -c Release -o "$work/$name" --artifacts-path "$work/artifacts_$name" \
    "$@" -v q -nologo > "$work/publish_$name.log" 2>&1) || { tail -20 "$work/publish_$name.log"; exit 1; }
}
publish composite --use-current-runtime --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true
publish r2r --use-current-runtime --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false
publish jit -p:UseAppHost=false
declare -A command=([composite]="./Nlp.Api" [r2r]="dotnet Nlp.Api.dll" [jit]="dotnet Nlp.Api.dll")
builds=(composite r2r jit)

report="$results/service_first_load_$(basename "$folder").txt"
{
  echo "# first model load of a fresh Api process, $(basename "$folder") ($weights weight bytes), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$report"
declare -A loads starts
for i in $(seq 1 "$runs"); do
  for build in "${builds[@]}"; do
    log="$work/${build}_$i.log"
    begin=$(date +%s%N)
    (cd "$work/$build" && exec env ASPNETCORE_ENVIRONMENT=Production Models__Path="$work/models" Models__EagerLoad=true \
      Models__WatchForChanges=false ${command[$build]} --urls "http://127.0.0.1:$port") > "$log" 2>&1 &
    pid=$!
    ms=""
    for _ in $(seq 1 400); do
      ms=$(grep -o 'Loaded model [^ ]* version [0-9]* in [0-9.]* ms' "$log" | head -1 | awk '{print $(NF-1)}')
      [ -n "$ms" ] && break
      grep -q '"LogLevel":"Error"\|"LogLevel":"Critical"' "$log" && break
      sleep 0.05
    done
    seen=$(date +%s%N)
    kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    [ -n "$ms" ] || { echo "$build run $i: no load line (see below)"; tail -5 "$log"; exit 1; }
    # start to loaded: from the log line's own timestamp when it has one (JSON console), else when the line was seen
    stamp=$(grep -o '"Timestamp":"[^"]*","EventId":[0-9]*,"LogLevel":"Information","Category":"Nlp.Infrastructure.ModelRepository.ModelLoadEvents"' "$log" \
      | head -1 | sed 's/"Timestamp":"\([^"]*\)".*/\1/')
    ready=$(( ( $( [ -n "$stamp" ] && date -d "$stamp" +%s%N || echo "$seen" ) - begin ) / 1000000 ))
    loads[$build]+="$ms "; starts[$build]+="$ready "
    echo "$build run $i: load $ms ms, process start to loaded $ready ms" | tee -a "$report"
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for build in "${builds[@]}"; do
  # shellcheck disable=SC2086
  echo "$build median of $runs: load $(median ${loads[$build]}) ms, process start to loaded $(median ${starts[$build]}) ms" | tee -a "$report"
done
