#!/usr/bin/env bash
# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK >= 25 (AskFlow compiles with --release 25).
# Keeps a JAVA_HOME that is already recent enough; otherwise picks the newest JDK under /usr/lib/jvm.

ASKFLOW_MIN_JAVA=25

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge "$ASKFLOW_MIN_JAVA" ] 2>/dev/null; then
  :
else
  best="" best_major=0
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge "$ASKFLOW_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best=$dir best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "AskFlow needs a JDK >= $ASKFLOW_MIN_JAVA (e.g. Temurin $ASKFLOW_MIN_JAVA); none found under /usr/lib/jvm and JAVA_HOME is unset or older." >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build. The option lives here
# rather than in .mvn/jvm.config because older JDKs refuse to start with it: with ./mvnw on a JDK that is
# too old, the build's enforcer rule then says which JDK is needed.
case " ${MAVEN_OPTS:-} " in
  *" --sun-misc-unsafe-memory-access=allow "*) ;;
  *) export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}" ;;
esac
