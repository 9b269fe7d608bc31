#!/usr/bin/env bash
# Sourced by the deploy workflow's release steps: the Temporal CLI's connection to an environment's namespace,
# from that environment's OpenTofu outputs (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, and TEMPORAL_API_KEY on Temporal
# Cloud, masked in the log).
#
#   . scripts/release-env.sh infra/envs/staging
tofu_dir=${1:?usage: . scripts/release-env.sh infra/envs/ENVIRONMENT}
TEMPORAL_ADDRESS=$(tofu -chdir="$tofu_dir" output -json temporal | python3 -c 'import json, sys; print(json.load(sys.stdin)["address"])')
TEMPORAL_NAMESPACE=$(tofu -chdir="$tofu_dir" output -json temporal | python3 -c 'import json, sys; print(json.load(sys.stdin)["namespace"])')
export TEMPORAL_ADDRESS TEMPORAL_NAMESPACE
api_key=$(tofu -chdir="$tofu_dir" output -json temporal_api_key | python3 -c 'import json, sys; print(json.load(sys.stdin) or "")')
if [ -n "$api_key" ]; then
  echo "::add-mask::$api_key"
  export TEMPORAL_API_KEY=$api_key
fi
