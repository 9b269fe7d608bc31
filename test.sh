#!/usr/bin/env bash
# Runs AskFlow's full test suite: unit, activity, workflow and integration tests, and the end-to-end suite
# (gateway and worker as processes on a real Temporal dev server, plus a headless-Chromium check of the
# Temporal UI). Installs what it needs: a JDK >= 21 is picked, the Temporal CLI and Chromium are installed
# when missing. The dev server for the tests runs on its own ports, fresh each run, and is stopped after.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

scripts/install-test-tools.sh

export TEMPORAL_DEV_PORT=${ASKFLOW_E2E_TEMPORAL_PORT:-7333}
export TEMPORAL_DEV_UI_PORT=${ASKFLOW_E2E_TEMPORAL_UI_PORT:-8333}
TEMPORAL_DEV_DIR=$(mktemp -d "${TMPDIR:-/tmp}/askflow-e2e-temporal.XXXXXX")
export TEMPORAL_DEV_DIR
cleanup() {
  scripts/temporal-dev.sh stop >/dev/null 2>&1 || true
  rm -rf "$TEMPORAL_DEV_DIR"
}
trap cleanup EXIT
scripts/temporal-dev.sh

export ASKFLOW_E2E_TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_DEV_PORT
export ASKFLOW_E2E_TEMPORAL_UI=http://127.0.0.1:$TEMPORAL_DEV_UI_PORT
export ASKFLOW_E2E_REQUIRED=1
./mvnw -B verify "$@"
