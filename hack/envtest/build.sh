#!/usr/bin/env bash
# Builds the envtest control plane (kube-apiserver, etcd) from Go module sources,
# because setup-envtest cannot download release binaries on every machine.
# Prints the assets directory. Reuses binaries that are already there.
# KUBEBUILDER_ASSETS, when set, is where the binaries are expected and built.
set -euo pipefail

K8S_VERSION=1.37.2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
os=$(go env GOOS); arch=$(go env GOARCH)
dest=${KUBEBUILDER_ASSETS:-${XDG_DATA_HOME:-$HOME/.local/share}/kubebuilder-envtest/k8s/${K8S_VERSION}-${os}-${arch}}
mkdir -p "$dest"

if [[ ! -x "$dest/kube-apiserver" ]]; then
  echo "building kube-apiserver v${K8S_VERSION} into $dest (first time: several minutes)" >&2
  pkg=k8s.io/component-base/version
  ldflags="-s -w -X ${pkg}.gitVersion=v${K8S_VERSION} -X ${pkg}.gitMajor=${K8S_VERSION%%.*}"
  minor=${K8S_VERSION#*.}; minor=${minor%%.*}
  ldflags+=" -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean"
  (cd "$here/kube-apiserver" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" \
    -o "$dest/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$dest/kube-apiserver.tmp" "$dest/kube-apiserver"
fi

if [[ ! -x "$dest/etcd" ]]; then
  echo "building etcd into $dest" >&2
  (cd "$here/etcd" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" \
    -o "$dest/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$dest/etcd.tmp" "$dest/etcd"
fi

echo "$dest"
