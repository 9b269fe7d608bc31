#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into AskFlow's database, replacing what is there. Stop the
# gateways and workers first (a restore under a running service would mix two states); Temporal keeps its
# own state: questions still running at backup time are best left to finish before a restore.
#
#   scripts/restore.sh FILE
#
# Environment: DATABASE_URL (jdbc:sqlite:./data/askflow.db). A PostgreSQL database must exist (it may be
# empty); a SQLite file is created when missing.
set -euo pipefail
source "$(dirname "$0")/database-url.sh"
IN=${1:?usage: scripts/restore.sh BACKUP_FILE}
[ -f "$IN" ] || { echo "no backup file $IN" >&2; exit 1; }
URL=${DATABASE_URL:-jdbc:sqlite:./data/askflow.db}
parse_database_url "$URL"

magic=$(head -c 5 "$IN")
case $DB_KIND in
  sqlite)
    [ "$(head -c 15 "$IN")" = "SQLite format 3" ] || { echo "$IN is not a SQLite backup" >&2; exit 1; }
    command -v sqlite3 >/dev/null || { echo "restore.sh needs the sqlite3 CLI" >&2; exit 1; }
    mkdir -p "$(dirname "$DB_FILE")"
    # the backup API writes every page of the target, WAL included; the old content is gone afterwards
    sqlite3 "$DB_FILE" ".timeout 10000" ".restore '$IN'"
    check=$(sqlite3 "$DB_FILE" "PRAGMA integrity_check")
    [ "$check" = ok ] || { echo "the restored database failed its integrity check: $check" >&2; exit 1; }
    questions=$(sqlite3 "$DB_FILE" "SELECT COUNT(*) FROM questions")
    ;;
  postgres)
    [ "$magic" = PGDMP ] || { echo "$IN is not a pg_dump custom-format backup" >&2; exit 1; }
    # one transaction: either the whole backup is in place or nothing changed
    pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname="$PGDATABASE" "$IN"
    questions=$(psql -X -tA -c "SELECT COUNT(*) FROM questions")
    ;;
esac
echo "Restored $IN into the $DB_KIND database ($questions questions)."
