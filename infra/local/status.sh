#!/usr/bin/env bash
# Each process of the local production topology: pid, health, address; exits 1 when one is not healthy.
exec "$(dirname "$0")/ctl.sh" status "$@"
