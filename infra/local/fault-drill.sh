#!/usr/bin/env bash
# The fault drill on the local production topology: starts it when it is not up (and then stops it again
# afterwards), runs infra/local/fault_drill.py (arguments are passed on: --users, --interval, --faults, ...)
# and exits with its verdict.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# Questions held up by an outage reach their quota check in a burst once it is over; a user's per-minute limit
# would then (rightly) reject some, which is not what the drill is about: a topology it starts has the limits
# opened wide, so that anything but `completed` is a finding.
export ASKFLOW_REQUESTS_PER_MINUTE=${ASKFLOW_REQUESTS_PER_MINUTE:-100000}
export ASKFLOW_TOKENS_PER_DAY=${ASKFLOW_TOKENS_PER_DAY:-1000000000}
export ASKFLOW_FLOOD_USER_RPS=${ASKFLOW_FLOOD_USER_RPS:-1000}
export ASKFLOW_FLOOD_ADDRESS_RPS=${ASKFLOW_FLOOD_ADDRESS_RPS:-1000}
started=false
stop() { if $started; then "$HERE/ctl.sh" down; fi; }
trap stop EXIT
if ! "$HERE/ctl.sh" status >/dev/null 2>&1; then
  started=true # also when up fails half-way: down stops what it did start
  "$HERE/ctl.sh" up
fi
python3 "$HERE/fault_drill.py" "$@"
