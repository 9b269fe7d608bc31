#!/usr/bin/env bash
# Backs up AskFlow's database while the service runs, into one file:
#   SQLite:      an online copy through SQLite's backup API (the sqlite3 CLI's .backup), consistent even while
#                gateways and workers write, then checked with PRAGMA integrity_check;
#   PostgreSQL:  pg_dump in its custom format (one consistent snapshot; restore it with pg_restore).
#
#   scripts/backup.sh [FILE]     FILE defaults to ./backups/askflow-<UTC time>.{db,dump}
#
# Environment: DATABASE_URL (jdbc:sqlite:./data/askflow.db), as the gateway and worker read it.
set -euo pipefail
source "$(dirname "$0")/database-url.sh"
URL=${DATABASE_URL:-jdbc:sqlite:./data/askflow.db}
parse_database_url "$URL"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
case $DB_KIND in
  sqlite)
    OUT=${1:-backups/askflow-$stamp.db}
    command -v sqlite3 >/dev/null || { echo "backup.sh needs the sqlite3 CLI (Debian: apt-get install sqlite3)" >&2; exit 1; }
    [ -f "$DB_FILE" ] || { echo "no database file at $DB_FILE" >&2; exit 1; }
    mkdir -p "$(dirname "$OUT")"
    rm -f "$OUT.partial"
    # a writer may hold the lock for a moment: wait for it rather than fail
    sqlite3 "$DB_FILE" ".timeout 10000" ".backup '$OUT.partial'"
    check=$(sqlite3 "$OUT.partial" "PRAGMA integrity_check")
    [ "$check" = ok ] || { echo "the copy failed its integrity check: $check" >&2; exit 1; }
    questions=$(sqlite3 "$OUT.partial" "SELECT COUNT(*) FROM questions")
    ;;
  postgres)
    OUT=${1:-backups/askflow-$stamp.dump}
    mkdir -p "$(dirname "$OUT")"
    rm -f "$OUT.partial"
    pg_dump --format=custom --no-owner --file="$OUT.partial"
    questions=$(psql -X -tA -c "SELECT COUNT(*) FROM questions")
    ;;
esac
mv "$OUT.partial" "$OUT"
echo "Backed up $DB_KIND database ($questions questions) to $OUT ($(du -h "$OUT" | cut -f1))."
