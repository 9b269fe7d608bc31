#!/usr/bin/env bash
# The fault drill on the local production topology: starts it when it is not up (and then stops it again
# afterwards), runs infra/local/fault_drill.py (arguments are passed on: --users, --interval, --faults, ...)
# and exits with its verdict. The drill's users are new each run, so the default per-user limits apply.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
started=false
stop() { if $started; then "$HERE/ctl.sh" down; fi; }
trap stop EXIT
if ! "$HERE/ctl.sh" status >/dev/null 2>&1; then
  started=true # also when up fails half-way: down stops what it did start
  "$HERE/ctl.sh" up
fi
python3 "$HERE/fault_drill.py" "$@"
