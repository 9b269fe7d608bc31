#!/usr/bin/env bash
# Fuzzes a running gateway against its own OpenAPI description with Schemathesis and every check it has
# (`--checks all`): status codes, media types, headers and bodies as described, schema-valid requests
# accepted, schema-invalid ones rejected, authentication enforced. Exits non-zero on any failure.
#
#   scripts/api-fuzz.sh [base URL]        (default http://localhost:${SERVER_PORT:-8080})
#
# Signs in through POST /auth/dev-login (so the gateway must run with APP_ENV=dev) as GitHub id
# ASKFLOW_FUZZ_USER_ID (default 583231); list that id in ADMIN_GITHUB_IDS to fuzz the admin endpoints too.
# The gateway's limits answer 429 once the fuzzer outruns them: give it wide ones (test.sh does). The seed
# and the number of examples are fixed (ASKFLOW_FUZZ_SEED, ASKFLOW_FUZZ_MAX_EXAMPLES) so a run can be
# repeated. Schemathesis comes from PyPI, pinned below, installed into the ignored folder .tools/.
# Expectations beyond Schemathesis's defaults, each with its reason, are in scripts/api-fuzz.toml; the
# event log goes to target/api-fuzz/events.ndjson (ASKFLOW_FUZZ_REPORT), replay files beside it. ./test.sh
# runs this on a stack of its own.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

SCHEMATHESIS_VERSION=4.32.5
TOOL_DIR=$ROOT/.tools/schemathesis
BASE=${1:-http://localhost:${SERVER_PORT:-8080}}
BASE=${BASE%/}
USER_ID=${ASKFLOW_FUZZ_USER_ID:-583231}
SEED=${ASKFLOW_FUZZ_SEED:-20261124}
MAX_EXAMPLES=${ASKFLOW_FUZZ_MAX_EXAMPLES:-40}
REPORT=${ASKFLOW_FUZZ_REPORT:-$ROOT/target/api-fuzz/events.ndjson}

installed_version() {
  ls -d "$TOOL_DIR"/schemathesis-*.dist-info 2>/dev/null | sed -n 's/.*schemathesis-\(.*\)\.dist-info/\1/p' | head -n 1
}
if [ "$(installed_version)" != "$SCHEMATHESIS_VERSION" ]; then
  command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 \
    || { echo "api-fuzz: needs Python 3 with pip to install Schemathesis" >&2; exit 1; }
  echo "Installing Schemathesis $SCHEMATHESIS_VERSION (PyPI) into .tools/schemathesis..."
  rm -rf "$TOOL_DIR"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --target "$TOOL_DIR" "schemathesis==$SCHEMATHESIS_VERSION"
fi
schemathesis() { PYTHONPATH=$TOOL_DIR python3 -m schemathesis.cli "$@"; }

login=$(curl -sS -X POST "$BASE/auth/dev-login" -H 'Content-Type: application/json' \
  -d "{\"login\":\"api-fuzz\",\"id\":$USER_ID}")
TOKEN=$(printf '%s' "$login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])' 2>/dev/null) || {
  echo "api-fuzz: no token from POST $BASE/auth/dev-login (is the gateway up, with APP_ENV=dev?): $login" >&2
  exit 1
}

mkdir -p "$(dirname "$REPORT")"
rm -f "$REPORT"
echo "Fuzzing $BASE/v3/api-docs with Schemathesis $SCHEMATHESIS_VERSION (seed $SEED, up to $MAX_EXAMPLES examples per operation)..."
status=0
# --workers 2: the machines this runs on have two cores, and the gateway, worker and Temporal share them.
# --max-redirects 0: GET /auth/login answers 302 to GitHub when an OAuth app is configured; never follow it.
# --generation-database none: every run starts from the seed alone, not from examples an earlier run kept.
schemathesis --config-file "$ROOT/scripts/api-fuzz.toml" run "$BASE/v3/api-docs" \
  --checks all \
  --header "Authorization: Bearer $TOKEN" \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --workers 2 \
  --max-redirects 0 \
  --generation-database none \
  --report ndjson --report-ndjson-path "$REPORT" \
  --no-color || status=$?

# Schemathesis's summary counts test cases; its event log records every request it sent and the answer.
requests=$(python3 - "$REPORT" <<'COUNT' 2>/dev/null || echo "an unknown number of"
import json, sys
total = 0
with open(sys.argv[1]) as events:
    for line in events:
        finished = json.loads(line).get("ScenarioFinished")
        if finished:
            total += len(finished["recorder"].get("interactions", {}))
print(total)
COUNT
)
echo "api-fuzz: Schemathesis sent $requests requests to $BASE; exit status $status."
exit "$status"
