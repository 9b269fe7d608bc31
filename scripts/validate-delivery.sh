#!/usr/bin/env bash
# Checks AskFlow's delivery files with the real tools, offline: the Dockerfile, the Helm chart, the OpenTofu
# module and environments, the GitHub workflows, every shell script, the changelog, and the migration step.
# ./test.sh runs it; it runs alone too. Tools come from scripts/install-delivery-tools.sh (PyPI and the Go
# module proxy, cached outside the checkout). Exits non-zero on the first check that fails.
#
# What cannot be checked here, and why (no Docker engine, no cluster, no registry but the package ones):
# building and running the images, `tofu init`/`validate`/`plan` (they need the providers from the
# OpenTofu registry), installing the chart, and running the workflows. See docs/deploying.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
source scripts/java-home.sh
PATH=$(scripts/install-delivery-tools.sh):$PATH
WORK=$(mktemp -d "${TMPDIR:-/tmp}/askflow-validate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
started=$SECONDS
step() { echo "validate-delivery: $*"; }

# expect_failure MESSAGE COMMAND...: the command must fail, saying MESSAGE (a guard that does not fire, or
# fails for another reason, is a defect)
expect_failure() {
  local message=$1
  shift
  if "$@" >"$WORK/expected-failure.log" 2>&1; then
    echo "validate-delivery: expected a failure ($message), but it passed: $*" >&2
    exit 1
  fi
  grep -qF -- "$message" "$WORK/expected-failure.log" || {
    echo "validate-delivery: expected the failure '$message' from: $*; got:" >&2
    cat "$WORK/expected-failure.log" >&2
    exit 1
  }
}

step "hadolint $(hadolint --version | grep -o '[0-9][0-9.]*' | head -n 1): deploy/docker/Dockerfile"
hadolint --failure-threshold style deploy/docker/Dockerfile
javac -Xlint:all -Werror -d "$WORK/healthcheck" deploy/docker/HealthCheck.java

shell_scripts=(test.sh run.sh .ci/run scripts/*.sh bench/*.sh)
delivery_scripts=(scripts/install-delivery-tools.sh scripts/validate-delivery.sh scripts/smoke.sh scripts/migrate.sh
  scripts/migrations-job.sh scripts/tofu-plan.sh scripts/changelog.sh scripts/worker-release.sh
  scripts/release-env.sh)
step "shellcheck $(shellcheck --version | sed -n 's/^version: //p'): ${#shell_scripts[@]} scripts (warnings and errors);" \
  "the delivery scripts at every level, style included"
shellcheck --external-sources --severity=warning "${shell_scripts[@]}"
shellcheck --external-sources --severity=style "${delivery_scripts[@]}"

step "actionlint (with shellcheck on every run: block): .github/workflows"
actionlint -shellcheck "$(command -v shellcheck)" -pyflakes= .github/workflows/*.yml

step "zizmor $(zizmor --version | grep -o '[0-9][0-9.]*'): .github (offline audits)"
zizmor --offline --no-progress --format plain .github

CHART=infra/helm/askflow
# the Kubernetes version the manifests are rendered for and checked against (the chart needs >= 1.30)
export KUBE_VERSION=1.33.0
render() { helm template askflow "$CHART" --kube-version "$KUBE_VERSION" "$@"; }
VALUES=$CHART/ci/staging-values.yaml
step "helm $(helm version --short): lint and template $CHART"
helm lint --strict --kube-version "$KUBE_VERSION" "$CHART" --values "$VALUES" >"$WORK/lint.log" || { cat "$WORK/lint.log" >&2; exit 1; }
mkdir -p "$WORK/rendered"
render --namespace askflow-staging --values "$VALUES" >"$WORK/rendered/staging.yaml"
render --namespace askflow-production --values "$VALUES" --set appEnv=production \
  --set gateway.ingress.enabled=false --set secretKeys.temporalApiKey= --set temporal.tls=false \
  --set "worker.versioning.draining[0].digest=sha256:$(printf '4%.0s' $(seq 1 64))" \
  >"$WORK/rendered/production.yaml"
# production as it is in the middle of a release: the new worker build beside the one still draining
if [ "$(grep -c 'name: ASKFLOW_WORKER_BUILD_ID' "$WORK/rendered/production.yaml")" != 2 ]; then
  echo "validate-delivery: a draining worker build does not get a Deployment of its own" >&2
  exit 1
fi
render --namespace askflow-staging --values "$VALUES" --set worker.versioning.enabled=false \
  >"$WORK/rendered/unversioned.yaml"
scripts/migrations-job.sh --render staging ghcr.io/askflow/askflow-migrations \
  "sha256:$(printf '3%.0s' $(seq 1 64))" >"$WORK/rendered/migrations.yaml"
if [ "$(grep '^kind: ' "$WORK/rendered/migrations.yaml" | sort | tr '\n' ' ')" != "kind: Job kind: NetworkPolicy " ]; then
  echo "validate-delivery: the migrations-only render is not the Job and its NetworkPolicy alone" >&2
  exit 1
fi
# the chart's guards refuse what must never be deployed
expect_failure "appEnv must be staging or production" render --values "$VALUES" --set appEnv=dev
expect_failure "image.worker.digest (or, for a try-out, image.worker.tag) is required" \
  render --values "$VALUES" --set image.worker.digest=
expect_failure "image.gateway.digest must look like sha256" render --values "$VALUES" --set image.gateway.digest=sha256:abc
expect_failure "temporal.address is required" render --values "$VALUES" --set temporal.address=
expect_failure "must exceed worker.shutdownGrace" render --values "$VALUES" --set worker.terminationGracePeriodSeconds=60
expect_failure "worker.shutdownGrace must be whole seconds" render --values "$VALUES" --set worker.shutdownGrace=2m
expect_failure "image.worker.digest must look like sha256" \
  render --values "$VALUES" --set "worker.versioning.draining[0].digest=sha256:abc"

step "kubernetes-validate: the rendered manifests against Kubernetes $KUBE_VERSION's schemas (strict)"
for rendered in staging production unversioned migrations; do
  kubernetes-validate --strict --kubernetes-version "$KUBE_VERSION" --quiet "$WORK/rendered/$rendered.yaml" \
    || { echo "validate-delivery: $rendered.yaml does not match the schemas" >&2; exit 1; }
done
delivery-python scripts/check-manifests.py "$WORK/rendered/staging.yaml"
delivery-python scripts/check-manifests.py "$WORK/rendered/production.yaml"
delivery-python scripts/check-manifests.py "$WORK/rendered/unversioned.yaml"

# this machine's environment may name a CLI configuration file that does not exist; fmt needs none
tofu() { env -u TF_CLI_CONFIG_FILE tofu "$@"; }
step "$(tofu version | head -n 1): fmt -check (init and validate need the providers, which only the OpenTofu registry serves)"
tofu fmt -check -recursive -diff infra

# offline: no download of the vendor's check mappings
export BC_SKIP_MAPPING=TRUE
step "checkov $(checkov --version): the OpenTofu code, the Dockerfile, the workflows, secrets in any of them"
checkov --config-file .checkov.yaml --quiet --compact --framework terraform dockerfile github_actions secrets \
  --skip-path infra/helm/askflow/templates --directory infra --directory deploy --directory .github
step "checkov: the rendered Helm chart (Kubernetes)"
checkov --config-file .checkov.yaml --quiet --compact --framework kubernetes --directory "$WORK/rendered"

step "the migration step on its own, on a fresh SQLite file, twice"
db=$WORK/migrate.db
# every database's migrations and SQLite's own (db/vendor/sqlite): all applied, the schema at the newest
migrations=$(find db/src/main/resources/db/migration db/src/main/resources/db/vendor/sqlite -name 'V*__*.sql')
count=$(echo "$migrations" | wc -l)
latest=$(echo "$migrations" | sed -E 's#.*/V([0-9_]+)__.*#\1#' | tr _ . | sort -V | tail -n 1)
first=$(scripts/migrate.sh "jdbc:sqlite:$db" 2>/dev/null)
again=$(scripts/migrate.sh "jdbc:sqlite:$db" 2>/dev/null)
[ "$first" = "migrations: $count applied, schema now at version $latest" ] \
  || { echo "validate-delivery: first migration: $first (expected $count applied, version $latest)" >&2; exit 1; }
[ "$again" = "migrations: 0 applied, schema now at version (unchanged)" ] \
  || { echo "validate-delivery: second migration: $again" >&2; exit 1; }

step "changelog"
scripts/changelog.sh --check

step "all passed in $((SECONDS - started)) s"
