#!/usr/bin/env bash
# Starts AskFlow on embedded defaults: the worker (hosting an embedded Temporal service unless
# TEMPORAL_ADDRESS is set), then the gateway, both on the SQLite file ./data/askflow.db.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh

GATEWAY_PORT=${SERVER_PORT:-8080}
GATEWAY_MANAGEMENT_PORT=${MANAGEMENT_PORT:-8090}
WORKER_PORT=${WORKER_PORT:-8081}
EMBEDDED_PORT=${ASKFLOW_EMBEDDED_TEMPORAL_PORT:-7233}
WORKER_JAR=worker/target/askflow-worker-0.1.0-SNAPSHOT-exec.jar
GATEWAY_JAR=api-gateway/target/askflow-api-gateway-0.1.0-SNAPSHOT-exec.jar
LOGS=data/logs

needs_build() {
  [ ! -f "$WORKER_JAR" ] || [ ! -f "$GATEWAY_JAR" ] && return 0
  [ -n "$(find . -path ./data -prune -o \( -name '*.java' -o -name '*.yml' -o -name '*.sql' -o -name pom.xml \) \
      -newer "$GATEWAY_JAR" -print -quit)" ]
}

if needs_build; then
  echo "Building AskFlow (first run, or sources changed)..."
  ./mvnw -B -q -DskipTests package
fi

mkdir -p "$LOGS"
pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping AskFlow..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_healthy() { # name url pid
  for _ in $(seq 1 120); do
    if curl -fs "$2" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "The $1 exited during start-up; see $LOGS/$1.log:" >&2
      tail -n 30 "$LOGS/$1.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "The $1 did not become healthy in 120 s; see $LOGS/$1.log" >&2
  exit 1
}

echo "Starting the worker (logs: $LOGS/worker.log)..."
java -jar "$WORKER_JAR" --server.port="$WORKER_PORT" >"$LOGS/worker.log" 2>&1 &
pids+=($!)
wait_healthy worker "http://127.0.0.1:$WORKER_PORT/actuator/health" "${pids[0]}"

echo "Starting the gateway (logs: $LOGS/gateway.log)..."
TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS:-127.0.0.1:$EMBEDDED_PORT} \
  java -jar "$GATEWAY_JAR" --server.port="$GATEWAY_PORT" --management.server.port="$GATEWAY_MANAGEMENT_PORT" \
  >"$LOGS/gateway.log" 2>&1 &
pids+=($!)
wait_healthy gateway "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/actuator/health" "${pids[1]}"

if [ -z "${OPENAI_API_KEY:-}" ]; then
  echo "NOTE: no OPENAI_API_KEY set: answers come from the built-in STUB model (it echoes; it is not an AI)."
fi
cat <<MSG

AskFlow is up.
  API:      http://localhost:$GATEWAY_PORT   (OpenAPI: http://localhost:$GATEWAY_PORT/v3/api-docs)
  Ops:      gateway http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/actuator/{health,prometheus}, worker http://127.0.0.1:$WORKER_PORT/actuator/...
  Temporal: ${TEMPORAL_ADDRESS:-embedded service on 127.0.0.1:$EMBEDDED_PORT}
  Database: ${DATABASE_URL:-jdbc:sqlite:./data/askflow.db}
Try:  curl -s -X POST localhost:$GATEWAY_PORT/auth/dev-login -H 'Content-Type: application/json' -d '{"login":"octocat","id":583231}'
Ctrl-C stops everything.
MSG
wait -n "${pids[@]}"
echo "A process exited; see $LOGS/." >&2
