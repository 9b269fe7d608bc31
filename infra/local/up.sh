#!/usr/bin/env bash
# Starts AskFlow's production topology on this machine (see infra/local/ctl.sh and docs/local-topology.md).
exec "$(dirname "$0")/ctl.sh" up "$@"
