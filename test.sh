#!/usr/bin/env bash
# Runs AskFlow's full test suite (unit, activity, workflow and integration tests) with a JDK >= 21.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh
exec ./mvnw -B verify "$@"
