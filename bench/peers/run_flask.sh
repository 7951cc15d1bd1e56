#!/usr/bin/env bash
# Starts the Flask peer on 127.0.0.1:PORT serving MODEL_FOLDER: gunicorn, 2 sync workers, one OpenBLAS thread
# each (2 workers x 1 thread = the 2 cores; more threads only oversubscribe). Runs in the foreground.
#   bench/peers/run_flask.sh MODEL_FOLDER PORT
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 MODEL_FOLDER PORT" >&2; exit 2; fi
folder=$(cd "$1" && pwd)
port=$2
here=$(cd "$(dirname "$0")" && pwd)
# Benchmark setting only (see docs/benchmarks.md): let OpenBLAS pick its kernel for this CPU.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export OPENBLAS_NUM_THREADS=1 FLASK_PEER_MODEL="$folder"
exec /usr/bin/python3 /usr/bin/gunicorn --workers 2 --bind "127.0.0.1:${port}" --chdir "$here" \
  --log-level warning flask_app:app
