#!/usr/bin/env bash
# Builds the real external tools the integration and e2e tests use, from the Go module proxy
# (zizmor from PyPI), at the versions pinned in scripts/tool-versions.env, and caches them as
#   ${GHCR_KIT_TOOLS:-$HOME/.cache/ghcr-kit/tools}/<tool>/<version>/bin/<tool>
# A tool already cached at its pinned version is not rebuilt.
#
# Usage:
#   scripts/install-tools.sh [tool...]         install the named tools (default: all); prints
#                                              one status line per tool on stderr and the bin
#                                              dirs on stdout, one a line, for PATH
#   scripts/install-tools.sh --print-path <tool>
#                                              print the cached binary's path (exit 1 if absent);
#                                              <tool> may also be buildctl or docker-config
#   scripts/install-tools.sh --list            print the tools and their pinned versions
#
# Tools: crane actionlint syft cosign buildx buildkitd (with buildctl) trivy zizmor act gh.
# buildx is also installed as a docker CLI plugin in a private DOCKER_CONFIG
# (<cache>/docker-config/cli-plugins/docker-buildx); ~/.docker is never touched.
# Go builds run under `nice -n 19`: they are long and share the machine with test runs.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tool-versions.env
source "$script_dir/tool-versions.env"

cache=${GHCR_KIT_TOOLS:-$HOME/.cache/ghcr-kit/tools}
all_tools=(crane actionlint syft cosign buildx buildkitd trivy zizmor act gh)

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
}

version_of() {
  case $1 in
    crane) echo "$CRANE_VERSION" ;;
    actionlint) echo "$ACTIONLINT_VERSION" ;;
    syft) echo "$SYFT_VERSION" ;;
    cosign) echo "$COSIGN_VERSION" ;;
    buildx) echo "$BUILDX_VERSION" ;;
    buildkitd | buildctl) echo "$BUILDKIT_VERSION" ;;
    trivy) echo "$TRIVY_VERSION" ;;
    zizmor) echo "$ZIZMOR_VERSION" ;;
    act) echo "$ACT_VERSION" ;;
    gh) echo "$GH_VERSION" ;;
    *) return 1 ;;
  esac
}

# buildctl is built and cached together with buildkitd.
owner_of() { if [ "$1" = buildctl ]; then echo buildkitd; else echo "$1"; fi; }
tool_dir() { echo "$cache/$(owner_of "$1")/$(version_of "$1")"; }
bin_path() { echo "$(tool_dir "$1")/bin/$1"; }
docker_config_dir() { echo "$cache/docker-config"; }

# --- Go helpers -------------------------------------------------------------------------------

# A clean Go environment: callers' GOFLAGS or a go.work around the cache must not leak in, and
# the toolchain is the one ensure_go chose.
go_vars=(GOWORK=off GO111MODULE=on GOFLAGS=-trimpath CGO_ENABLED=0 GOTOOLCHAIN=local)

version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; }

# Puts a go >= GO_VERSION first on PATH. Debian's golang-go (1.19) is too old to build the tools
# and to switch toolchains by itself (GOTOOLCHAIN came in 1.21), but it can download modules, and
# Go toolchains are modules on the proxy (golang.org/toolchain, what GOTOOLCHAIN=auto fetches):
# https://go.dev/doc/toolchain#download
ensure_go() {
  local have dir="$cache/go/go$GO_VERSION"
  have=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null || true)
  if [ -n "$have" ] && version_ge "${have#go}" "$GO_VERSION"; then return 0; fi
  if [ ! -x "$dir/bin/go" ]; then
    if [ -z "$have" ]; then
      echo "go is not installed: install golang-go (apt) or Go >= $GO_VERSION;" \
        "it fetches go$GO_VERSION from the Go module proxy" >&2
      return 1
    fi
    local module json src
    module="golang.org/toolchain@v0.0.1-go$GO_VERSION.$(go env GOHOSTOS)-$(go env GOHOSTARCH)"
    echo "go: $have is older than $GO_VERSION; fetching $module" >&2
    json=$(cd / && env GOFLAGS=-mod=mod GOTOOLCHAIN=local GO111MODULE=on go mod download -json "$module")
    src=$(sed -n 's/^\t"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
    [ -n "$src" ] || { echo "$json" >&2; return 1; }
    rm -rf "$dir.tmp"
    mkdir -p "$(dirname "$dir")"
    cp -R "$src" "$dir.tmp"
    # The module cache keeps no execute bits; the go command restores them the same way.
    chmod -R u+w "$dir.tmp"
    chmod +x "$dir.tmp"/bin/* "$dir.tmp"/pkg/tool/*/*
    mv "$dir.tmp" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
}

# Downloads module@version (source only) and sets module_dir.
module_source() {
  local json
  json=$(env "${go_vars[@]}" go mod download -json "$1@$2")
  module_dir=$(sed -n 's/^\t"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  if [ -z "$module_dir" ]; then
    echo "$json" >&2
    return 1
  fi
}

# go_install <stage> <package@version> <ldflags> [VAR=value...]
go_install() {
  local stage=$1 pkg=$2 ldflags=$3
  shift 3
  nice -n 19 env "${go_vars[@]}" GOBIN="$stage/bin" "$@" go install -ldflags "$ldflags" "$pkg"
}

# --- one builder per tool: each fills <stage>/bin ---------------------------------------------
# The -X variables and version formats follow each project's release build (goreleaser's
# {{.Version}} has no leading "v"), so the binaries print what the released ones print.

build_crane() {
  local v=${CRANE_VERSION#v} p=github.com/google/go-containerregistry
  go_install "$1" "$p/cmd/crane@$CRANE_VERSION" \
    "-s -w -X $p/cmd/crane/cmd.Version=$v -X $p/pkg/v1/remote/transport.Version=$v"
}

build_actionlint() {
  go_install "$1" "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" \
    "-s -w -X github.com/rhysd/actionlint.version=${ACTIONLINT_VERSION#v}"
}

build_syft() {
  go_install "$1" "github.com/anchore/syft/cmd/syft@$SYFT_VERSION" \
    "-s -w -X main.version=${SYFT_VERSION#v} -X main.gitDescription=$SYFT_VERSION"
}

build_cosign() {
  local p=sigs.k8s.io/release-utils/version
  go_install "$1" "github.com/sigstore/cosign/v2/cmd/cosign@$COSIGN_VERSION" \
    "-s -w -X $p.gitVersion=$COSIGN_VERSION -X $p.gitTreeState=clean"
}

build_buildx() {
  local p=github.com/docker/buildx
  go_install "$1" "$p/cmd/buildx@$BUILDX_VERSION" \
    "-s -w -X $p/version.Version=$BUILDX_VERSION -X $p/version.Package=$p"
}

# `go install` refuses buildkit (its go.mod has exclude directives), so build inside a writable
# copy of the module, as its Dockerfile does (same tags, static, no cgo).
build_buildkitd() {
  module_source github.com/moby/buildkit "$BUILDKIT_VERSION"
  local stage=$1 p=github.com/moby/buildkit
  local ldflags="-s -w -X $p/version.Version=$BUILDKIT_VERSION -X $p/version.Package=$p"
  cp -R "$module_dir" "$stage/src"
  chmod -R u+w "$stage/src"
  (
    cd "$stage/src"
    nice -n 19 env "${go_vars[@]}" go build -ldflags "$ldflags" -o "$stage/bin/buildctl" ./cmd/buildctl
    nice -n 19 env "${go_vars[@]}" go build -ldflags "$ldflags" -tags 'osusergo netgo static_build seccomp' \
      -o "$stage/bin/buildkitd" ./cmd/buildkitd
  )
  rm -rf "$stage/src"
}

build_trivy() {
  go_install "$1" "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION" \
    "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=${TRIVY_VERSION#v}" \
    GOEXPERIMENT=jsonv2
}

# act embeds its VERSION file into main.version; its Makefile overrides that with -X, and so do
# we, so the binary reports the pinned version even if the module's file were stale.
build_act() {
  go_install "$1" "github.com/nektos/act@$ACT_VERSION" "-s -w -X main.version=${ACT_VERSION#v}"
}

# gh's release build sets its version and date the same way (its script/build.go). `go install
# gh@version` asks the proxy for the module's version list (to look for a deprecation), which
# the proxy here refuses, so gh is built inside a copy of its module, as buildkit is.
build_gh() {
  module_source github.com/cli/cli/v2 "$GH_VERSION"
  local stage=$1 p=github.com/cli/cli/v2/internal/build
  cp -R "$module_dir" "$stage/src"
  chmod -R u+w "$stage/src"
  (
    cd "$stage/src"
    nice -n 19 env "${go_vars[@]}" go build -ldflags "-s -w -X $p.Version=${GH_VERSION#v} -X $p.Date=$GH_DATE" \
      -o "$stage/bin/gh" ./cmd/gh
  )
  rm -rf "$stage/src"
}

# The tool dir is itself the venv (bin/zizmor is pip's): a venv is not relocatable, so it is
# made in place, and removed again if the install or the version check fails.
build_zizmor() {
  local final=$2
  rm -rf "$final"
  mkdir -p "$(dirname "$final")"
  python3 -m venv "$final"
  "$final/bin/pip" install --quiet --disable-pip-version-check --no-input "zizmor==$ZIZMOR_VERSION"
  ln -s "$final/bin/zizmor" "$1/bin/zizmor"
}

# The command that prints a tool's version, and the text it must contain.
version_check() {
  local tool=$1 bin=$2
  case $tool in
    crane) "$bin" version ;;
    actionlint) "$bin" -version ;;
    syft | cosign | buildx) "$bin" version ;;
    buildkitd | buildctl | trivy | zizmor | act | gh) "$bin" --version ;;
  esac
}
expected_version() {
  case $1 in
    cosign | buildx | buildkitd | buildctl) version_of "$1" ;;
    *) local v; v=$(version_of "$1"); echo "${v#v}" ;;
  esac
}

# --- install one tool -------------------------------------------------------------------------

failed=()
bin_dirs=()

status() { printf '%-10s %-8s %-6s %5ss  %s\n' "$@" >&2; }

install_tool() {
  local tool=$1 version dir start
  version=$(version_of "$tool")
  dir=$(tool_dir "$tool")
  start=$(date +%s)
  mkdir -p "$cache/.locks" "$cache/.logs" "$cache/.staging"

  # Two test runs may install at once; the second waits and then finds the tool cached.
  exec {lock}>"$cache/.locks/$tool.lock"
  flock "$lock"
  if [ -x "$dir/bin/$tool" ]; then
    exec {lock}>&-
    status "$tool" "$version" cached "$(($(date +%s) - start))" "$dir/bin"
    bin_dirs+=("$dir/bin")
    return 0
  fi

  local log="$cache/.logs/$tool-$version.log" stage
  stage=$(mktemp -d "$cache/.staging/$tool-$version.XXXXXX")
  chmod 755 "$stage"
  mkdir -p "$stage/bin"
  # Not `if ! (build)`: errexit is off inside a condition, so a failing step would go unseen.
  local ok=1 rc
  set +e
  (
    set -e
    "build_$tool" "$stage" "$dir"
  ) >"$log" 2>&1
  rc=$?
  set -e
  if ((rc)); then
    ok=0
  else
    local b
    for b in "$stage"/bin/*; do
      local name out
      name=$(basename "$b")
      if ! out=$(version_check "$name" "$b" 2>&1) || ! grep -qF -- "$(expected_version "$name")" <<<"$out"; then
        printf '%s does not report version %s:\n%s\n' "$name" "$(expected_version "$name")" "$out" >>"$log"
        ok=0
      fi
    done
  fi

  if [ "$tool" = zizmor ]; then
    ((ok)) || rm -rf "$dir"
  elif ((ok)); then
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    mv "$stage" "$dir"
  fi
  rm -rf "$stage"
  exec {lock}>&-

  local secs=$(($(date +%s) - start))
  if ((ok)); then
    status "$tool" "$version" built "$secs" "$dir/bin"
    bin_dirs+=("$dir/bin")
  else
    status "$tool" "$version" FAILED "$secs" "log: $log"
    tail -n 25 "$log" | sed 's/^/    /' >&2
    failed+=("$tool")
  fi
}

# buildx as a docker CLI plugin, in a DOCKER_CONFIG of our own.
install_buildx_plugin() {
  local plugins
  plugins="$(docker_config_dir)/cli-plugins"
  mkdir -p "$plugins"
  ln -sfn "$(bin_path buildx)" "$plugins/docker-buildx"
  echo "docker-buildx plugin: DOCKER_CONFIG=$(docker_config_dir)" >&2
}

# --- main -------------------------------------------------------------------------------------

case ${1:-} in
  -h | --help)
    usage
    exit 0
    ;;
  --list)
    for t in "${all_tools[@]}"; do printf '%s %s\n' "$t" "$(version_of "$t")"; done
    exit 0
    ;;
  --print-path)
    [ $# -eq 2 ] || { usage; exit 2; }
    if [ "$2" = docker-config ]; then
      path="$(docker_config_dir)"
      [ -e "$path/cli-plugins/docker-buildx" ] || path=''
    elif version_of "$2" >/dev/null; then
      path=$(bin_path "$2")
      [ -x "$path" ] || path=''
    else
      echo "unknown tool: $2 (known: ${all_tools[*]} buildctl docker-config)" >&2
      exit 2
    fi
    if [ -z "$path" ]; then
      owner=$(owner_of "${2/docker-config/buildx}")
      echo "$2 is not installed at its pinned version: run scripts/install-tools.sh $owner" >&2
      exit 1
    fi
    echo "$path"
    exit 0
    ;;
  -*)
    usage
    exit 2
    ;;
esac

tools=("$@")
((${#tools[@]})) || tools=("${all_tools[@]}")
for t in "${tools[@]}"; do
  version_of "$t" >/dev/null || { echo "unknown tool: $t (known: ${all_tools[*]})" >&2; exit 2; }
done
if [[ " ${tools[*]} " != " zizmor " ]]; then
  mkdir -p "$cache"
  ensure_go
fi

for t in "${tools[@]}"; do
  install_tool "$(owner_of "$t")"
done

for t in "${tools[@]}"; do
  if [ "$t" = buildx ] && [ -x "$(bin_path buildx)" ]; then install_buildx_plugin; fi
  if [ "$t" = buildkitd ] && ! command -v runc >/dev/null; then
    echo "runc: not found on PATH; buildkitd needs it to run builds (apt-get install runc, as .ci/run does)" >&2
  fi
done

printf '%s\n' "${bin_dirs[@]}" | awk '!seen[$0]++'

if ((${#failed[@]})); then
  echo "failed to build: ${failed[*]}" >&2
  exit 1
fi
