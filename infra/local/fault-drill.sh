#!/usr/bin/env bash
# The fault drill on the local production topology: starts it when it is not up (and then stops it again
# afterwards), runs infra/local/fault_drill.py (arguments are passed on: --users, --interval, --faults, ...)
# and exits with its verdict. The drill's users are new each run, so the default per-user limits apply.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
started=false
if ! "$HERE/ctl.sh" status >/dev/null 2>&1; then
  started=true
  "$HERE/ctl.sh" up
fi
stop() { if $started; then "$HERE/ctl.sh" down; fi; }
trap stop EXIT
python3 "$HERE/fault_drill.py" "$@"
