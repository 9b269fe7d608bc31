#!/usr/bin/env bash
# Installs what the test suite needs beyond the JDK: the Temporal CLI, Debian's Chromium for the
# Temporal UI checks, and the delivery checks' linters (scripts/install-delivery-tools.sh). (PostgreSQL is
# installed by scripts/postgres-test.sh.) Quick and silent when already present.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium (Debian package) for the browser check..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "WARNING: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get);" \
      "the Temporal UI check will fail. Install the 'chromium' package." >&2
  fi
fi

"$(dirname "$0")/temporal-cli.sh" >/dev/null
"$(dirname "$0")/install-delivery-tools.sh" >/dev/null
