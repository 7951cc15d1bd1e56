#!/usr/bin/env bash
# What a caller that goes away costs the server: starts the built Api (Release, env NAME=VALUE ... applied) on the
# long_lstm model (bench/limits/make_long_text_model.py), warms it up, then sends COUNT (default 10) requests of one
# 16,000-token text one after the other (0.6 s apart), each abandoned by curl after ABANDON seconds (default 0.05; the
# pass takes ~0.3 s), and prints the server's CPU time (user + system, /proc) from the first request until 3 s after the last.
# Only 127.0.0.1.
#
#   bench/limits/disconnect_cpu.sh [env NAME=VALUE ...]   e.g. Prediction__MicroBatching__Enabled=true
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
models=${MODELS:-$repo/bench/out/limit_models}
[ -d "$models/long_lstm" ] || /usr/bin/python3 "$repo/bench/limits/make_long_text_model.py" "$models" > /dev/null || exit 2
models=$(cd "$models" && pwd)
port=${PORT:-18096}
work=$(mktemp -d /tmp/nlp-disconnect.XXXXXX)
/usr/bin/python3 - "$models/long_lstm/tokenizer.pkl" "$work/single.json" <<'PY'
import json, pickle, sys
tokenizer = pickle.load(open(sys.argv[1], "rb"))
words = [w for w, i in sorted(tokenizer.word_index.items(), key=lambda p: p[1]) if i < tokenizer.num_words and len(w) <= 3]
json.dump({"modelIdentifier": "long_lstm", "text": " ".join(words[(i * 7) % len(words)] for i in range(16000))}, open(sys.argv[2], "w"))
PY
(cd "$repo/src/Nlp.Api" && exec env "$@" Models__Path="$models" ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning dotnet bin/Release/net10.0/Nlp.Api.dll --urls "http://127.0.0.1:$port") > "$work/api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port/noauth/predict"
for _ in $(seq 1 80); do curl -sf -o /dev/null "http://127.0.0.1:$port/v1/models/long_lstm" && break; sleep 0.25; done
for _ in 1 2 3; do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "@$work/single.json" "$url"; done
before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
for _ in $(seq 1 "${COUNT:-10}"); do
  curl -s -o /dev/null -m "${ABANDON:-0.05}" -X POST -H 'Content-Type: application/json' --data-binary "@$work/single.json" "$url"
  sleep 0.6 # the server idle again before the next: a text queued behind a running one would be dropped unrun
done
sleep 3
after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
awk -v a="$before" -v b="$after" -v hz="$(getconf CLK_TCK)" -v n="${COUNT:-10}" -v what="${*:-default settings}" \
  'BEGIN { printf "%s: server CPU %.2f s for %d abandoned requests\n", what, (b - a) / hz, n }'
