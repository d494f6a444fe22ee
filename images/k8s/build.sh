#!/usr/bin/env bash
# make k8s-images: the Kubernetes images of Talos's air-gapped set-up, built here and pushed into a local
# registry (Debian's docker-registry) that nodes use as their mirror.
#   1. Go: kubelet, kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy and kubectl for each
#      version in K8S_VERSIONS (wrapper modules in images/k8s/kubernetes/<version>/), CoreDNS from its own
#      module, flanneld (images/k8s/flannel/, at the FLANNEL_VERSION its go.mod pins), our flannel CNI
#      plugin (images/k8s/flannel-cni/);
#   2. C: Kubernetes' pause (build/pause/linux/pause.c of the k8s.io/kubernetes module), static;
#   3. Debian: the base layers pinned in images/k8s/packages.txt;
#   4. the OCI images, named and tagged as Talos names them, pushed by images/k8s/images.mjs into the
#      registry it starts on REGISTRY_ADDR with its config and storage under REGISTRY_DIR, and stops.
# Outputs: _out/k8s/bin/ (kubectl-<version> among them), _out/k8s/cni/bin/ (the node's CNI plugins),
# the registry's storage. Each part's wall time is printed. Run under the heavy-run lock: the Go builds
# keep both cores busy (the first build takes ~20 minutes here; Go's build cache makes rebuilds cheap).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${K8S_OUT:-$ROOT/_out/k8s}
K8S_VERSIONS=${K8S_VERSIONS:-v1.36.3}
COREDNS_VERSION=${COREDNS_VERSION:-v1.14.6}
# Talos v1.13.9 pins flannel 0.28.8, which the Go module proxy does not serve: the closest served one.
FLANNEL_VERSION=${FLANNEL_VERSION:-v0.28.10}
PAUSE_VERSION=${PAUSE_VERSION:-3.10.1}
REGISTRY_DIR=${REGISTRY_DIR:-$ROOT/_out/registry}
REGISTRY_ADDR=${REGISTRY_ADDR:-127.0.0.1:5000}
BUILD_DATE=${BUILD_DATE:-2026-01-01T00:00:00Z}
export GOWORK=off GOFLAGS=-buildvcs=false GOTOOLCHAIN=${GOTOOLCHAIN:-auto} CGO_ENABLED=0

BIN=$OUT/bin
DEBS=$OUT/debs
mkdir -p "$BIN" "$DEBS" "$OUT/cni/bin"
timed() {
  local start=$SECONDS
  "$@"
  echo "[k8s-images] $1 ${2:-}: $((SECONDS - start)) s" >&2
}

command -v docker-registry >/dev/null || { apt-get update -qq && apt-get install -y -q --no-install-recommends docker-registry; }
command -v gcc >/dev/null && [[ -f /usr/lib/x86_64-linux-gnu/libc.a ]] || { apt-get update -qq && apt-get install -y -q gcc libc6-dev; }

# ---- 1. Go builds. ------------------------------------------------------------------------------
kube_ldflags() {
  local v=$1 minor=${1#v1.} p flags="-s -w"
  minor=${minor%%.*}
  for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    flags+=" -X $p.gitVersion=$v -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
    flags+=" -X $p.buildDate=$BUILD_DATE"
  done
  echo "$flags"
}

build_kubernetes() {
  local v=$1 dir=$ROOT/images/k8s/kubernetes/$1 c
  [[ -f $dir/go.mod ]] || { echo "no wrapper module for Kubernetes $v in $dir" >&2; return 1; }
  mkdir -p "$BIN/$v"
  for c in kubelet kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubectl; do
    (cd "$dir" && timed go build -trimpath -ldflags "$(kube_ldflags "$v")" -o "$BIN/$v/$c" "k8s.io/kubernetes/cmd/$c")
  done
}

# go_install MODULE@VERSION LDFLAGS: a command built from its own module (its go.sum pins what it uses).
go_install() {
  GOBIN=$BIN go install -trimpath -ldflags "$2" "$1"
}

for v in $K8S_VERSIONS; do timed build_kubernetes "$v"; done
timed go_install "github.com/coredns/coredns@$COREDNS_VERSION" \
  "-s -w -X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION"
# flanneld from its wrapper module (a stand-in for a dependency the proxy lacks), with cgo (its udp
# backend), linked statically.
build_flannel() {
  (cd "$ROOT/images/k8s/flannel" && CGO_ENABLED=1 go build -trimpath -tags netgo,osusergo \
    -ldflags "-s -w -X github.com/flannel-io/flannel/pkg/version.Version=$FLANNEL_VERSION -extldflags -static" \
    -o "$BIN/flannel" github.com/flannel-io/flannel)
}
timed build_flannel
(cd "$ROOT/images/k8s/flannel-cni" && timed go build -trimpath -ldflags "-s -w" -o "$BIN/flannel-cni" .)

# ---- 2. pause, from the Kubernetes module. ---------------------------------------------------------
first_version=${K8S_VERSIONS%% *}
pause_src=$(cd "$ROOT/images/k8s/kubernetes/$first_version" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c
timed gcc -Os -Wall -Werror -static -DVERSION="v$PAUSE_VERSION" -o "$BIN/pause" "$pause_src"
strip "$BIN/pause"

# ---- 3. The base layers' Debian packages, one staging tree per layer. ------------------------------
# shellcheck source=../lib/debs.sh
source "$ROOT/images/lib/debs.sh"
stage_layers() {
  rm -rf "$OUT/stage" && mkdir -p "$OUT/stage"
  local pkg ver layer deb
  while read -r pkg ver layer; do
    [[ -z $pkg || $pkg == \#* ]] && continue
    deb=$(fetch_deb "$pkg" "$ver")
    mkdir -p "$OUT/stage/$layer" && dpkg -x "$deb" "$OUT/stage/$layer"
  done <"$ROOT/images/k8s/packages.txt"
  local layer_dir
  for layer_dir in "$OUT"/stage/*; do merge_usr "$layer_dir"; done
}
timed stage_layers

# The node's CNI plugins (/opt/cni/bin on a node): Debian's, and flannel's.
cp -f "$OUT"/stage/cni/usr/lib/cni/* "$OUT/cni/bin/"
cp -f "$BIN/flannel-cni" "$OUT/cni/bin/flannel"

# ---- 4. The images, into the registry. ------------------------------------------------------------
timed node "$ROOT/images/k8s/images.mjs" --out "$OUT" --registry-dir "$REGISTRY_DIR" --registry-addr "$REGISTRY_ADDR" \
  --kubernetes "$K8S_VERSIONS" --coredns "$COREDNS_VERSION" --flannel "$FLANNEL_VERSION" --pause "$PAUSE_VERSION"
echo "[k8s-images] total: $SECONDS s" >&2
