#!/usr/bin/env bash
# AskFlow's production topology on one machine: one PostgreSQL cluster (databases askflow, temporal and
# temporal_visibility), a real Temporal server on it (not the CLI's dev server) with its schema set up by its own
# tool, the Temporal UI server, two workers, two gateways and HAProxy in front of the gateways. Every process
# runs in the background with its log and pid file under one folder; `status` shows each one's health.
#
#   infra/local/ctl.sh up              build or install what is missing, then start everything (idempotent)
#   infra/local/ctl.sh down            stop everything, gateways first, PostgreSQL last
#   infra/local/ctl.sh status          each process: pid, health; exit 1 when one is not healthy
#   infra/local/ctl.sh kill NAME       SIGKILL one process (the fault drill); NAME as listed by status
#   infra/local/ctl.sh start NAME      start one process again and wait until it is healthy
#   infra/local/ctl.sh env             the settings, as shell assignments (for scripts: eval "$(ctl.sh env)")
#
# Environment: ASKFLOW_LOCAL_DIR (./data/local), ASKFLOW_TOOLS_CACHE (~/.cache/askflow-tools: the Temporal
# server, its schema tool and the UI server, built once per machine), ASKFLOW_LOCAL_JAVA_OPTS (-Xmx384m), the
# ports below, and every AskFlow variable (ASKFLOW_REQUESTS_PER_MINUTE, ASKFLOW_STUB_LATENCY, OPENAI_API_KEY,
# ...), which are passed on to the gateways and workers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/infra/local

DIR=${ASKFLOW_LOCAL_DIR:-$ROOT/data/local}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
CACHE=${ASKFLOW_TOOLS_CACHE:-$HOME/.cache/askflow-tools}
TEMPORAL_VERSION=1.29.1
UI_VERSION=2.54.1
TEMPORAL_BIN=$CACHE/temporal-$TEMPORAL_VERSION
UI_BIN=$CACHE/temporal-ui-$UI_VERSION

# Ports: none of them is used by ./run.sh (7233, 8233, 8080, 8081, 8090) or ./test.sh (7333, 8333, 55432,
# 8480-8490, 7433, 8433), so the three can run side by side.
PG_PORT=${ASKFLOW_LOCAL_POSTGRES_PORT:-55632}
TEMPORAL_PORT=${ASKFLOW_LOCAL_TEMPORAL_PORT:-7633}      # frontend gRPC; history, matching, worker: +1, +2, +6
TEMPORAL_UI_PORT=${ASKFLOW_LOCAL_TEMPORAL_UI_PORT:-8633}
LB_PORT=${ASKFLOW_LOCAL_PORT:-8600}                     # HAProxy: the service's address
LB_STATS_PORT=${ASKFLOW_LOCAL_STATS_PORT:-8601}         # HAProxy's status page
GATEWAY_PORTS=(8610 8611)
GATEWAY_MANAGEMENT_PORTS=(8620 8621)
WORKER_PORTS=(8630 8631)
if [ -n "${ASKFLOW_LOCAL_APP_PORT_BASE:-}" ]; then
  b=$ASKFLOW_LOCAL_APP_PORT_BASE
  GATEWAY_PORTS=($((b + 10)) $((b + 11))) GATEWAY_MANAGEMENT_PORTS=($((b + 20)) $((b + 21)))
  WORKER_PORTS=($((b + 30)) $((b + 31)))
fi

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
LOGS=$DIR/logs
RUN=$DIR/run
APP=$DIR/app
mkdir -p "$LOGS" "$RUN"

PROCESSES=(postgres temporal temporal-ui worker1 worker2 gateway1 gateway2 haproxy)

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "infra/local: $*" >&2; exit 1; }

as_postgres() { # PostgreSQL refuses to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
AS_POSTGRES_EXEC=() # the same, but exec'ing (no wrapper process left between the pid file and the server)
[ "$(id -u)" = 0 ] && AS_POSTGRES_EXEC=(setpriv --reuid=postgres --regid=postgres --init-groups --)

secret() { # name: generated once, kept with the data
  local file=$DIR/secrets/$1
  if [ ! -s "$file" ]; then
    mkdir -p "$DIR/secrets"
    chmod 700 "$DIR/secrets"
    (umask 077 && head -c 32 /dev/urandom | base64 -w0 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

askflow_database_url() {
  echo "jdbc:postgresql://127.0.0.1:$PG_PORT/askflow?user=askflow&password=$(secret askflow-db-password)"
}

# ---------------------------------------------------------------------------------------------------------
# Tools: built or installed once, reused from the cache (or from the system) afterwards.

go_cmd() {
  if command -v go >/dev/null; then command -v go; elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; fi
}

install_temporal() {
  if [ -x "$TEMPORAL_BIN/temporal-server" ] && [ -x "$TEMPORAL_BIN/temporal-sql-tool" ] \
      && [ -d "$TEMPORAL_BIN/schema/postgresql/v12/temporal/versioned" ]; then
    return 0
  fi
  local go
  go=$(go_cmd)
  [ -n "$go" ] || die "the Temporal server is built from source with Go, which is missing (install Go >= 1.24)"
  log "Building the Temporal server $TEMPORAL_VERSION and its SQL schema tool with go install (once per machine, a few minutes)..."
  mkdir -p "$TEMPORAL_BIN"
  local build
  build=$(mktemp -d)
  GOBIN=$build "$go" install "go.temporal.io/server/cmd/server@v$TEMPORAL_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_VERSION"
  mv "$build/server" "$TEMPORAL_BIN/temporal-server"
  mv "$build/sql" "$TEMPORAL_BIN/temporal-sql-tool"
  rmdir "$build"
  # the schema files ship in the server's module; keep the PostgreSQL ones next to the tool that applies them
  local module
  module=$("$go" env GOMODCACHE)/go.temporal.io/server@v$TEMPORAL_VERSION
  mkdir -p "$TEMPORAL_BIN/schema/postgresql"
  cp -r "$module/schema/postgresql/v12" "$TEMPORAL_BIN/schema/postgresql/"
  chmod -R u+w "$TEMPORAL_BIN/schema"
}

install_ui() {
  [ -x "$UI_BIN/temporal-ui-server" ] && return 0
  [ -f "$UI_BIN/unavailable" ] && return 0
  local go
  go=$(go_cmd)
  [ -n "$go" ] || { log "No Go: the Temporal UI is left out"; return 0; }
  log "Building the Temporal UI server $UI_VERSION with go install (once per machine)..."
  mkdir -p "$UI_BIN"
  local build
  build=$(mktemp -d)
  if GOBIN=$build "$go" install "github.com/temporalio/ui-server/v2/cmd/server@v$UI_VERSION"; then
    mv "$build/server" "$UI_BIN/temporal-ui-server"
  else
    log "The Temporal UI server did not build; the topology runs without it (delete $UI_BIN to try again)"
    touch "$UI_BIN/unavailable"
  fi
  rm -rf "$build"
}

install_packages() {
  local missing=()
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v psql >/dev/null || missing+=(postgresql-client)
  [ ${#missing[@]} = 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "Installing ${missing[*]} (Debian packages)..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})"
  fi
}

jar_of() { # module artifact
  echo "$ROOT/$1/target/$2-0.1.0-SNAPSHOT-exec.jar"
}

build_app() {
  local gateway worker
  gateway=$(jar_of api-gateway askflow-api-gateway)
  worker=$(jar_of worker askflow-worker)
  if [ ! -f "$gateway" ] || [ ! -f "$worker" ] || [ -n "$(cd "$ROOT" && find . \( -name target -o -name data -o -name .tools -o -name .git \) -prune -o \
      \( -name '*.java' -o -name '*.yml' -o -name '*.sql' -o -name pom.xml \) -newer "$gateway" -print -quit)" ]; then
    log "Building the gateway and worker jars..."
    (cd "$ROOT" && source scripts/java-home.sh && ./mvnw -B -q -DskipTests package -am -pl api-gateway,worker)
  fi
  # the processes run copies, so a rebuild in the checkout does not pull the jar from under a running JVM
  mkdir -p "$APP"
  cp "$gateway" "$APP/gateway.jar.new" && mv "$APP/gateway.jar.new" "$APP/gateway.jar"
  cp "$worker" "$APP/worker.jar.new" && mv "$APP/worker.jar.new" "$APP/worker.jar"
}

java_cmd() {
  (cd "$ROOT" && source scripts/java-home.sh >/dev/null && echo "$JAVA_HOME/bin/java")
}

# ---------------------------------------------------------------------------------------------------------
# Processes

pid_of() { # name: the pid when running
  local file=$RUN/$1.pid pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

health_url() { # name
  case $1 in
    gateway1) echo "http://127.0.0.1:${GATEWAY_MANAGEMENT_PORTS[0]}/actuator/health/readiness" ;;
    gateway2) echo "http://127.0.0.1:${GATEWAY_MANAGEMENT_PORTS[1]}/actuator/health/readiness" ;;
    worker1) echo "http://127.0.0.1:${WORKER_PORTS[0]}/actuator/health/readiness" ;;
    worker2) echo "http://127.0.0.1:${WORKER_PORTS[1]}/actuator/health/readiness" ;;
    temporal-ui) echo "http://127.0.0.1:$TEMPORAL_UI_PORT/" ;;
    haproxy) echo "http://127.0.0.1:$LB_STATS_PORT/;csv" ;;
    *) echo "" ;;
  esac
}

healthy() { # name
  case $1 in
    postgres) as_postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" ;;
    temporal)
      # the frontend answers and the namespace exists: workflows can start
      "$TEMPORAL_CLI" operator namespace describe --address "127.0.0.1:$TEMPORAL_PORT" --namespace default \
        >/dev/null 2>&1
      ;;
    *) curl -fsS -o /dev/null --max-time 3 "$(health_url "$1")" 2>/dev/null ;;
  esac
}

launch() { # name command...: in its own session, so a Ctrl-C or a dying shell does not take it along
  local name=$1
  shift
  echo "=== $(date -u +%FT%TZ) start" >>"$LOGS/$name.log"
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

await_healthy() { # name seconds
  local name=$1 pid
  for _ in $(seq 1 $(($2 * 2))); do
    healthy "$name" && return 0
    if ! pid=$(pid_of "$name"); then
      echo "infra/local: $name exited during start-up; the end of $LOGS/$name.log:" >&2
      tail -n 30 "$LOGS/$name.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "infra/local: $name not healthy after $2 s; see $LOGS/$name.log" >&2
  return 1
}

psql_admin() { # SQL on stdin, as the superuser over the Unix socket
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$DIR/postgres" -p "$PG_PORT" -U postgres -d postgres
}

start_postgres() {
  local data=$DIR/postgres/data
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$DIR/postgres"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR/postgres"
    log "Creating the PostgreSQL cluster in $data..."
    # the superuser connects over the Unix socket only; the services log in with passwords over TCP
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
      >"$LOGS/postgres-initdb.log"
  fi
  # postgres runs in the foreground under setsid, like every other process here, so that the pid file is the
  # postmaster's own: SIGKILL in the fault drill hits the server, not a wrapper
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    launch postgres "${AS_POSTGRES_EXEC[@]}" "$PG_BIN/postgres" -D "$data" -p "$PG_PORT" -k "$DIR/postgres" \
      -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB
    # after a SIGKILL the old backends may still hold the shared memory for a moment: then it refuses to start
    await_healthy postgres 60 2>/dev/null && break
    [ $attempt = 10 ] && { tail -n 20 "$LOGS/postgres.log" >&2; die "PostgreSQL did not start"; }
    sleep 1
  done
  local askflow_password temporal_password
  askflow_password=$(secret askflow-db-password)
  temporal_password=$(secret temporal-db-password)
  psql_admin <<SQL
SELECT 'CREATE ROLE askflow LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'askflow') \gexec
SELECT 'CREATE ROLE temporal LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temporal') \gexec
ALTER ROLE askflow PASSWORD '$askflow_password';
ALTER ROLE temporal PASSWORD '$temporal_password';
SELECT 'CREATE DATABASE askflow OWNER askflow' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'askflow') \gexec
SELECT 'CREATE DATABASE temporal OWNER temporal' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal') \gexec
SELECT 'CREATE DATABASE temporal_visibility OWNER temporal' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'temporal_visibility') \gexec
SQL
}

temporal_schema() {
  local password db dir
  password=$(secret temporal-db-password)
  for db in temporal temporal_visibility; do
    case $db in
      temporal) dir=$TEMPORAL_BIN/schema/postgresql/v12/temporal/versioned ;;
      *) dir=$TEMPORAL_BIN/schema/postgresql/v12/visibility/versioned ;;
    esac
    local tool=("$TEMPORAL_BIN/temporal-sql-tool" --plugin postgres12 --ep 127.0.0.1 -p "$PG_PORT" -u temporal \
      --pw "$password" --db "$db")
    # setup-schema -v 0.0 creates the version table once; update-schema applies what is newer, so both are safe
    # to run on every start
    if [ -z "$(as_postgres psql -X -tA -h "$DIR/postgres" -p "$PG_PORT" -U postgres -d "$db" \
        -c "SELECT 1 FROM pg_tables WHERE tablename = 'schema_version'")" ]; then
      "${tool[@]}" setup-schema -v 0.0 >>"$LOGS/temporal-schema.log" 2>&1
    fi
    "${tool[@]}" update-schema -d "$dir" >>"$LOGS/temporal-schema.log" 2>&1 \
      || { tail -n 20 "$LOGS/temporal-schema.log" >&2; die "the Temporal schema update of $db failed"; }
  done
}

temporal_config() {
  local config=$DIR/temporal/config
  mkdir -p "$config"
  sed -e "s|@PG_PORT@|$PG_PORT|g" -e "s|@PASSWORD@|$(secret temporal-db-password)|g" \
    -e "s|@FRONTEND@|$TEMPORAL_PORT|g" -e "s|@HISTORY@|$((TEMPORAL_PORT + 1))|g" \
    -e "s|@MATCHING@|$((TEMPORAL_PORT + 2))|g" -e "s|@WORKER@|$((TEMPORAL_PORT + 6))|g" \
    -e "s|@FRONTEND_HTTP@|$((TEMPORAL_PORT + 10))|g" -e "s|@METRICS@|$((TEMPORAL_PORT + 20))|g" \
    -e "s|@MEMBERSHIP_BASE@|$((TEMPORAL_PORT - 700))|g" \
    -e "s|@MEMBERSHIP_HISTORY@|$((TEMPORAL_PORT - 699))|g" \
    -e "s|@MEMBERSHIP_MATCHING@|$((TEMPORAL_PORT - 698))|g" \
    -e "s|@MEMBERSHIP_WORKER@|$((TEMPORAL_PORT - 694))|g" \
    -e "s|@DYNAMIC@|$HERE/temporal-dynamic.yaml|g" \
    "$HERE/temporal.yaml" >"$config/askflow.yaml"
  (umask 077 && chmod 600 "$config/askflow.yaml")
}

start_temporal() {
  temporal_schema
  temporal_config
  launch temporal "$TEMPORAL_BIN/temporal-server" --root "$DIR/temporal" --config config --env askflow \
    --allow-no-auth start
  # the server has no namespace yet on a fresh database; the CLI creates it once the frontend answers
  for _ in $(seq 1 120); do
    if "$TEMPORAL_CLI" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1; then
      break
    fi
    pid_of temporal >/dev/null || { tail -n 30 "$LOGS/temporal.log" >&2; die "the Temporal server exited"; }
    sleep 0.5
  done
  if ! healthy temporal; then
    "$TEMPORAL_CLI" operator namespace create --address "127.0.0.1:$TEMPORAL_PORT" --namespace default \
      --retention 72h >>"$LOGS/temporal.log" 2>&1 || true
  fi
  await_healthy temporal 60
}

start_ui() {
  if [ ! -x "$UI_BIN/temporal-ui-server" ]; then
    return 0
  fi
  mkdir -p "$DIR/temporal-ui/config"
  sed -e "s|@FRONTEND@|$TEMPORAL_PORT|g" -e "s|@PORT@|$TEMPORAL_UI_PORT|g" \
    "$HERE/temporal-ui.yaml" >"$DIR/temporal-ui/config/askflow.yaml"
  launch temporal-ui "$UI_BIN/temporal-ui-server" --root "$DIR/temporal-ui" --config config --env askflow start
  await_healthy temporal-ui 30
}

app_env() { # the environment of gateways and workers (see the README: dev, on the production topology)
  local java
  java=$(java_cmd)
  JAVA=$java
  export APP_ENV=${APP_ENV:-dev}
  export DATABASE_URL
  DATABASE_URL=$(askflow_database_url)
  export TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT
  if [ -x "$UI_BIN/temporal-ui-server" ]; then
    export TEMPORAL_UI_URL=http://127.0.0.1:$TEMPORAL_UI_PORT
  else
    export TEMPORAL_UI_URL=
  fi
  # one signing secret for both gateways: a token from one is valid at the other
  export JWT_SECRET
  JWT_SECRET=${JWT_SECRET:-$(secret jwt-secret)}
  # HAProxy adds X-Forwarded-For; the per-address limits count the client, not the balancer
  export ASKFLOW_FORWARD_HEADERS=${ASKFLOW_FORWARD_HEADERS:-native}
  export ASKFLOW_LOG_FORMAT=${ASKFLOW_LOG_FORMAT:-ecs}
}

start_worker() { # 1|2
  local n=$1
  app_env
  # shellcheck disable=SC2086
  launch "worker$n" "$JAVA" ${ASKFLOW_LOCAL_JAVA_OPTS:--Xmx384m} -jar "$APP/worker.jar" \
    --server.port="${WORKER_PORTS[$((n - 1))]}"
}

start_gateway() { # 1|2
  local n=$1
  app_env
  # shellcheck disable=SC2086
  launch "gateway$n" "$JAVA" ${ASKFLOW_LOCAL_JAVA_OPTS:--Xmx384m} -jar "$APP/gateway.jar" \
    --server.port="${GATEWAY_PORTS[$((n - 1))]}" --management.server.port="${GATEWAY_MANAGEMENT_PORTS[$((n - 1))]}"
}

start_haproxy() {
  mkdir -p "$DIR/haproxy"
  sed -e "s|@PORT@|$LB_PORT|g" -e "s|@STATS@|$LB_STATS_PORT|g" \
    -e "s|@G1@|${GATEWAY_PORTS[0]}|g" -e "s|@G2@|${GATEWAY_PORTS[1]}|g" \
    -e "s|@M1@|${GATEWAY_MANAGEMENT_PORTS[0]}|g" -e "s|@M2@|${GATEWAY_MANAGEMENT_PORTS[1]}|g" \
    "$HERE/haproxy.cfg" >"$DIR/haproxy/haproxy.cfg"
  haproxy -c -q -f "$DIR/haproxy/haproxy.cfg" || die "haproxy.cfg is invalid"
  launch haproxy haproxy -db -f "$DIR/haproxy/haproxy.cfg"
  await_healthy haproxy 20
}

start_one() { # name
  pid_of "$1" >/dev/null && healthy "$1" && return 0
  case $1 in
    postgres) start_postgres ;;
    temporal) start_temporal ;;
    temporal-ui) start_ui ;;
    worker[12]) start_worker "${1#worker}" && await_healthy "$1" 120 ;;
    gateway[12]) start_gateway "${1#gateway}" && await_healthy "$1" 120 ;;
    haproxy) start_haproxy ;;
    *) die "no process named $1 (${PROCESSES[*]})" ;;
  esac
}

stop_one() { # name [signal]
  local pid
  pid=$(pid_of "$1") || { rm -f "$RUN/$1.pid"; return 0; }
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  # a worker finishes its running steps first (ASKFLOW_WORKER_SHUTDOWN_GRACE); then it is killed
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$RUN/$1.pid"
}

status() {
  local name pid state bad=0
  printf '%-12s %-8s %-9s %s\n' PROCESS PID HEALTH "WHERE (log: $LOGS/NAME.log)"
  for name in "${PROCESSES[@]}"; do
    if [ "$name" = temporal-ui ] && [ ! -x "$UI_BIN/temporal-ui-server" ]; then
      printf '%-12s %-8s %-9s %s\n' "$name" - absent "not built here ($UI_BIN)"
      continue
    fi
    if pid=$(pid_of "$name"); then
      if healthy "$name"; then state=healthy; else state=UNHEALTHY bad=1; fi
    else
      pid=- state=DOWN bad=1
    fi
    printf '%-12s %-8s %-9s %s\n' "$name" "$pid" "$state" "$(where "$name")"
  done
  return $bad
}

where() {
  case $1 in
    postgres) echo "127.0.0.1:$PG_PORT (databases askflow, temporal, temporal_visibility)" ;;
    temporal) echo "127.0.0.1:$TEMPORAL_PORT (gRPC frontend)" ;;
    temporal-ui) echo "http://127.0.0.1:$TEMPORAL_UI_PORT" ;;
    haproxy) echo "http://127.0.0.1:$LB_PORT (stats http://127.0.0.1:$LB_STATS_PORT/)" ;;
    gateway1) echo "http://127.0.0.1:${GATEWAY_PORTS[0]}, $(health_url gateway1)" ;;
    gateway2) echo "http://127.0.0.1:${GATEWAY_PORTS[1]}, $(health_url gateway2)" ;;
    *) health_url "$1" ;;
  esac
}

TEMPORAL_CLI=${TEMPORAL_CLI:-}
need_cli() {
  [ -n "$TEMPORAL_CLI" ] || TEMPORAL_CLI=$("$ROOT/scripts/temporal-cli.sh")
}

case "${1:-}" in
  up)
    install_packages
    install_temporal
    install_ui
    need_cli
    build_app
    start_one postgres
    start_one temporal
    start_one temporal-ui
    # the first worker applies the migrations (Flyway holds a lock on PostgreSQL; one at a time is quicker)
    start_one worker1
    for name in worker2 gateway1 gateway2; do
      pid_of "$name" >/dev/null || start_"${name%[12]}" "${name: -1}"
    done
    for name in worker2 gateway1 gateway2; do await_healthy "$name" 180; done
    start_one haproxy
    status
    cat <<MSG

AskFlow's production topology is up (APP_ENV=${APP_ENV:-dev}, data and logs in $DIR).
  Service:     http://127.0.0.1:$LB_PORT   (HAProxy over two gateways; stats: http://127.0.0.1:$LB_STATS_PORT/)
  Temporal UI: ${TEMPORAL_UI_URL:-not built}
  Database:    $(askflow_database_url | sed 's/password=[^&]*/password=…/')
  Status:      infra/local/status.sh      Stop: infra/local/down.sh
MSG
    ;;
  down)
    for name in haproxy gateway1 gateway2 worker1 worker2 temporal-ui temporal; do stop_one "$name"; done
    # a fast shutdown: PostgreSQL rolls back open transactions and checkpoints before it exits
    stop_one postgres INT
    log "Stopped (data kept in $DIR; delete it for a fresh start)."
    ;;
  status)
    need_cli
    status
    ;;
  kill)
    pid=$(pid_of "${2:?name}") || die "$2 is not running"
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    if [ "$2" = postgres ]; then sleep 0.5; fi # its backends notice the postmaster is gone and exit
    ;;
  start)
    need_cli
    start_one "${2:?name}"
    ;;
  env)
    need_cli
    app_env
    cat <<ENV
ASKFLOW_LOCAL_DIR=$DIR
ASKFLOW_LOCAL_URL=http://127.0.0.1:$LB_PORT
ASKFLOW_LOCAL_GATEWAY1_URL=http://127.0.0.1:${GATEWAY_PORTS[0]}
ASKFLOW_LOCAL_POSTGRES_SOCKET=$DIR/postgres
ASKFLOW_LOCAL_POSTGRES_PORT=$PG_PORT
ASKFLOW_LOCAL_DATABASE_URL='$DATABASE_URL'
TEMPORAL_CLI=$TEMPORAL_CLI
ENV
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
