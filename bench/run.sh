#!/usr/bin/env bash
# AskFlow's benchmark, one command: measures AskFlow and, in the same run and against the same Temporal, the
# engine floor (a workflow of AskFlow's shape whose steps do nothing), on
#   1. the run command's default: the Temporal CLI's dev server (SQLite file), stub model at 0 ms;
#   2. Temporal's in-process test service hosted by the worker (ASKFLOW_EMBEDDED_TEMPORAL), stub at 0 ms;
#   3. the dev server again with AskFlow's INFO logging off, to see what logging costs;
#   4. the dev server with the stub model taking 800 ms, many questions in flight;
# then prints the report (bench/report.py) with the targets, and keeps every figure under target/bench/.
#
# Each stack is started by ./run.sh on ports of its own (8780-8790, Temporal 7933/8933) with a fresh data
# folder and every rate limit opened wide, and stopped after. Takes about 17 minutes; run it on a quiet
# machine, since anything else using the CPU shows up in the figures.
#
#   5. with BENCH_STACKS including "streaming": the time to first token of streamed answers (bench/ttft.py),
#      with the gateways' stream poll at 50 ms (the default) and 10 ms.
# Environment: BENCH_STACKS (which to run: "dev-server in-process quiet-logs slow-model", and "streaming"),
# BENCH_SECONDS (15, each open-loop rate), BENCH_SEQUENTIAL (200), BENCH_CONCURRENCY (32),
# BENCH_DEV_RATES (10,20,30), BENCH_IN_PROCESS_RATES (20,40,120), BENCH_SLOW_RATES (10,20), BENCH_TTFT_QUESTIONS (50),
# BENCH_WARM_UP (300: questions, four at a time so that concurrent paths warm up too, and floor workflows of
# each shape, run first and not counted, so that every JVM is measured warmed up; their figures are printed as
# what a cold start costs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh

SECONDS_PER_RATE=${BENCH_SECONDS:-15}
SEQUENTIAL=${BENCH_SEQUENTIAL:-200}
WARM_UP=${BENCH_WARM_UP:-300}
CONCURRENCY=${BENCH_CONCURRENCY:-32}
OUT=$PWD/target/bench
GATEWAY_PORT=8780 WORKER_PORT=8781 MANAGEMENT_PORT=8790 TEMPORAL_PORT=7933 TEMPORAL_UI_PORT=8933
FLOOR_JAR=bench/target/askflow-bench-0.1.0-SNAPSHOT-exec.jar

for port in $GATEWAY_PORT $WORKER_PORT $MANAGEMENT_PORT $TEMPORAL_PORT $TEMPORAL_UI_PORT; do
  # a server already there would be measured instead, or would take this run's tasks
  if ss -Hltn "sport = :$port" | grep -q .; then
    echo "Port $port is in use; the benchmark needs 8780, 8781, 8790, 7933 and 8933 free." >&2
    exit 1
  fi
done

echo "Building AskFlow and the engine floor..."
./mvnw -B -q -DskipTests package
rm -rf "$OUT" && mkdir -p "$OUT"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

stack_pid=""
stop_stack() {
  if [ -n "$stack_pid" ]; then
    kill -TERM "$stack_pid" 2>/dev/null || true
    wait "$stack_pid" 2>/dev/null || true
    stack_pid=""
  fi
}
trap stop_stack EXIT

start_stack() { # name, then extra environment as NAME=value words
  local name=$1
  shift
  local data=$OUT/$name-data
  mkdir -p "$data"
  echo "Starting AskFlow ($name)..."
  env -u APP_ENV -u DATABASE_URL -u TEMPORAL_ADDRESS -u TEMPORAL_UI_URL -u OPENAI_API_KEY -u OPENAI_BASE_URL \
    SERVER_PORT=$GATEWAY_PORT MANAGEMENT_PORT=$MANAGEMENT_PORT WORKER_PORT=$WORKER_PORT \
    TEMPORAL_DEV_PORT=$TEMPORAL_PORT TEMPORAL_DEV_UI_PORT=$TEMPORAL_UI_PORT ASKFLOW_DATA_DIR="$data" \
    ASKFLOW_REQUESTS_PER_MINUTE=100000000 ASKFLOW_TOKENS_PER_DAY=1000000000000 ASKFLOW_FLOOD_USER_RPS=1000000 \
    ASKFLOW_FLOOD_ADDRESS_RPS=1000000 ASKFLOW_AUTH_REQUESTS_PER_MINUTE=1000000 ASKFLOW_MAX_SYNC_WAITS=4000 \
    ASKFLOW_STUB_WORD_DELAY=0ms \
    "$@" ./run.sh >"$OUT/$name-run.log" 2>&1 &
  stack_pid=$!
  for _ in $(seq 1 300); do
    grep -q '^AskFlow is up' "$OUT/$name-run.log" && return 0
    if ! kill -0 "$stack_pid" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "AskFlow ($name) did not start; see $OUT/$name-run.log and $data/logs/" >&2
  tail -n 30 "$OUT/$name-run.log" >&2
  exit 1
}

askflow_load() { # name rates [extra load.py arguments]
  local name=$1 rates=$2
  shift 2
  echo "== AskFlow, $name"
  python3 bench/load.py --base-url "http://127.0.0.1:$GATEWAY_PORT" --rates "$rates" \
    --seconds "$SECONDS_PER_RATE" --ports "gateway=$GATEWAY_PORT,worker=$WORKER_PORT,temporal=$TEMPORAL_PORT" \
    --warm-up "$WARM_UP" --json "$OUT/askflow-$name.json" "$@"
}

engine_floor() { # name
  echo "== engine floor, $1 (same Temporal, one Java process as client and worker)"
  # the process serving Temporal (the dev server, or the worker hosting the in-process service): its CPU too
  local server_pid server=()
  server_pid=$(ss -Hltnp "sport = :$TEMPORAL_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
  if [ -n "$server_pid" ]; then server=(--server-pid "$server_pid"); fi
  java --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar "$FLOOR_JAR" \
    --target "127.0.0.1:$TEMPORAL_PORT" --shapes ASKFLOW,FOUR_REGULAR,REPLY_ONLY --sequential "$SEQUENTIAL" \
    --warm-up "$WARM_UP" "${server[@]}" \
    --concurrency "$CONCURRENCY" --saturate-seconds 10 --json "$OUT/floor-$1.json" 2>"$OUT/floor-$1.log"
}

STACKS=" ${BENCH_STACKS:-dev-server in-process quiet-logs slow-model} "
if [[ $STACKS == *" dev-server "* ]]; then
  start_stack dev-server ASKFLOW_STUB_LATENCY=0ms
  askflow_load dev-server "${BENCH_DEV_RATES:-10,20,30}" --sequential "$SEQUENTIAL" --me 200 --warm-up-clients 4 \
    --concurrency "$CONCURRENCY"
  engine_floor dev-server
  stop_stack
fi

if [[ $STACKS == *" in-process "* ]]; then
  start_stack in-process ASKFLOW_STUB_LATENCY=0ms ASKFLOW_EMBEDDED_TEMPORAL=true
  askflow_load in-process "${BENCH_IN_PROCESS_RATES:-20,40,120}" --sequential "$SEQUENTIAL" --me 200 --warm-up-clients 4 \
    --concurrency "$CONCURRENCY"
  engine_floor in-process
  stop_stack
fi

if [[ $STACKS == *" quiet-logs "* ]]; then
  # what logging costs: the same one-at-a-time run with AskFlow's own INFO lines (several per question) off
  start_stack quiet-logs ASKFLOW_STUB_LATENCY=0ms LOGGING_LEVEL_IO_ASKFLOW=WARN
  askflow_load quiet-logs "" --sequential "$SEQUENTIAL"
  stop_stack
fi

if [[ $STACKS == *" slow-model "* ]]; then
  start_stack slow-model ASKFLOW_STUB_LATENCY=800ms
  askflow_load slow-model "${BENCH_SLOW_RATES:-10,20}" --sequential 20 --warm-up-clients 16
  stop_stack
fi

if [[ $STACKS == *" streaming "* ]]; then
  # time to first token: the stub writes its first word 200 ms after it is called, then one every 20 ms
  # the table alone goes to ttft.md; what starting and stopping AskFlow prints goes to stderr
  {
    echo "| stack | questions | question event p50 ms | first delta p50 / p90 ms | added by AskFlow p50 / p90 ms | done p50 ms |"
    echo "|---|---|---|---|---|---|"
    for poll in 50ms 10ms; do
      start_stack "streaming-poll-$poll" ASKFLOW_STUB_LATENCY=200ms ASKFLOW_STUB_WORD_DELAY=20ms \
        ASKFLOW_STREAM_POLL=$poll >&2
      python3 bench/ttft.py --base-url "http://127.0.0.1:$GATEWAY_PORT" --questions "${BENCH_TTFT_QUESTIONS:-50}" \
        --model-ttft-ms 200 --label "dev server, stream poll $poll" --json "$OUT/ttft-poll-$poll.json"
      stop_stack >&2
    done
  } | tee "$OUT/ttft.md"
fi

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
if [[ $STACKS != " streaming " ]]; then
  python3 bench/report.py "$OUT" | tee "$OUT/report.md"
fi
