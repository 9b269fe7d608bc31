#!/usr/bin/env bash
# Installs the Temporal CLI (reusing an existing binary) and starts a real Temporal dev server on loopback,
# with a SQLite file and the Web UI, in the background. Idempotent: a server already answering is reused.
#
#   scripts/temporal-dev.sh            install if needed, start, wait until ready, print the addresses
#   scripts/temporal-dev.sh stop       stop the server this script started
#
# Environment: TEMPORAL_DEV_PORT (7233), TEMPORAL_DEV_UI_PORT (8233), TEMPORAL_DEV_DIR (./data/temporal).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v1.5.1   # later tags cannot be installed with `go install`
PORT=${TEMPORAL_DEV_PORT:-7233}
UI_PORT=${TEMPORAL_DEV_UI_PORT:-8233}
DIR=${TEMPORAL_DEV_DIR:-$PWD/data/temporal}
mkdir -p "$DIR"
PID_FILE=$DIR/server.pid

if [ "${1:-}" = stop ]; then
  if [ -f "$PID_FILE" ] && kill "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "Stopped the Temporal dev server."
  fi
  rm -f "$PID_FILE"
  exit 0
fi

find_cli() {
  for candidate in "${TEMPORAL_CLI:-}" "$(command -v temporal 2>/dev/null || true)" \
      "$(go env GOPATH 2>/dev/null)/bin/temporal" "$HOME/go/bin/temporal"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

CLI=$(find_cli || true)
if [ -z "$CLI" ]; then
  command -v go >/dev/null || { echo "Go is needed to install the Temporal CLI" >&2; exit 1; }
  echo "Installing the Temporal CLI $VERSION with go install (takes a few minutes the first time)..."
  go install "github.com/temporalio/cli/cmd/temporal@$VERSION"
  CLI=$(find_cli)
fi

ready() {
  # the frontend answers gRPC; the UI answers HTTP once the server is fully up
  curl -fs -o /dev/null "http://127.0.0.1:$UI_PORT/" 2>/dev/null \
    && "$CLI" operator namespace describe --address "127.0.0.1:$PORT" --namespace default >/dev/null 2>&1
}

if ready; then
  echo "Temporal dev server already running: 127.0.0.1:$PORT (UI http://127.0.0.1:$UI_PORT)"
  exit 0
fi

echo "Starting the Temporal dev server (log: $DIR/server.log)..."
nohup "$CLI" server start-dev \
  --ip 127.0.0.1 --port "$PORT" --ui-port "$UI_PORT" \
  --db-filename "$DIR/temporal.db" --log-level warn \
  >"$DIR/server.log" 2>&1 &
echo $! >"$PID_FILE"

for _ in $(seq 1 60); do
  if ready; then
    echo "Temporal dev server ready: 127.0.0.1:$PORT (UI http://127.0.0.1:$UI_PORT)"
    exit 0
  fi
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "The Temporal dev server exited; see $DIR/server.log:" >&2
    tail -n 20 "$DIR/server.log" >&2
    exit 1
  fi
  sleep 1
done
echo "The Temporal dev server did not become ready in 60 s; see $DIR/server.log" >&2
exit 1
