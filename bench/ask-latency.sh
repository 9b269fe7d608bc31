#!/usr/bin/env bash
# Measures POST /ask latency against a running AskFlow (./run.sh) and prints the figures.
# Usage: bench/ask-latency.sh [requests] [base-url]
# Each request is a new question from one user; the user's per-minute limit must allow them
# (start AskFlow with ASKFLOW_REQUESTS_PER_MINUTE >= requests, e.g. 1000).
set -euo pipefail
N=${1:-20}
BASE=${2:-http://localhost:8080}
USER_ID=${BENCH_USER_ID:-$((900000 + RANDOM))}

TOKEN=$(curl -fsS -X POST "$BASE/auth/dev-login" -H 'Content-Type: application/json' \
  -d "{\"login\":\"bench-$USER_ID\",\"id\":$USER_ID}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')

# one warm-up request, not counted
curl -fsS -o /dev/null -X POST "$BASE/ask" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"question":"warm-up"}'

times=()
for i in $(seq 1 "$N"); do
  t=$(curl -sS -o /tmp/askflow-bench-body -w '%{http_code} %{time_total}' -X POST "$BASE/ask" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"question\":\"benchmark question $i\"}")
  code=${t%% *}
  if [ "$code" != 200 ]; then
    echo "request $i answered $code: $(cat /tmp/askflow-bench-body)" >&2
    exit 1
  fi
  times+=("${t##* }")
done

printf '%s\n' "${times[@]}" | python3 -c '
import sys, statistics
ms = sorted(float(x) * 1000 for x in sys.stdin)
n = len(ms)
print(f"POST /ask latency over {n} requests (ms): median {statistics.median(ms):.1f}  "
      f"p90 {ms[max(0, int(n * 0.9) - 1)]:.1f}  min {ms[0]:.1f}  max {ms[-1]:.1f}")
'
