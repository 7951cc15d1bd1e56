#!/usr/bin/env bash
# Offline checks of the deployment files (no Docker engine, no Kubernetes cluster here): every YAML under
# deploy/ parses; Kubernetes objects are well-formed and consistent (selectors, named ports, references,
# probes on the routes Nlp.Api serves, container ports and UID equal to the Dockerfiles' EXPOSE and USER,
# runAsNonRoot); compose files are consistent; nginx.conf passes `nginx -t`; `kubectl kustomize` renders.
# Needs Debian's /usr/bin/python3 with python3-yaml; nginx and kubectl are used when installed.
# Last line: "manifests: N passed, N failed, N skipped"; exit status 0 only when nothing failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
  echo "python3-yaml is missing: apt-get install -y python3-yaml"
  echo "manifests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
exec /usr/bin/python3 "$here/check_deploy_files.py"
