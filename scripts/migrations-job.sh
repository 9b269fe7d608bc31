#!/usr/bin/env bash
# The delivery pipeline's migration step: runs the release's migrations image as a Kubernetes Job in an
# environment's namespace (Flyway applies db/src/main/resources/db/migration to the DATABASE_URL of the
# namespace's Secret), waits for it and prints its log; exits non-zero when it fails. Run before the deploy:
# the running (older) release keeps working on the migrated schema, because migrations only ever add.
#
#   scripts/migrations-job.sh ENVIRONMENT REPOSITORY DIGEST            apply with kubectl and wait (10 min at most)
#   scripts/migrations-job.sh --render ENVIRONMENT REPOSITORY DIGEST   only print the Job's manifest
#
# ENVIRONMENT is staging or production (namespace askflow-ENVIRONMENT, as infra/modules/askflow makes it).
# KUBE_VERSION (default 1.33.0) is the cluster's Kubernetes version for the chart's check. Needs helm, and kubectl with a kubeconfig for the environment's cluster. The Job's name is derived from
# the image, so running it again for the same release finds the finished Job and does nothing new.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

render_only=false
if [ "${1:-}" = --render ]; then render_only=true; shift; fi
[ $# = 3 ] || { echo "usage: $0 [--render] ENVIRONMENT REPOSITORY DIGEST" >&2; exit 2; }
environment=$1 repository=$2 digest=$3
namespace=askflow-$environment

manifest=$(helm template askflow "$ROOT/infra/helm/askflow" --namespace "$namespace" --kube-version "${KUBE_VERSION:-1.33.0}" \
  --set migrations.only=true --set appEnv="$environment" \
  --set image.migrations.repository="$repository" --set image.migrations.digest="$digest")
if $render_only; then
  printf '%s\n' "$manifest"
  exit 0
fi

job=$(printf '%s\n' "$manifest" | kubectl apply --namespace "$namespace" -o name -f - | grep '^job')
echo "Waiting for $job in $namespace..."
for _ in $(seq 1 120); do
  succeeded=$(kubectl get --namespace "$namespace" "$job" -o jsonpath='{.status.succeeded}')
  failed=$(kubectl get --namespace "$namespace" "$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}')
  if [ "${succeeded:-0}" -ge 1 ] || [ "$failed" = True ]; then break; fi
  sleep 5
done
kubectl logs --namespace "$namespace" "$job" --all-containers --tail=200 || true
if [ "${succeeded:-0}" -ge 1 ]; then
  echo "Migrations applied ($job)."
else
  echo "Migrations did not complete ($job): the deploy does not go ahead." >&2
  exit 1
fi
