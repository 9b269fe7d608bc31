#!/usr/bin/env bash
# Applies AskFlow's database migrations (db/src/main/resources/db: migration/ and vendor/<database>/) to one database and exits,
# without starting the applications: what the delivery pipeline's migration step does before a deploy
# (there through the image's `migrations` target, see deploy/docker/Dockerfile).
#
#   scripts/migrate.sh [JDBC URL]     default: $DATABASE_URL
#
# Credentials go in the URL (jdbc:postgresql://host:5432/askflow?user=…&password=…) or in DATABASE_USER and
# DATABASE_PASSWORD. Flyway and the JDBC drivers are those of deploy/flyway/pom.xml (the versions Spring Boot
# manages for the applications), copied once into deploy/flyway/target/lib. Running it again on a migrated
# database applies nothing; the applications' own start-up migration then finds nothing to do either.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/java-home.sh

DATABASE_URL=${1:-${DATABASE_URL:-}}
[ -n "$DATABASE_URL" ] || { echo "usage: scripts/migrate.sh JDBC_URL (or set DATABASE_URL)" >&2; exit 2; }
LIB=deploy/flyway/target/lib

if [ ! -f "$LIB/.complete" ] || [ deploy/flyway/pom.xml -nt "$LIB/.complete" ]; then
  echo "Copying Flyway and the JDBC drivers into $LIB..." >&2
  rm -rf "$LIB"
  ./mvnw -B -q -f deploy/flyway/pom.xml dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$ROOT/$LIB" >&2
  touch "$LIB/.complete"
fi

DATABASE_URL=$DATABASE_URL ASKFLOW_MIGRATIONS=filesystem:$ROOT/db/src/main/resources/db \
  exec java --enable-native-access=ALL-UNNAMED -cp "$LIB/*" deploy/flyway/Migrate.java
