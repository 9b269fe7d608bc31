#!/usr/bin/env bash
# Sourced by backup.sh and restore.sh: splits AskFlow's DATABASE_URL (a JDBC URL) into what the database's
# own tools take.
#   jdbc:sqlite:PATH                                           -> DB_KIND=sqlite DB_FILE
#   jdbc:postgresql://HOST[:PORT]/NAME[?user=U&password=P&...] -> DB_KIND=postgres PGHOST PGPORT PGDATABASE
#                                                                 PGUSER PGPASSWORD (exported for pg_dump,
#                                                                 pg_restore and psql: no password on a
#                                                                 command line)

# shellcheck disable=SC2034 # DB_KIND and DB_FILE are read by the scripts that source this one
parse_database_url() { # url
  local url=$1 rest query pair
  case $url in
    jdbc:sqlite:*)
      DB_KIND=sqlite
      DB_FILE=${url#jdbc:sqlite:}
      DB_FILE=${DB_FILE%%\?*}
      DB_FILE=${DB_FILE#file:}
      ;;
    jdbc:postgresql://*)
      DB_KIND=postgres
      rest=${url#jdbc:postgresql://}
      query=""
      [[ $rest == *\?* ]] && query=${rest#*\?}
      rest=${rest%%\?*}
      export PGDATABASE=${rest#*/}
      rest=${rest%%/*}
      export PGHOST=${rest%%:*}
      if [[ $rest == *:* ]]; then export PGPORT=${rest#*:}; else export PGPORT=5432; fi
      local IFS='&'
      for pair in $query; do
        case $pair in
          user=*) export PGUSER=${pair#user=} ;;
          password=*) export PGPASSWORD=${pair#password=} ;;
        esac
      done
      ;;
    *)
      echo "unsupported DATABASE_URL: $url (jdbc:sqlite:… or jdbc:postgresql://…)" >&2
      return 1
      ;;
  esac
}
