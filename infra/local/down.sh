#!/usr/bin/env bash
# Stops AskFlow's production topology on this machine; the data stays in ASKFLOW_LOCAL_DIR (./data/local).
exec "$(dirname "$0")/ctl.sh" down "$@"
