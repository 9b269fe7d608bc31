#!/usr/bin/env bash
# The OpenTofu plan of one environment for a pull request, written as Markdown (for the PR comment):
#
#   scripts/tofu-plan.sh ENVIRONMENT OUTPUT.md
#
# Plans against the image digests deployed now (the environment's `deployed_digests` output in the remote
# state), so that the plan shows what the pull request changes in the infrastructure, not a new release
# (releases are deployed by main.yml). Needs the environment's credentials as the deploy does (state
# backend, kubeconfig, Temporal Cloud, TF_VAR_* secrets). Exits non-zero when the plan fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
environment=${1:?environment} out=${2:?output file}
dir=$ROOT/infra/envs/$environment
[ -d "$dir" ] || { echo "no such environment: $environment" >&2; exit 2; }

tofu -chdir="$dir" init -input=false >/dev/null
none=sha256:$(printf '0%.0s' $(seq 1 64))
if deployed=$(tofu -chdir="$dir" output -json deployed_digests 2>/dev/null); then
  digest() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$deployed" "$1"; }
  gateway=$(digest gateway) worker=$(digest worker) migrations=$(digest migrations)
  note="against the release deployed now"
else
  gateway=$none worker=$none migrations=$none
  note="nothing deployed yet: placeholder digests"
fi

status=0
tofu -chdir="$dir" plan -input=false -no-color -lock=false -detailed-exitcode \
  -var "gateway_digest=$gateway" -var "worker_digest=$worker" -var "migrations_digest=$migrations" \
  >"$out.txt" 2>&1 || status=$?
case $status in
  0) summary="no changes" ;;
  2) summary="changes"; status=0 ;;
  *) summary="**plan failed**" ;;
esac
{
  echo "### OpenTofu plan: \`$environment\` — $summary"
  echo
  echo "Commit ${GITHUB_SHA:-$(git -C "$ROOT" rev-parse HEAD)}, $note."
  echo
  echo '<details><summary>plan output</summary>'
  echo
  echo '```'
  # a comment holds at most 65,536 characters
  head -c 60000 "$out.txt"
  echo '```'
  echo '</details>'
} >"$out"
cat "$out.txt"
exit "$status"
