#!/usr/bin/env bash
# CHANGELOG.md from the Conventional Commits in the history, with git-cliff (cliff.toml says how).
#
#   scripts/changelog.sh            regenerate CHANGELOG.md; commit it as `docs(changelog): update`
#   scripts/changelog.sh --check    exit 1 when CHANGELOG.md is not what the history gives (./test.sh runs this)
#
# Commits named docs(changelog) or chore(release), and merge commits, are not listed, so the commit that
# regenerates the file does not make it stale. After a merge into main that brought new commits, run this
# and commit the result. git-cliff comes from PyPI through scripts/install-delivery-tools.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PATH=$(scripts/install-delivery-tools.sh):$PATH

if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  echo "changelog: this clone is shallow, so the history is incomplete: fetch it whole (git fetch --unshallow," \
    "or fetch-depth: 0 in actions/checkout)" >&2
  exit 1
fi

case "${1:-}" in
  --check)
    expected=$(mktemp)
    trap 'rm -f "$expected"' EXIT
    git-cliff --config cliff.toml --output "$expected" 2>/dev/null
    if ! diff -u CHANGELOG.md "$expected" >"$expected.diff"; then
      echo "changelog: CHANGELOG.md is not current; run scripts/changelog.sh and commit it as" \
        "'docs(changelog): update'. The difference:" >&2
      head -n 40 "$expected.diff" >&2
      rm -f "$expected.diff"
      exit 1
    fi
    rm -f "$expected.diff"
    echo "changelog: CHANGELOG.md is current ($(git rev-list --count HEAD) commits read)"
    ;;
  "")
    git-cliff --config cliff.toml --output CHANGELOG.md 2>/dev/null
    echo "changelog: wrote CHANGELOG.md"
    ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
