//go:build tools

// Package tools pins kube-apiserver for the envtest assets built by
// hack/envtest/build.sh, and kube-controller-manager and kube-scheduler for
// the local cluster it builds with --cluster (same version and replaces).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
