#!/usr/bin/env bash
# The release step of Temporal Worker Versioning (docs/deploying.md, "Releases"), run by the deploy workflow
# after the new worker build is up beside the old one:
#
#   scripts/worker-release.sh set-current BUILD_ID       new questions go to this build from now on (retried until
#                                                        its workers have polled, so Temporal knows the version)
#   scripts/worker-release.sh await-drained BUILD_ID     wait until no question is pinned to that (older) build any
#                                                        more, so that its workers can be removed
#
# Connection from the Temporal CLI's own variables: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, and TEMPORAL_API_KEY
# for Temporal Cloud (TLS then on). ASKFLOW_WORKER_DEPLOYMENT names the Worker Deployment (default askflow, as
# the chart's worker.versioning.deploymentName); ASKFLOW_RELEASE_TIMEOUT bounds each wait in seconds (default
# 600 to set the current version, 1800 to drain: Temporal reports a version drained only after its visibility
# grace period, about 3 to 6 minutes by default, once its last pinned workflow closed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

[ $# = 2 ] || { echo "usage: $0 set-current|await-drained BUILD_ID" >&2; exit 2; }
action=$1 build_id=$2
deployment=${ASKFLOW_WORKER_DEPLOYMENT:-askflow}
: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}" "${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE is required}"
temporal=$("$ROOT/scripts/temporal-cli.sh")

deadline() { echo $((SECONDS + ${ASKFLOW_RELEASE_TIMEOUT:-$1})); }

case $action in
  set-current)
    until_time=$(deadline 600)
    until "$temporal" worker deployment set-current-version --deployment-name "$deployment" \
        --build-id "$build_id" --yes >/dev/null 2>"${TMPDIR:-/tmp}/worker-release.err"; do
      if [ "$SECONDS" -ge "$until_time" ]; then
        echo "worker-release: could not make $deployment:$build_id current:" >&2
        cat "${TMPDIR:-/tmp}/worker-release.err" >&2
        exit 1
      fi
      sleep 5
    done
    echo "worker-release: $deployment:$build_id is the current version; new questions run on it"
    ;;
  await-drained)
    until_time=$(deadline 1800)
    while true; do
      if ! version=$("$temporal" worker deployment describe-version --deployment-name "$deployment" \
          --build-id "$build_id" -o json 2>/dev/null); then
        # a build from before Worker Versioning: nothing is pinned to it
        echo "worker-release: $deployment:$build_id is not a version Temporal knows; nothing to drain"
        exit 0
      fi
      status=$(printf '%s' "$version" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin).get("drainageInfo", {}).get("drainageStatus", "unknown"))')
      running=$("$temporal" workflow count -o json \
        --query "TemporalWorkerDeploymentVersion='$deployment:$build_id' AND ExecutionStatus='Running'" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin).get("count", 0))')
      echo "worker-release: $deployment:$build_id is $status ($running question(s) pinned to it still running)"
      if [ "$status" = drained ]; then
        exit 0
      fi
      if [ "$SECONDS" -ge "$until_time" ]; then
        echo "worker-release: $deployment:$build_id not drained in time; keep its workers and look at what still runs on it" >&2
        exit 1
      fi
      sleep 30
    done
    ;;
  *) echo "usage: $0 set-current|await-drained BUILD_ID" >&2; exit 2 ;;
esac
