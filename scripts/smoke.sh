#!/usr/bin/env bash
# Smoke test of a running AskFlow: is it up, does sign-in work, does a question get answered end to end
# (gateway → Temporal → worker → model → database → back)? Exits non-zero, saying which check failed.
#
#   scripts/smoke.sh BASE_URL            e.g. http://localhost:8080 (./run.sh) or https://askflow.example.com
#
# Sign-in: with SMOKE_TOKEN set (a token or a personal API key), that is used; otherwise the smoke test signs
# in with POST /auth/dev-login, which exists in the dev environment only (./run.sh). Outside dev, give it
# SMOKE_TOKEN, e.g. a token of a GitHub account kept for smoke tests.
# SMOKE_MANAGEMENT_URL (e.g. http://127.0.0.1:8090, the gateway's management port) adds the readiness check,
# which covers the database and Temporal; the public API has no health endpoint of its own.
# SMOKE_TIMEOUT (seconds, default 90): how long to wait for the answer.
set -euo pipefail

BASE=${1:?usage: scripts/smoke.sh BASE_URL}
BASE=${BASE%/}
TIMEOUT=${SMOKE_TIMEOUT:-90}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/askflow-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0

pass() { passed=$((passed + 1)); echo "smoke: ok   $*"; }
fail() { echo "smoke: FAIL $*" >&2; exit 1; }

# request METHOD PATH [curl args...]: body to $WORK/body, headers to $WORK/headers, prints the status code
request() {
  local method=$1 path=$2
  shift 2
  : >"$WORK/body"
  # curl prints 000 as the code when it gets no answer at all
  curl -sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 60 -X "$method" "$BASE$path" "$@" || true
}
# json EXPRESSION: evaluates a Python expression on the last body, bound to `b`
json() { python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$WORK/body" "$1"; }
body() { head -c 600 "$WORK/body" 2>/dev/null || true; }

if [ -n "${SMOKE_MANAGEMENT_URL:-}" ]; then
  status=$(curl -sS -o "$WORK/body" -w '%{http_code}' --max-time 10 "${SMOKE_MANAGEMENT_URL%/}/actuator/health/readiness" \
    || true)
  if [ "$status" != 200 ] || [ "$(json 'b["status"]')" != UP ]; then fail "readiness: $status $(body)"; fi
  pass "readiness is UP (database and Temporal reachable)"
fi

status=$(request GET /v3/api-docs)
if [ "$status" != 200 ] || ! json 'b["openapi"]' >/dev/null 2>&1; then fail "GET /v3/api-docs: $status $(body)"; fi
pass "the API answers (GET /v3/api-docs 200, OpenAPI $(json 'b["openapi"]'))"

status=$(request GET /me)
[ "$status" = 401 ] || fail "GET /me without a token: expected 401, got $status $(body)"
grep -qi '^x-request-id:' "$WORK/headers" || fail "GET /me: no X-Request-Id header"
pass "authentication is enforced (GET /me without a token: 401, with X-Request-Id)"

if [ -n "${SMOKE_TOKEN:-}" ]; then
  TOKEN=$SMOKE_TOKEN
  echo "smoke: using SMOKE_TOKEN"
else
  status=$(request POST /auth/dev-login -H 'Content-Type: application/json' -d '{"login":"smoke-test","id":424242}')
  if [ "$status" = 404 ]; then
    fail "POST /auth/dev-login: 404, so this is not a dev environment: set SMOKE_TOKEN"
  fi
  [ "$status" = 200 ] || fail "POST /auth/dev-login: $status $(body)"
  TOKEN=$(json 'b["token"]')
  pass "signed in with the dev login"
fi
AUTH=(-H "Authorization: Bearer $TOKEN")

status=$(request GET /me "${AUTH[@]}")
[ "$status" = 200 ] || fail "GET /me: $status $(body)"
pass "GET /me: signed in as $(json 'b["login"]') ($(json 'b["id"]'))"

key=smoke-$(date +%s)-$$
status=$(request POST /ask "${AUTH[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
  -d '{"question":"Smoke test: what is a durable workflow?"}')
case $status in
  200 | 202) ;;
  *) fail "POST /ask: $status $(body)" ;;
esac
id=$(json 'b["id"]')
deadline=$((SECONDS + TIMEOUT))
while [ "$(json 'b["status"]')" != completed ]; do
  state=$(json 'b["status"]')
  case $state in
    failed | rejected | cancelled) fail "question $id ended $state: $(body)" ;;
  esac
  [ "$SECONDS" -lt "$deadline" ] || fail "question $id still $state after ${TIMEOUT}s"
  sleep 1
  status=$(request GET "/questions/$id" "${AUTH[@]}")
  [ "$status" = 200 ] || fail "GET /questions/$id: $status $(body)"
done
[ -n "$(json 'b["answer"] or ""')" ] || fail "question $id completed without an answer: $(body)"
pass "POST /ask: question $id answered by $(json 'b["model"]')"

status=$(request GET "/questions/$id" "${AUTH[@]}")
[ "$status" = 200 ] || fail "GET /questions/$id: $status $(body)"
steps=$(json '",".join(s["name"] + ":" + s["status"] for s in b["steps"])')
case $steps in
  *CheckQuota:completed*GenerateAnswer:completed*SaveAnswer:completed*) ;;
  *) fail "question $id steps: $steps" ;;
esac
pass "its steps ran: $steps"

status=$(request POST /ask "${AUTH[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
  -d '{"question":"Smoke test: what is a durable workflow?"}')
if [ "$status" != 200 ] || [ "$(json 'b["id"]')" != "$id" ]; then
  fail "POST /ask again with the same Idempotency-Key: $status $(body)"
fi
pass "the same Idempotency-Key returns the same question"

status=$(request GET '/history?limit=5' "${AUTH[@]}")
[ "$status" = 200 ] || fail "GET /history: $status $(body)"
[ "$(json "any(q['id'] == '$id' for q in b['items'])")" = True ] || fail "GET /history does not list $id: $(body)"
pass "GET /history lists it"

echo "smoke: all $passed checks passed against $BASE"
