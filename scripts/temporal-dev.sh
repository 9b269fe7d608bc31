#!/usr/bin/env bash
# Runs the Temporal CLI's dev server on loopback: a real Temporal server keeping its state in a SQLite file,
# with the Temporal Web UI. Installs the CLI when missing (scripts/temporal-cli.sh).
#
#   scripts/temporal-dev.sh [start]   start in the background and wait until ready; a server already
#                                     answering on the port is reused
#   scripts/temporal-dev.sh status    exit 0 when a server answers on the port
#   scripts/temporal-dev.sh stop      stop the server this script started, and wait until it has exited
#
# Environment: TEMPORAL_DEV_PORT (7233), TEMPORAL_DEV_UI_PORT (8233), TEMPORAL_DEV_DIR (./data/temporal:
# the SQLite file temporal.db, server.log and server.pid).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${TEMPORAL_DEV_PORT:-7233}
UI_PORT=${TEMPORAL_DEV_UI_PORT:-8233}
DIR=${TEMPORAL_DEV_DIR:-$PWD/data/temporal}
PID_FILE=$DIR/server.pid

ready() {
  # the UI answers HTTP and the frontend answers gRPC once the server is fully up
  curl -fs -o /dev/null "http://127.0.0.1:$UI_PORT/" 2>/dev/null \
    && "$CLI" operator namespace describe --address "127.0.0.1:$PORT" --namespace default >/dev/null 2>&1
}

case "${1:-start}" in
  stop)
    if [ -f "$PID_FILE" ]; then
      pid=$(cat "$PID_FILE")
      if kill "$pid" 2>/dev/null; then
        # wait for it to let go of its ports and flush its SQLite file
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        echo "Stopped the Temporal dev server."
      fi
      rm -f "$PID_FILE"
    fi
    exit 0
    ;;
  status)
    CLI=$(scripts/temporal-cli.sh)
    ready
    exit
    ;;
  start) ;;
  *) echo "usage: $0 [start|status|stop]" >&2; exit 2 ;;
esac

CLI=$(scripts/temporal-cli.sh)
if ready; then
  echo "Temporal dev server already running: 127.0.0.1:$PORT (UI http://127.0.0.1:$UI_PORT)"
  exit 0
fi

mkdir -p "$DIR"
echo "Starting the Temporal dev server (data: $DIR/temporal.db, log: $DIR/server.log)..."
# setsid: its own process group, so a Ctrl-C meant for the caller does not kill it before the caller's
# processes have finished their work; the caller stops it with `stop`.
# The SQLite file in WAL mode with synchronous=NORMAL: a commit is no longer an fsync, and a killed server
# loses nothing it acknowledged (only a power cut can take the last commits). Eager activity dispatch hands
# a workflow's next activity to the worker that scheduled it in the same reply. Both measured by bench/run.sh.
# The history shard's transfer queue, which hands new workflow and activity tasks to matching, reads new tasks
# at most 20 times a second by default; the dev server has a single shard, so every task waited for the next
# 50 ms tick (a start + reply took 50 ms, AskFlow's workflow shape 100 ms). Unthrottled: 34 and 65 ms.
setsid "$CLI" server start-dev \
  --ip 127.0.0.1 --port "$PORT" --ui-port "$UI_PORT" --ui-disable-news-fetch \
  --db-filename "$DIR/temporal.db" --log-level warn \
  --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
  --dynamic-config-value system.enableActivityEagerExecution=true \
  --dynamic-config-value history.transferProcessorMaxPollRPS=10000 \
  >"$DIR/server.log" 2>&1 </dev/null &
echo $! >"$PID_FILE"

for _ in $(seq 1 120); do
  if ready; then
    echo "Temporal dev server ready: 127.0.0.1:$PORT (UI http://127.0.0.1:$UI_PORT)"
    exit 0
  fi
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "The Temporal dev server exited; see $DIR/server.log:" >&2
    tail -n 20 "$DIR/server.log" >&2
    rm -f "$PID_FILE"
    exit 1
  fi
  sleep 0.5
done
echo "The Temporal dev server did not become ready in 60 s; see $DIR/server.log" >&2
exit 1
