#!/usr/bin/env bash
# Builds the envtest control plane (kube-apiserver, etcd) from Go module sources,
# because setup-envtest cannot download release binaries on every machine.
# Prints the assets directory. Reuses binaries that are already there.
# KUBEBUILDER_ASSETS, when set, is where the binaries are expected and built.
#
# With --cluster (or CLUSTER=1) it also builds what the local cluster of
# internal/testenv/cluster needs beside them: kube-controller-manager and
# kube-scheduler (same Kubernetes version and helper module as kube-apiserver),
# kwok (module hack/envtest/kwok) and kwok's default "fast" stages, copied to
# kwok-stages/ so nothing depends on the Go module cache at run time. These are
# rebuilt when their version changes (a .version stamp beside each binary).
# The plain envtest suites do not need them.
set -euo pipefail

K8S_VERSION=1.37.2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

cluster=${CLUSTER:-}
for arg in "$@"; do
  case "$arg" in
    --cluster) cluster=1 ;;
    *) echo "usage: $0 [--cluster]" >&2; exit 2 ;;
  esac
done
[[ "$cluster" == 0 ]] && cluster=

os=$(go env GOOS); arch=$(go env GOARCH)
dest=${KUBEBUILDER_ASSETS:-${XDG_DATA_HOME:-$HOME/.local/share}/kubebuilder-envtest/k8s/${K8S_VERSION}-${os}-${arch}}
mkdir -p "$dest"

pkg=k8s.io/component-base/version
k8s_ldflags="-s -w -X ${pkg}.gitVersion=v${K8S_VERSION} -X ${pkg}.gitMajor=${K8S_VERSION%%.*}"
minor=${K8S_VERSION#*.}; minor=${minor%%.*}
k8s_ldflags+=" -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean"

# build_k8s NAME: builds k8s.io/kubernetes/cmd/NAME from the kube-apiserver
# helper module (its go.mod pins k8s.io/kubernetes and the staging replaces).
build_k8s() {
  local name=$1 start=$SECONDS
  echo "building $name v${K8S_VERSION} into $dest (first time: several minutes)" >&2
  (cd "$here/kube-apiserver" && CGO_ENABLED=0 go build -trimpath -ldflags "$k8s_ldflags" \
    -o "$dest/$name.tmp" "k8s.io/kubernetes/cmd/$name")
  mv "$dest/$name.tmp" "$dest/$name"
  echo "built $name in $((SECONDS - start))s" >&2
}

# stale NAME VERSION: true when NAME is missing or was built for another version.
stale() {
  [[ ! -x "$dest/$1" ]] || [[ "$(cat "$dest/.$1.version" 2>/dev/null)" != "$2" ]]
}

if [[ ! -x "$dest/kube-apiserver" ]]; then
  build_k8s kube-apiserver
fi

if [[ ! -x "$dest/etcd" ]]; then
  echo "building etcd into $dest" >&2
  (cd "$here/etcd" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" \
    -o "$dest/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$dest/etcd.tmp" "$dest/etcd"
fi

if [[ -n "$cluster" ]]; then
  for name in kube-controller-manager kube-scheduler; do
    if stale "$name" "v${K8S_VERSION}"; then
      build_k8s "$name"
      echo "v${K8S_VERSION}" >"$dest/.$name.version"
    fi
  done

  kwok_version=$(awk '$1 == "require" && $2 == "sigs.k8s.io/kwok" { print $3 }' "$here/kwok/go.mod")
  [[ -n "$kwok_version" ]] || { echo "no sigs.k8s.io/kwok in $here/kwok/go.mod" >&2; exit 1; }
  if stale kwok "$kwok_version" || [[ ! -d "$dest/kwok-stages" ]]; then
    echo "building kwok ${kwok_version} into $dest" >&2
    start=$SECONDS
    (cd "$here/kwok" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" \
      -o "$dest/kwok.tmp" sigs.k8s.io/kwok/cmd/kwok)
    echo "built kwok in $((SECONDS - start))s" >&2
    # kwok refuses to start without stages: the node and pod "fast" ones turn
    # fake nodes Ready and give pods on them phase Running, Ready and an IP
    # from the node's podCIDR, complete Job pods and finish pod deletion.
    src=$(cd "$here/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
    rm -rf "$dest/kwok-stages.tmp"
    mkdir -p "$dest/kwok-stages.tmp"
    cp "$src"/kustomize/stage/node/fast/node-initialize.yaml \
      "$src"/kustomize/stage/pod/fast/pod-ready.yaml \
      "$src"/kustomize/stage/pod/fast/pod-complete.yaml \
      "$src"/kustomize/stage/pod/fast/pod-delete.yaml "$dest/kwok-stages.tmp/"
    chmod u+w "$dest"/kwok-stages.tmp/*
    rm -rf "$dest/kwok-stages"
    mv "$dest/kwok-stages.tmp" "$dest/kwok-stages"
    mv "$dest/kwok.tmp" "$dest/kwok"
    echo "$kwok_version" >"$dest/.kwok.version"
  fi
fi

echo "$dest"
