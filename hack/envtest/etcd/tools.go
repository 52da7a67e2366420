//go:build tools

// Package tools pins etcd for the envtest assets built by hack/envtest/build.sh.
package tools

import _ "go.etcd.io/etcd/server/v3"
