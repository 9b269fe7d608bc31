#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the tests (trust auth, no data kept), or stops it. The
# integration suite runs on it once over (a database per stack, each with its pools): hence 300 connections.
#   scripts/postgres-test.sh DIR       init DIR if needed and start on PORT (default 55432); prints the JDBC URL
#   scripts/postgres-test.sh DIR stop
# Installs Debian's postgresql when initdb is missing. PostgreSQL refuses to run as root: as root the
# server runs as the 'postgres' user.
set -euo pipefail
DIR=${1:?data directory}
PORT=${ASKFLOW_TEST_POSTGRES_PORT:-55432}

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL (Debian package) for the tests..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "PostgreSQL is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${2:-}" = stop ]; then
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  exit 0
fi

mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
fi
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
echo "jdbc:postgresql://127.0.0.1:$PORT/postgres?user=postgres"
