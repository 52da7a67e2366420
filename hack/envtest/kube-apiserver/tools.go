//go:build tools

// Package tools pins kube-apiserver for the envtest assets built by hack/envtest/build.sh.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
