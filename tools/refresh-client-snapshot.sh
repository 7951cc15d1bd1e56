#!/usr/bin/env bash
# Refreshes src/Nlp.Client/openapi.json, the snapshot of the Api's /openapi/v1.json that the typed client
# (Nlp.Client) is generated from, then rebuilds the client and shows what changed.
#
# Run it after changing an endpoint, a contract type or the OpenAPI setup of Nlp.Api (the test
# OpenApiSnapshotTests fails until you do), review the diff of the snapshot and of the client's callers, and
# commit the snapshot. The document is taken exactly as the test sees it: the Api in-process
# (WebApplicationFactory), normalised (no "servers"), written by the test in update mode.
set -euo pipefail
cd "$(dirname "$0")/.."

NLP_CLIENT_SNAPSHOT_UPDATE=1 dotnet test tests/Nlp.Client.Tests \
  --filter "FullyQualifiedName~Nlp.Client.Tests.OpenApiSnapshotTests.Committed_snapshot_equals_the_live_OpenApi_document"

# Regenerate the client from the new snapshot (incremental: runs the generator only if the snapshot changed).
dotnet build src/Nlp.Client

git --no-pager diff --stat -- src/Nlp.Client/openapi.json || true
